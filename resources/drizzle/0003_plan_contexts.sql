CREATE TABLE `plan_contexts` (
	`plan_id` text PRIMARY KEY NOT NULL,
	`workspace_path` text NOT NULL,
	`context` text NOT NULL,
	`explored_at` text NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
