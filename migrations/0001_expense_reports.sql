CREATE TABLE `approved_items` (
	`tenant_id` text NOT NULL,
	`report_id` text NOT NULL,
	`item_index` integer NOT NULL,
	`employee_id` text NOT NULL,
	`run_id` text NOT NULL,
	`date` text NOT NULL,
	`merchant` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`usd_cents` integer NOT NULL,
	`approved_cents` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `report_id`, `item_index`)
);
--> statement-breakpoint
CREATE INDEX `approved_items_employee_date` ON `approved_items` (`tenant_id`,`employee_id`,`date`);--> statement-breakpoint
CREATE TABLE `employees` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`level` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `expense_decisions` (
	`tenant_id` text NOT NULL,
	`report_id` text NOT NULL,
	`employee_id` text NOT NULL,
	`run_id` text NOT NULL,
	`decision` text NOT NULL,
	`approved_amount_cents` integer NOT NULL,
	`outcome` text NOT NULL,
	`decided_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `report_id`)
);
--> statement-breakpoint
CREATE TABLE `payments` (
	`tenant_id` text NOT NULL,
	`report_id` text NOT NULL,
	`employee_id` text NOT NULL,
	`run_id` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `report_id`)
);
