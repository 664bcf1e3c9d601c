CREATE TABLE `eval_results` (
	`eval_run_id` text NOT NULL,
	`case_id` text NOT NULL,
	`run_id` text,
	`tags` text NOT NULL,
	`expected` text NOT NULL,
	`actual` text,
	`decision_correct` integer NOT NULL,
	`exact_correct` integer NOT NULL,
	`cost_micro_usd` integer NOT NULL,
	`latency_ms` integer NOT NULL,
	`model_calls` integer NOT NULL,
	`escalated_calls` integer NOT NULL,
	`error` text,
	PRIMARY KEY(`eval_run_id`, `case_id`)
);
--> statement-breakpoint
CREATE TABLE `eval_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`agent` text NOT NULL,
	`agent_version` text NOT NULL,
	`mode` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`cases` integer DEFAULT 0 NOT NULL,
	`exact_accuracy_bp` integer,
	`decision_accuracy_bp` integer,
	`cost_micro_usd` integer DEFAULT 0 NOT NULL,
	`summary` text,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `eval_runs_agent_created` ON `eval_runs` (`agent`,`created_at`);