CREATE TABLE `refund_customers` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`tier` text NOT NULL,
	`status` text NOT NULL,
	`prior_refunds` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `refund_orders` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`customer_id` text NOT NULL,
	`status` text NOT NULL,
	`promised_by` text NOT NULL,
	`delivered_at` text,
	`shipping_cents` integer NOT NULL,
	`shipping_refunded` integer DEFAULT false NOT NULL,
	`lines` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `refund_orders_customer` ON `refund_orders` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `refund_replies` (
	`tenant_id` text NOT NULL,
	`request_id` text NOT NULL,
	`seq` integer NOT NULL,
	`text` text NOT NULL,
	`run_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refund_replies_request_seq` ON `refund_replies` (`tenant_id`,`request_id`,`seq`);--> statement-breakpoint
CREATE TABLE `refund_return_labels` (
	`tenant_id` text NOT NULL,
	`request_id` text NOT NULL,
	`order_id` text NOT NULL,
	`lines` text NOT NULL,
	`run_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `request_id`)
);
--> statement-breakpoint
CREATE TABLE `refunds_issued` (
	`tenant_id` text NOT NULL,
	`request_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`order_id` text NOT NULL,
	`reason` text NOT NULL,
	`lines` text NOT NULL,
	`shipping_cents` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`refunded_on` text NOT NULL,
	`run_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `request_id`)
);
--> statement-breakpoint
CREATE INDEX `refunds_issued_order` ON `refunds_issued` (`tenant_id`,`order_id`);--> statement-breakpoint
CREATE INDEX `refunds_issued_customer` ON `refunds_issued` (`tenant_id`,`customer_id`);