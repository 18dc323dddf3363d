CREATE TABLE `chunk_documents` (
	`doc_id` varchar(32) NOT NULL,
	`kb_id` varchar(32) NOT NULL,
	`chunk_count` int NOT NULL DEFAULT 0,
	`token_count` bigint NOT NULL DEFAULT 0,
	`searchable_count` int NOT NULL DEFAULT 0,
	`searchable_length` bigint NOT NULL DEFAULT 0,
	`revision` bigint NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `chunk_documents_doc_id` PRIMARY KEY(`doc_id`)
);
--> statement-breakpoint
CREATE TABLE `chunk_postings` (
	`kb_id` varchar(32) NOT NULL,
	`term` varchar(64) NOT NULL,
	`chunk_id` varchar(32) NOT NULL,
	`tf_content` smallint NOT NULL DEFAULT 0,
	`tf_title` smallint NOT NULL DEFAULT 0,
	`tf_keywords` smallint NOT NULL DEFAULT 0,
	`tf_questions` smallint NOT NULL DEFAULT 0,
	`length` int NOT NULL,
	`searchable` boolean NOT NULL DEFAULT true,
	CONSTRAINT `chunk_postings_pk` PRIMARY KEY(`kb_id`,`term`,`chunk_id`)
);
--> statement-breakpoint
CREATE TABLE `chunk_stage` (
	`run_id` varchar(32) NOT NULL,
	`chunk_id` varchar(32) NOT NULL,
	`doc_id` varchar(32) NOT NULL,
	`kb_id` varchar(32) NOT NULL,
	`payload` json NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `chunk_stage_pk` PRIMARY KEY(`run_id`,`chunk_id`)
);
--> statement-breakpoint
CREATE TABLE `chunks` (
	`id` varchar(32) NOT NULL,
	`kb_id` varchar(32) NOT NULL,
	`doc_id` varchar(32) NOT NULL,
	`doc_name` varchar(255) NOT NULL,
	`content` text NOT NULL,
	`ordinal` int NOT NULL DEFAULT 0,
	`token_count` int NOT NULL DEFAULT 0,
	`length` int NOT NULL DEFAULT 0,
	`important_keywords` json NOT NULL,
	`questions` json NOT NULL,
	`positions` json NOT NULL,
	`page_numbers` json NOT NULL,
	`available` boolean NOT NULL DEFAULT true,
	`document_enabled` boolean NOT NULL DEFAULT true,
	`vector_dim` int,
	`vector_data` text,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `chunks_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `chunk_documents` ADD CONSTRAINT `chunk_documents_doc_id_documents_id_fk` FOREIGN KEY (`doc_id`) REFERENCES `documents`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `chunk_postings` ADD CONSTRAINT `chunk_postings_chunk_id_chunks_id_fk` FOREIGN KEY (`chunk_id`) REFERENCES `chunks`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `chunk_stage` ADD CONSTRAINT `chunk_stage_doc_id_documents_id_fk` FOREIGN KEY (`doc_id`) REFERENCES `documents`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `chunks` ADD CONSTRAINT `chunks_doc_id_documents_id_fk` FOREIGN KEY (`doc_id`) REFERENCES `documents`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `chunk_documents_kb_idx` ON `chunk_documents` (`kb_id`);--> statement-breakpoint
CREATE INDEX `chunk_postings_chunk_idx` ON `chunk_postings` (`chunk_id`);--> statement-breakpoint
CREATE INDEX `chunk_stage_doc_idx` ON `chunk_stage` (`doc_id`,`run_id`);--> statement-breakpoint
CREATE INDEX `chunks_doc_idx` ON `chunks` (`doc_id`,`ordinal`);--> statement-breakpoint
CREATE INDEX `chunks_kb_idx` ON `chunks` (`kb_id`,`vector_dim`);