import { eq, sql } from "drizzle-orm";
import * as q from "../src/index";
import { testBackends } from "../src/testing";

for (const b of testBackends()) {
  const d = await b.open();
  try {
    const now = new Date("2024-03-05T23:59:58.123Z");
    await q.insertUser(d, {
      id: "u1",
      email: "a@x.io",
      nickname: "A",
      isSuperuser: true,
      lastLoginAt: now,
      createdAt: now,
      updatedAt: now,
    });
    const u = await q.findUserById(d, "u1");
    console.log(
      b.dialect,
      "user",
      u?.lastLoginAt?.toISOString(),
      u?.createdAt.toISOString(),
      u?.isSuperuser,
      u?.isActive,
    );
    await q.insertTenant(d, { id: "t1", name: "T" });
    await d.db
      .insert(d.t.knowledgeBases)
      .values({
        id: "k1",
        tenantId: "t1",
        name: "kb",
        embeddingModel: "e",
        parserConfig: { a: 1, b: [1, "x"], c: { d: null } },
        createdBy: "u1",
      });
    const [kb] = await d.db.select().from(d.t.knowledgeBases).where(eq(d.t.knowledgeBases.id, "k1"));
    console.log(b.dialect, "kb json", typeof kb?.parserConfig, JSON.stringify(kb?.parserConfig));
    if (d.dialect !== "mysql") {
      const r = await d.db.execute(sql`select jsonb_typeof(parser_config) as t from knowledge_bases`);
      console.log(b.dialect, "jsonb_typeof", JSON.stringify(r));
    }
    await q.insertMember(d, { id: "m1", tenantId: "t1", userId: "u1", role: "owner" });
    console.log(b.dialect, "updateRole same", await q.updateMemberRole(d, "t1", "u1", "owner"));
    console.log(b.dialect, "updateRole none", await q.updateMemberRole(d, "t1", "zz", "owner"));
    console.log(b.dialect, "delete", await q.deleteMember(d, "t1", "u1"));
    await q.insertSession(d, { id: "s1", userId: "u1", expiresAt: now });
    const s = await q.findSession(d, "s1");
    console.log(b.dialect, "session", s?.session.expiresAt.toISOString(), s?.user.isSuperuser);
    try {
      await d.transaction(async (tx) => {
        await q.insertTenant(tx, { id: "t2", name: "T2" });
        throw new Error("boom");
      });
    } catch (e) {
      console.log("rolled", (e as Error).message);
    }
    console.log(b.dialect, "t2", await q.findTenant(d, "t2"));
  } catch (e) {
    console.log(b.dialect, "FAIL", e);
  }
  await d.close();
}
