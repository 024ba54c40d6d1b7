CREATE TABLE `active_runs` (
	`plan_id` text PRIMARY KEY NOT NULL,
	`step_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`pid` integer NOT NULL,
	`hostname` text NOT NULL,
	`started_at` text NOT NULL,
	`cancel_requested` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `snapshots` ADD `kind` text DEFAULT 'step' NOT NULL;--> statement-breakpoint
ALTER TABLE `snapshots` ADD `manifest` text;--> statement-breakpoint
ALTER TABLE `step_attempts` ADD `from_snapshot_id` text;--> statement-breakpoint
ALTER TABLE `step_attempts` ADD `acceptance` text;--> statement-breakpoint
ALTER TABLE `step_attempts` ADD `duration_ms` integer;