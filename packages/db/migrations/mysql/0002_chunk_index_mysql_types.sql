-- What drizzle's MySQL column builders cannot say (the schema keeps the portable types; these only widen
-- or re-collate them, so row types and queries are unchanged):
-- * terms compare byte for byte as on PostgreSQL: the database's default collation folds case, accents
--   and ß/ss, which would merge distinct terms in the postings primary key and in `term IN (…)`;
-- * TEXT stops at 64 KiB: a `one`-method chunk holds a whole document, and vectors over ~12 000
--   dimensions do not fit in base64 either.
ALTER TABLE `chunk_postings` MODIFY `term` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
--> statement-breakpoint
ALTER TABLE `chunks` MODIFY `content` longtext NOT NULL, MODIFY `vector_data` mediumtext;
