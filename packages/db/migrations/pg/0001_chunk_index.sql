CREATE TABLE "chunk_documents" (
	"doc_id" varchar(32) PRIMARY KEY NOT NULL,
	"kb_id" varchar(32) NOT NULL,
	"chunk_count" integer DEFAULT 0 NOT NULL,
	"token_count" bigint DEFAULT 0 NOT NULL,
	"searchable_count" integer DEFAULT 0 NOT NULL,
	"searchable_length" bigint DEFAULT 0 NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chunk_postings" (
	"kb_id" varchar(32) NOT NULL,
	"term" varchar(64) NOT NULL,
	"chunk_id" varchar(32) NOT NULL,
	"tf_content" smallint DEFAULT 0 NOT NULL,
	"tf_title" smallint DEFAULT 0 NOT NULL,
	"tf_keywords" smallint DEFAULT 0 NOT NULL,
	"tf_questions" smallint DEFAULT 0 NOT NULL,
	"length" integer NOT NULL,
	"searchable" boolean DEFAULT true NOT NULL,
	CONSTRAINT "chunk_postings_pk" PRIMARY KEY("kb_id","term","chunk_id")
);
--> statement-breakpoint
CREATE TABLE "chunk_stage" (
	"run_id" varchar(32) NOT NULL,
	"chunk_id" varchar(32) NOT NULL,
	"doc_id" varchar(32) NOT NULL,
	"kb_id" varchar(32) NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "chunk_stage_pk" PRIMARY KEY("run_id","chunk_id")
);
--> statement-breakpoint
CREATE TABLE "chunks" (
	"id" varchar(32) PRIMARY KEY NOT NULL,
	"kb_id" varchar(32) NOT NULL,
	"doc_id" varchar(32) NOT NULL,
	"doc_name" varchar(255) NOT NULL,
	"content" text NOT NULL,
	"ordinal" integer DEFAULT 0 NOT NULL,
	"token_count" integer DEFAULT 0 NOT NULL,
	"length" integer DEFAULT 0 NOT NULL,
	"important_keywords" jsonb NOT NULL,
	"questions" jsonb NOT NULL,
	"positions" jsonb NOT NULL,
	"page_numbers" jsonb NOT NULL,
	"available" boolean DEFAULT true NOT NULL,
	"document_enabled" boolean DEFAULT true NOT NULL,
	"vector_dim" integer,
	"vector_data" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chunk_documents" ADD CONSTRAINT "chunk_documents_doc_id_documents_id_fk" FOREIGN KEY ("doc_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chunk_postings" ADD CONSTRAINT "chunk_postings_chunk_id_chunks_id_fk" FOREIGN KEY ("chunk_id") REFERENCES "public"."chunks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chunk_stage" ADD CONSTRAINT "chunk_stage_doc_id_documents_id_fk" FOREIGN KEY ("doc_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_doc_id_documents_id_fk" FOREIGN KEY ("doc_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chunk_documents_kb_idx" ON "chunk_documents" USING btree ("kb_id");--> statement-breakpoint
CREATE INDEX "chunk_postings_chunk_idx" ON "chunk_postings" USING btree ("chunk_id");--> statement-breakpoint
CREATE INDEX "chunk_stage_doc_idx" ON "chunk_stage" USING btree ("doc_id","run_id");--> statement-breakpoint
CREATE INDEX "chunks_doc_idx" ON "chunks" USING btree ("doc_id","ordinal");--> statement-breakpoint
CREATE INDEX "chunks_kb_idx" ON "chunks" USING btree ("kb_id","vector_dim");