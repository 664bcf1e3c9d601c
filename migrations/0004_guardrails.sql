CREATE TABLE `breaker_transitions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`agent` text NOT NULL,
	`from_state` text NOT NULL,
	`to_state` text NOT NULL,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`evidence` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `breaker_transitions_agent` ON `breaker_transitions` (`tenant_id`,`agent`,`at`);--> statement-breakpoint
CREATE TABLE `guard_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`agent` text NOT NULL,
	`code` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `guard_events_agent` ON `guard_events` (`tenant_id`,`agent`,`code`,`at`);--> statement-breakpoint
CREATE TABLE `stage_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`agent` text NOT NULL,
	`from_stage` text NOT NULL,
	`to_stage` text NOT NULL,
	`actor` text NOT NULL,
	`reason` text NOT NULL,
	`evidence` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stage_changes_agent` ON `stage_changes` (`tenant_id`,`agent`,`at`);--> statement-breakpoint
ALTER TABLE `agent_deployments` ADD `model_tiers` text;--> statement-breakpoint
ALTER TABLE `agent_deployments` ADD `audit_sample_bp` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `stage` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `review_gate` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `evaluation` text;