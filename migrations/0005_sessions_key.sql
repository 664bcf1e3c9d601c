ALTER TABLE `sessions` ADD `key_id` text;--> statement-breakpoint
-- Sessions opened before this migration do not name their key, so revoking the key could not end them: everyone signs in once more.
DELETE FROM `sessions`;
