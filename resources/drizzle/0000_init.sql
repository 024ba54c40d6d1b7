CREATE TABLE `approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`plan_version` integer NOT NULL,
	`scope` text NOT NULL,
	`step_ids` text DEFAULT '[]' NOT NULL,
	`status` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_surface` text NOT NULL,
	`requested_at` text NOT NULL,
	`request_note` text,
	`responded_by` text,
	`responded_surface` text,
	`responded_at` text,
	`comment` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `approvals_plan` ON `approvals` (`plan_id`,`plan_version`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`ts` text NOT NULL,
	`actor` text NOT NULL,
	`actor_name` text,
	`surface` text NOT NULL,
	`plan_id` text,
	`step_id` text,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_plan_seq` ON `audit_events` (`plan_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_type_seq` ON `audit_events` (`type`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_actor_seq` ON `audit_events` (`actor`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_step_seq` ON `audit_events` (`step_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_ts` ON `audit_events` (`ts`);--> statement-breakpoint
CREATE TABLE `plan_versions` (
	`plan_id` text NOT NULL,
	`version` integer NOT NULL,
	`document` text NOT NULL,
	`content_hash` text NOT NULL,
	`risk_level` text NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`actor` text NOT NULL,
	`surface` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`plan_id`, `version`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`workspace_path` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`risk_level` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`head_snapshot_id` text,
	`base_snapshot_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plans_name_unique` ON `plans` (`name`);--> statement-breakpoint
CREATE INDEX `plans_status` ON `plans` (`status`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`step_id` text,
	`attempt` integer,
	`image_id` text NOT NULL,
	`parent_id` text,
	`depth` integer NOT NULL,
	`size_bytes` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `snapshots_plan` ON `snapshots` (`plan_id`);--> statement-breakpoint
CREATE TABLE `step_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` text NOT NULL,
	`step_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`plan_version` integer NOT NULL,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`exit_code` integer,
	`reason` text,
	`snapshot_id` text,
	`output` text DEFAULT '' NOT NULL,
	`output_dropped_bytes` integer DEFAULT 0 NOT NULL,
	`changes` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `step_attempts_plan_step` ON `step_attempts` (`plan_id`,`step_id`,`attempt`);--> statement-breakpoint
CREATE TABLE `step_states` (
	`plan_id` text NOT NULL,
	`step_id` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`started_at` text,
	`finished_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`plan_id`, `step_id`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
