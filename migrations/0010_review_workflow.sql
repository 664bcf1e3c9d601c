CREATE TABLE `review_audit` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`review_id` text NOT NULL,
	`action` text NOT NULL,
	`principal` text NOT NULL,
	`at` integer NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `review_audit_review` ON `review_audit` (`tenant_id`,`review_id`,`at`);--> statement-breakpoint
CREATE INDEX `review_audit_principal` ON `review_audit` (`tenant_id`,`principal`,`at`);--> statement-breakpoint
ALTER TABLE `review_items` ADD `amount_cents` integer;--> statement-breakpoint
ALTER TABLE `review_items` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `review_items` ADD `claimed_at` integer;--> statement-breakpoint
ALTER TABLE `review_items` ADD `claim_expires_at` integer;--> statement-breakpoint
CREATE INDEX `review_items_tenant_decided` ON `review_items` (`tenant_id`,`status`,`decided_at`);