CREATE TABLE `oauth_accounts` (
	`id` varchar(32) NOT NULL,
	`provider` varchar(32) NOT NULL,
	`provider_user_id` varchar(255) NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `oauth_accounts_id` PRIMARY KEY(`id`),
	CONSTRAINT `oauth_accounts_provider_uq` UNIQUE(`provider`,`provider_user_id`)
);
--> statement-breakpoint
CREATE TABLE `password_resets` (
	`id` varchar(64) NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `password_resets_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` varchar(64) NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`user_agent` varchar(255),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `sessions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(32) NOT NULL,
	`email` varchar(320) NOT NULL,
	`nickname` varchar(100) NOT NULL,
	`password_hash` varchar(255),
	`avatar` text,
	`language` varchar(8) NOT NULL DEFAULT 'en',
	`timezone` varchar(64) NOT NULL DEFAULT 'UTC',
	`is_superuser` boolean NOT NULL DEFAULT false,
	`is_active` boolean NOT NULL DEFAULT true,
	`last_login_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_uq` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE TABLE `agent_sessions` (
	`id` varchar(32) NOT NULL,
	`agent_id` varchar(32) NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`messages` json NOT NULL,
	`state` json NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `agent_sessions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `agent_versions` (
	`id` varchar(32) NOT NULL,
	`agent_id` varchar(32) NOT NULL,
	`title` varchar(255) NOT NULL,
	`dsl` json NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `agent_versions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `agents` (
	`id` varchar(32) NOT NULL,
	`tenant_id` varchar(32) NOT NULL,
	`title` varchar(255) NOT NULL,
	`description` text,
	`avatar` text,
	`permission` varchar(8) NOT NULL DEFAULT 'me',
	`dsl` json NOT NULL,
	`created_by` varchar(32) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `agents_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `chats` (
	`id` varchar(32) NOT NULL,
	`tenant_id` varchar(32) NOT NULL,
	`name` varchar(128) NOT NULL,
	`description` text,
	`icon` text,
	`kb_ids` json NOT NULL,
	`chat_model` varchar(160),
	`llm_settings` json NOT NULL,
	`prompt` json NOT NULL,
	`top_n` int NOT NULL DEFAULT 6,
	`top_k` int NOT NULL DEFAULT 1024,
	`similarity_threshold` double NOT NULL DEFAULT 0.2,
	`vector_similarity_weight` double NOT NULL DEFAULT 0.3,
	`rerank_model` varchar(160),
	`created_by` varchar(32) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `chats_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` varchar(32) NOT NULL,
	`chat_id` varchar(32) NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`name` varchar(255) NOT NULL,
	`messages` json NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `conversations_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` varchar(32) NOT NULL,
	`kb_id` varchar(32) NOT NULL,
	`name` varchar(255) NOT NULL,
	`suffix` varchar(16) NOT NULL,
	`type` varchar(16) NOT NULL,
	`size` bigint NOT NULL,
	`storage_key` varchar(255) NOT NULL,
	`content_hash` varchar(64) NOT NULL,
	`chunk_method` varchar(16) NOT NULL,
	`parser_config` json NOT NULL,
	`run` varchar(8) NOT NULL DEFAULT 'UNSTART',
	`progress` double NOT NULL DEFAULT 0,
	`progress_msg` text,
	`process_begin_at` datetime(3),
	`process_duration_ms` int NOT NULL DEFAULT 0,
	`chunk_count` int NOT NULL DEFAULT 0,
	`token_count` int NOT NULL DEFAULT 0,
	`enabled` boolean NOT NULL DEFAULT true,
	`metadata` json NOT NULL,
	`created_by` varchar(32) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `documents_id` PRIMARY KEY(`id`),
	CONSTRAINT `documents_name_uq` UNIQUE(`kb_id`,`name`)
);
--> statement-breakpoint
CREATE TABLE `file_links` (
	`id` varchar(32) NOT NULL,
	`file_id` varchar(32) NOT NULL,
	`document_id` varchar(32) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `file_links_id` PRIMARY KEY(`id`),
	CONSTRAINT `file_links_uq` UNIQUE(`file_id`,`document_id`)
);
--> statement-breakpoint
CREATE TABLE `files` (
	`id` varchar(32) NOT NULL,
	`tenant_id` varchar(32) NOT NULL,
	`parent_id` varchar(32),
	`name` varchar(255) NOT NULL,
	`type` varchar(8) NOT NULL,
	`size` bigint NOT NULL DEFAULT 0,
	`storage_key` varchar(255),
	`created_by` varchar(32) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `files_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `knowledge_bases` (
	`id` varchar(32) NOT NULL,
	`tenant_id` varchar(32) NOT NULL,
	`name` varchar(128) NOT NULL,
	`description` text,
	`avatar` text,
	`language` varchar(16) NOT NULL DEFAULT 'en',
	`embedding_model` varchar(160) NOT NULL,
	`permission` varchar(8) NOT NULL DEFAULT 'me',
	`chunk_method` varchar(16) NOT NULL DEFAULT 'naive',
	`parser_config` json NOT NULL,
	`similarity_threshold` double NOT NULL DEFAULT 0.2,
	`vector_similarity_weight` double NOT NULL DEFAULT 0.3,
	`doc_count` int NOT NULL DEFAULT 0,
	`chunk_count` int NOT NULL DEFAULT 0,
	`token_count` bigint NOT NULL DEFAULT 0,
	`created_by` varchar(32) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `knowledge_bases_id` PRIMARY KEY(`id`),
	CONSTRAINT `knowledge_bases_name_uq` UNIQUE(`tenant_id`,`name`)
);
--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` varchar(32) NOT NULL,
	`doc_id` varchar(32) NOT NULL,
	`from_page` int NOT NULL DEFAULT 0,
	`to_page` int NOT NULL DEFAULT 0,
	`progress` double NOT NULL DEFAULT 0,
	`progress_msg` text,
	`attempts` int NOT NULL DEFAULT 0,
	`digest` varchar(64),
	`chunk_ids` json,
	`begin_at` datetime(3),
	`duration_ms` int NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `tasks_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `model_providers` (
	`id` varchar(32) NOT NULL,
	`tenant_id` varchar(32) NOT NULL,
	`provider` varchar(32) NOT NULL,
	`name` varchar(100) NOT NULL,
	`api_key_encrypted` text,
	`base_url` varchar(512),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `model_providers_id` PRIMARY KEY(`id`),
	CONSTRAINT `model_providers_name_uq` UNIQUE(`tenant_id`,`name`)
);
--> statement-breakpoint
CREATE TABLE `models` (
	`id` varchar(32) NOT NULL,
	`provider_id` varchar(32) NOT NULL,
	`name` varchar(128) NOT NULL,
	`type` varchar(16) NOT NULL,
	`max_tokens` int NOT NULL DEFAULT 8192,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `models_id` PRIMARY KEY(`id`),
	CONSTRAINT `models_uq` UNIQUE(`provider_id`,`name`,`type`)
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` varchar(32) NOT NULL,
	`tenant_id` varchar(32) NOT NULL,
	`created_by` varchar(32) NOT NULL,
	`name` varchar(100) NOT NULL,
	`prefix` varchar(16) NOT NULL,
	`hash` varchar(64) NOT NULL,
	`last_used_at` datetime(3),
	`expires_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `api_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_keys_hash_uq` UNIQUE(`hash`)
);
--> statement-breakpoint
CREATE TABLE `tenant_members` (
	`id` varchar(32) NOT NULL,
	`tenant_id` varchar(32) NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`role` varchar(16) NOT NULL,
	`invited_by` varchar(32),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `tenant_members_id` PRIMARY KEY(`id`),
	CONSTRAINT `tenant_members_uq` UNIQUE(`tenant_id`,`user_id`)
);
--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` varchar(32) NOT NULL,
	`name` varchar(100) NOT NULL,
	`chat_model` varchar(160),
	`embedding_model` varchar(160),
	`rerank_model` varchar(160),
	`image2text_model` varchar(160),
	`asr_model` varchar(160),
	`tts_model` varchar(160),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `tenants_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `oauth_accounts` ADD CONSTRAINT `oauth_accounts_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `password_resets` ADD CONSTRAINT `password_resets_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `sessions` ADD CONSTRAINT `sessions_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `agent_sessions` ADD CONSTRAINT `agent_sessions_agent_id_agents_id_fk` FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `agent_sessions` ADD CONSTRAINT `agent_sessions_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `agent_versions` ADD CONSTRAINT `agent_versions_agent_id_agents_id_fk` FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `agents` ADD CONSTRAINT `agents_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `agents` ADD CONSTRAINT `agents_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `chats` ADD CONSTRAINT `chats_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `chats` ADD CONSTRAINT `chats_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `conversations` ADD CONSTRAINT `conversations_chat_id_chats_id_fk` FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `conversations` ADD CONSTRAINT `conversations_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `documents` ADD CONSTRAINT `documents_kb_id_knowledge_bases_id_fk` FOREIGN KEY (`kb_id`) REFERENCES `knowledge_bases`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `documents` ADD CONSTRAINT `documents_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `file_links` ADD CONSTRAINT `file_links_file_id_files_id_fk` FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `file_links` ADD CONSTRAINT `file_links_document_id_documents_id_fk` FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `files` ADD CONSTRAINT `files_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `files` ADD CONSTRAINT `files_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `knowledge_bases` ADD CONSTRAINT `knowledge_bases_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `knowledge_bases` ADD CONSTRAINT `knowledge_bases_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tasks` ADD CONSTRAINT `tasks_doc_id_documents_id_fk` FOREIGN KEY (`doc_id`) REFERENCES `documents`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `model_providers` ADD CONSTRAINT `model_providers_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `models` ADD CONSTRAINT `models_provider_id_model_providers_id_fk` FOREIGN KEY (`provider_id`) REFERENCES `model_providers`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `api_keys` ADD CONSTRAINT `api_keys_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `api_keys` ADD CONSTRAINT `api_keys_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tenant_members` ADD CONSTRAINT `tenant_members_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tenant_members` ADD CONSTRAINT `tenant_members_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `password_resets_user_idx` ON `password_resets` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `agent_sessions_agent_idx` ON `agent_sessions` (`agent_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `agent_versions_agent_idx` ON `agent_versions` (`agent_id`);--> statement-breakpoint
CREATE INDEX `agents_tenant_idx` ON `agents` (`tenant_id`);--> statement-breakpoint
CREATE INDEX `chats_tenant_idx` ON `chats` (`tenant_id`);--> statement-breakpoint
CREATE INDEX `conversations_chat_idx` ON `conversations` (`chat_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `documents_kb_idx` ON `documents` (`kb_id`);--> statement-breakpoint
CREATE INDEX `files_parent_idx` ON `files` (`tenant_id`,`parent_id`);--> statement-breakpoint
CREATE INDEX `tasks_doc_idx` ON `tasks` (`doc_id`);--> statement-breakpoint
CREATE INDEX `models_provider_idx` ON `models` (`provider_id`);--> statement-breakpoint
CREATE INDEX `api_keys_tenant_idx` ON `api_keys` (`tenant_id`);--> statement-breakpoint
CREATE INDEX `tenant_members_user_idx` ON `tenant_members` (`user_id`);