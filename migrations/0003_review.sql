CREATE TABLE `escalation_dead_letters` (
	`message_id` text PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `review_items` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`run_id` text NOT NULL,
	`agent` text NOT NULL,
	`reasons` text NOT NULL,
	`priority` integer NOT NULL,
	`proposal` text,
	`subject` text,
	`status` text NOT NULL,
	`decision` text,
	`comment` text,
	`decided_by` text,
	`decided_at` integer,
	`agreement` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `review_items_tenant_status` ON `review_items` (`tenant_id`,`status`,`priority`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `review_items_run` ON `review_items` (`run_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`role` text NOT NULL,
	`principal` text NOT NULL,
	`csrf_token` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
