import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { readFileSync } from "node:fs";
const db = await PGlite.create({ extensions: { vector } });
await db.exec(`CREATE TABLE chunk_postings (kb_id varchar(32) NOT NULL, term varchar(64) NOT NULL, chunk_id varchar(32) NOT NULL,
 tf_content smallint DEFAULT 0 NOT NULL, tf_title smallint DEFAULT 0 NOT NULL, tf_keywords smallint DEFAULT 0 NOT NULL, tf_questions smallint DEFAULT 0 NOT NULL,
 length integer NOT NULL, searchable boolean DEFAULT true NOT NULL, CONSTRAINT pk PRIMARY KEY(kb_id, term, chunk_id));
 CREATE INDEX pci ON chunk_postings (chunk_id);`);
const corpus = readFileSync("/work/shared/data/scifact/corpus.jsonl", "utf8").split("\n").filter(Boolean).slice(0, 300).map((l) => JSON.parse(l));
const kb = "0123456789abcdef0123456789abcdef";
let t = performance.now();
for (let i = 0; i < 300; i++) await db.query("select 1");
console.log("select 1", ((performance.now() - t) / 300).toFixed(2), "ms");
t = performance.now();
for (let i = 0; i < 100; i++) await db.transaction(async (tx) => { await tx.query("select 1"); });
console.log("empty tx", ((performance.now() - t) / 100).toFixed(2), "ms");
t = performance.now();
let n = 0;
for (const [i, doc] of corpus.entries()) {
  const terms = [...new Set(doc.text.toLowerCase().split(/[^a-z]+/).filter(Boolean))] as string[];
  n += terms.length;
  const cid = (i.toString(16) + "x".repeat(32)).slice(0, 32);
  await db.query(`INSERT INTO chunk_postings (kb_id, term, chunk_id, tf_content, tf_title, tf_keywords, tf_questions, length, searchable)
    SELECT $1, x.term, $2, x.a, 0, 0, 0, 100, true FROM unnest($3::text[], $4::int2[]) AS x(term, a)`, [kb, cid, terms, terms.map(() => 1)]);
}
console.log("postings insert per doc", ((performance.now() - t) / 300).toFixed(2), "ms", n / 300, "terms/doc");
t = performance.now();
for (let i = 0; i < 50; i++) await db.query(`SELECT chunk_id, term, count(*) over (partition by term) FROM chunk_postings WHERE kb_id = $1 AND term IN ('the','of','cell','protein','cancer')`, [kb]);
console.log("scan query", ((performance.now() - t) / 50).toFixed(2), "ms");
