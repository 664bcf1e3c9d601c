DROP INDEX `review_items_run`;--> statement-breakpoint
ALTER TABLE `review_items` ADD `round` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `review_items_run_round` ON `review_items` (`run_id`,`round`);