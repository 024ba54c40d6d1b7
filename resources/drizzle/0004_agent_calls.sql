CREATE TABLE `agent_calls` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`step_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`round` integer NOT NULL,
	`tool` text NOT NULL,
	`input` text NOT NULL,
	`status` text NOT NULL,
	`comment` text,
	`edited_input` text,
	`requested_at` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agent_calls_plan_status` ON `agent_calls` (`plan_id`,`status`);--> statement-breakpoint
CREATE INDEX `agent_calls_status` ON `agent_calls` (`status`);