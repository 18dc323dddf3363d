/**
 * The contract every backend must honour: the same tests, on PGlite always and on PostgreSQL and
 * MySQL/MariaDB when TEST_POSTGRES_URL / TEST_MYSQL_URL are set (required under CI). Each backend gets one
 * fresh migrated database shared by its tests, so every test creates its own users and tenants with
 * random ids and never depends on another test's rows.
 */
import { createHash, randomBytes } from "node:crypto";
import { eq, type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, type DatabaseConnection, isUniqueViolation, pingDatabase } from "../src/client";
import {
  deleteApiKey,
  findApiKeyByHash,
  insertApiKey,
  listApiKeys,
  touchApiKey,
} from "../src/queries/api-keys";
import {
  deleteMember,
  findMember,
  findTenant,
  insertMember,
  insertTenant,
  listMembers,
  listMemberships,
  updateMemberRole,
  updateTenant,
} from "../src/queries/tenants";
import {
  deleteExpiredSessions,
  deletePasswordResets,
  deleteSession,
  deleteUserSessions,
  extendSession,
  findPasswordReset,
  findSession,
  findUserByEmail,
  findUserById,
  insertPasswordReset,
  insertSession,
  insertUser,
  updateUser,
} from "../src/queries/users";
import type { JsonObject, MemberRole, UserRow } from "../src/schema/index";
import { testBackends } from "../src/testing";

const newId = () => randomBytes(16).toString("hex");
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const DAY_MS = 86_400_000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS);

async function seedUser(d: Database, overrides: Partial<UserRow> = {}): Promise<string> {
  const id = newId();
  await insertUser(d, { id, email: `${id}@example.test`, nickname: `user ${id.slice(0, 6)}`, ...overrides });
  return id;
}

/** A tenant owned by `ownerId`, as registration creates it. */
async function seedTenant(d: Database, ownerId: string, name = "Workspace"): Promise<string> {
  const id = newId();
  await insertTenant(d, { id, name });
  await insertMember(d, { id: newId(), tenantId: id, userId: ownerId, role: "owner" });
  return id;
}

async function seedSession(d: Database, userId: string, expiresAt = daysFromNow(30)): Promise<string> {
  const id = sha256(newId());
  await insertSession(d, { id, userId, expiresAt });
  return id;
}

describe.each(testBackends())("$dialect", (backend) => {
  let d: DatabaseConnection;

  beforeAll(async () => {
    d = await backend.open();
  });

  afterAll(async () => {
    await d?.close();
  });

  describe("connection", () => {
    it("answers ping and says which backend it is", async () => {
      await expect(d.ping()).resolves.toBeUndefined();
      await expect(pingDatabase(d)).resolves.toBeUndefined();
      await expect(d.transaction((tx) => pingDatabase(tx))).resolves.toBeUndefined();
      expect(d.label.startsWith(backend.dialect)).toBe(true);
    });

    it("lets two migrate() calls run at once on a new database, and migrates it once", async () => {
      const fresh = await backend.open({ migrate: false });
      try {
        await Promise.all([fresh.migrate(), fresh.migrate()]);
        // A third call after the fact finds nothing left to do instead of failing on existing tables.
        await fresh.migrate();
        const ownerId = await seedUser(fresh);
        const tenantId = await seedTenant(fresh, ownerId);
        expect(await findTenant(fresh, tenantId)).toMatchObject({ id: tenantId, name: "Workspace" });
      } finally {
        await fresh.close();
      }
    });

    it("keeps the database clock in UTC, like the stored timestamps", async () => {
      // DATETIME carries no zone: a session clock in the server's local zone would shift NOW()
      // against every stored value. PostgreSQL's timestamptz compares instants, so this holds there anyway.
      const nowUtc: SQL<string> =
        d.dialect === "mysql"
          ? sql`DATE_FORMAT(CURRENT_TIMESTAMP, '%Y-%m-%dT%H:%i:%sZ')`
          : sql`to_char(CURRENT_TIMESTAMP AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
      const userId = await seedUser(d);
      const [row] = await d.db.select({ now: nowUtc }).from(d.t.users).where(eq(d.t.users.id, userId));
      const dbNow = new Date(String(row?.now)).getTime();
      expect(Math.abs(dbNow - Date.now())).toBeLessThan(60_000);
    });
  });

  describe("users", () => {
    it("round-trips a user with its dates, booleans and defaults intact", async () => {
      // A minute before midnight UTC, far past 2038: any time-zone or TIMESTAMP-range slip changes the day.
      const lastLoginAt = new Date("2041-07-14T23:59:59.987Z");
      const createdAt = new Date("2024-02-29T00:00:00.001Z");
      // The suite runs in a zone far from UTC (vitest.config.ts), so a local-time conversion would show.
      expect(lastLoginAt.getHours()).not.toBe(lastLoginAt.getUTCHours());
      const id = newId();
      await insertUser(d, {
        id,
        email: `${id}@example.test`,
        nickname: "Zoë 李",
        passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        isSuperuser: true,
        lastLoginAt,
        createdAt,
        updatedAt: createdAt,
      });
      const expected: UserRow = {
        id,
        email: `${id}@example.test`,
        nickname: "Zoë 李",
        passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        avatar: null,
        language: "en",
        timezone: "UTC",
        isSuperuser: true,
        isActive: true,
        lastLoginAt,
        createdAt,
        updatedAt: createdAt,
      };
      expect(await findUserById(d, id)).toStrictEqual(expected);
      expect(await findUserByEmail(d, `${id}@example.test`)).toStrictEqual(expected);
    });

    it("stores timestamps as UTC in SQL, not in the server's or the client's zone", async () => {
      const at = new Date("2030-01-01T00:30:00.250Z");
      const userId = await seedUser(d, { lastLoginAt: at });
      const { users } = d.t;
      const asUtcText: SQL<string> =
        d.dialect === "mysql"
          ? sql`CAST(${users.lastLoginAt} AS CHAR)`
          : sql`to_char(${users.lastLoginAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')`;
      const [row] = await d.db.select({ text: asUtcText }).from(users).where(eq(users.id, userId));
      expect(row?.text).toBe("2030-01-01 00:30:00.250");
    });

    it("returns undefined for an unknown id or e-mail", async () => {
      expect(await findUserById(d, newId())).toBeUndefined();
      expect(await findUserByEmail(d, "nobody@example.test")).toBeUndefined();
    });

    it("refuses a second user with the same e-mail", async () => {
      const email = `${newId()}@example.test`;
      await seedUser(d, { email });
      await expect(seedUser(d, { email })).rejects.toSatisfy(isUniqueViolation);
    });

    it("updateUser changes the given fields only and stamps updatedAt", async () => {
      const past = new Date("2020-05-05T05:05:05.005Z");
      const id = await seedUser(d, { nickname: "before", createdAt: past, updatedAt: past });
      const before = await findUserById(d, id);
      await updateUser(d, id, { nickname: "after", isActive: false, language: "fr" });
      const after = await findUserById(d, id);
      expect(after).toStrictEqual({
        ...before,
        nickname: "after",
        isActive: false,
        language: "fr",
        updatedAt: after?.updatedAt,
      });
      expect(after?.createdAt).toEqual(past);
      expect(after?.updatedAt.getTime()).toBeGreaterThan(past.getTime());
    });

    it("deleting a user cascades its sessions, memberships and password resets, not the tenant", async () => {
      const userId = await seedUser(d);
      const ownerId = await seedUser(d);
      const tenantId = await seedTenant(d, ownerId);
      await insertMember(d, { id: newId(), tenantId, userId, role: "member", invitedBy: ownerId });
      const sessionId = await seedSession(d, userId);
      const resetId = sha256(newId());
      await insertPasswordReset(d, { id: resetId, userId, expiresAt: daysFromNow(1) });

      await d.db.delete(d.t.users).where(eq(d.t.users.id, userId));

      expect(await findUserById(d, userId)).toBeUndefined();
      expect(await findSession(d, sessionId)).toBeUndefined();
      expect(await findMember(d, tenantId, userId)).toBeUndefined();
      expect(await findPasswordReset(d, resetId)).toBeUndefined();
      expect(await findTenant(d, tenantId)).toBeDefined();
      expect((await listMembers(d, tenantId)).map((m) => m.user.id)).toEqual([ownerId]);
    });
  });

  describe("sessions", () => {
    it("finds a session with its user, and extends and deletes it", async () => {
      const userId = await seedUser(d, { isSuperuser: false });
      const expiresAt = new Date("2033-03-03T03:03:03.303Z");
      const id = sha256(newId());
      await insertSession(d, { id, userId, expiresAt, userAgent: "Firefox/140" });

      const found = await findSession(d, id);
      expect(found?.session).toMatchObject({ id, userId, expiresAt, userAgent: "Firefox/140" });
      expect(found?.user).toMatchObject({ id: userId, isSuperuser: false, isActive: true });

      const extended = new Date("2034-04-04T04:04:04.404Z");
      await extendSession(d, id, extended);
      expect((await findSession(d, id))?.session.expiresAt).toEqual(extended);

      await deleteSession(d, id);
      expect(await findSession(d, id)).toBeUndefined();
      expect(await findSession(d, sha256(newId()))).toBeUndefined();
    });

    it("deleteUserSessions signs a user out everywhere, optionally but one, and no one else", async () => {
      const userId = await seedUser(d);
      const otherId = await seedUser(d);
      const [kept, dropped1, dropped2] = [
        await seedSession(d, userId),
        await seedSession(d, userId),
        await seedSession(d, userId),
      ];
      const otherSession = await seedSession(d, otherId);

      await deleteUserSessions(d, userId, kept);
      expect(await findSession(d, kept)).toBeDefined();
      expect(await findSession(d, dropped1)).toBeUndefined();
      expect(await findSession(d, dropped2)).toBeUndefined();

      await deleteUserSessions(d, userId);
      expect(await findSession(d, kept)).toBeUndefined();
      expect(await findSession(d, otherSession)).toBeDefined();
    });

    it("deleteExpiredSessions removes the expired sessions only", async () => {
      const userId = await seedUser(d);
      const now = new Date();
      const expired = await seedSession(d, userId, new Date(now.getTime() - 1));
      const alive = await seedSession(d, userId, new Date(now.getTime() + 1000));
      await deleteExpiredSessions(d, now);
      expect(await findSession(d, expired)).toBeUndefined();
      expect(await findSession(d, alive)).toBeDefined();
    });
  });

  describe("password resets", () => {
    it("round-trips a reset and deletes every reset of one user only", async () => {
      const userId = await seedUser(d);
      const otherId = await seedUser(d);
      const expiresAt = new Date("2035-12-31T23:59:59.999Z");
      const [first, second, others] = [sha256(newId()), sha256(newId()), sha256(newId())];
      await insertPasswordReset(d, { id: first, userId, expiresAt });
      await insertPasswordReset(d, { id: second, userId, expiresAt });
      await insertPasswordReset(d, { id: others, userId: otherId, expiresAt });

      expect(await findPasswordReset(d, first)).toMatchObject({ id: first, userId, expiresAt });

      await deletePasswordResets(d, userId);
      expect(await findPasswordReset(d, first)).toBeUndefined();
      expect(await findPasswordReset(d, second)).toBeUndefined();
      expect(await findPasswordReset(d, others)).toMatchObject({ userId: otherId });
    });
  });

  describe("tenants and members", () => {
    it("round-trips a tenant and updates its default models", async () => {
      const past = new Date("2021-01-01T00:00:00.000Z");
      const id = newId();
      await insertTenant(d, { id, name: "Acme 研究所", createdAt: past, updatedAt: past });
      expect(await findTenant(d, id)).toStrictEqual({
        id,
        name: "Acme 研究所",
        chatModel: null,
        embeddingModel: null,
        rerankModel: null,
        image2textModel: null,
        asrModel: null,
        ttsModel: null,
        createdAt: past,
        updatedAt: past,
      });

      await updateTenant(d, id, { chatModel: "gpt-4o@openai", embeddingModel: "bge-m3@ollama" });
      const updated = await findTenant(d, id);
      expect(updated).toMatchObject({
        chatModel: "gpt-4o@openai",
        embeddingModel: "bge-m3@ollama",
        rerankModel: null,
      });
      expect(updated?.updatedAt.getTime()).toBeGreaterThan(past.getTime());
      expect(await findTenant(d, newId())).toBeUndefined();
    });

    it("finds a member of this tenant only, and refuses the same member twice", async () => {
      const ownerId = await seedUser(d);
      const tenantId = await seedTenant(d, ownerId);
      const otherTenantId = await seedTenant(d, await seedUser(d));

      expect(await findMember(d, tenantId, ownerId)).toMatchObject({
        tenantId,
        userId: ownerId,
        role: "owner",
      });
      expect(await findMember(d, otherTenantId, ownerId)).toBeUndefined();
      await expect(
        insertMember(d, { id: newId(), tenantId, userId: ownerId, role: "admin" }),
      ).rejects.toSatisfy(isUniqueViolation);
    });

    it("listMembers joins each member's public profile, oldest first, for this tenant only", async () => {
      const ownerId = await seedUser(d, { nickname: "Owner", avatar: "data:image/png;base64,AA==" });
      const tenantId = newId();
      await insertTenant(d, { id: tenantId, name: "Team" });
      const base = Date.parse("2025-06-01T12:00:00.000Z");
      const members: { userId: string; role: MemberRole; createdAt: Date; id: string }[] = [];
      // Inserted out of order, with two members created in the same millisecond (ordered by id then).
      for (const [offset, role] of [
        [5000, "member"],
        [0, "owner"],
        [2000, "admin"],
        [2000, "invited"],
      ] as const) {
        const userId = offset === 0 ? ownerId : await seedUser(d, { nickname: role });
        const member = { id: newId(), userId, role, createdAt: new Date(base + offset) };
        await insertMember(d, { ...member, tenantId, updatedAt: member.createdAt });
        members.push(member);
      }
      await seedTenant(d, await seedUser(d)); // another tenant's owner must not be listed

      const listed = await listMembers(d, tenantId);
      const expectedOrder = [...members].sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
      );
      expect(listed.map((m) => m.member.id)).toEqual(expectedOrder.map((m) => m.id));
      expect(listed.map((m) => m.member.role)).toEqual(expectedOrder.map((m) => m.role));
      const owner = listed.find((m) => m.member.role === "owner");
      // Exactly the public profile: no password hash or flags leak through the join.
      expect(owner?.user).toStrictEqual({
        id: ownerId,
        email: `${ownerId}@example.test`,
        nickname: "Owner",
        avatar: "data:image/png;base64,AA==",
      });
      expect(owner?.member).toMatchObject({ tenantId, userId: ownerId, createdAt: new Date(base) });
      expect(await listMembers(d, newId())).toEqual([]);
    });

    it("listMemberships lists the user's tenants with their rows, own tenant first", async () => {
      const userId = await seedUser(d);
      const ownTenant = newId();
      await insertTenant(d, { id: ownTenant, name: "Mine" });
      await insertMember(d, {
        id: newId(),
        tenantId: ownTenant,
        userId,
        role: "owner",
        createdAt: new Date("2025-01-01T00:00:00.000Z"),
      });
      const inviterId = await seedUser(d);
      const invitedTenant = await seedTenant(d, inviterId, "Theirs");
      await insertMember(d, {
        id: newId(),
        tenantId: invitedTenant,
        userId,
        role: "invited",
        invitedBy: inviterId,
        createdAt: new Date("2025-02-01T00:00:00.000Z"),
      });

      const memberships = await listMemberships(d, userId);
      expect(memberships.map((m) => [m.tenant.name, m.member.role, m.member.invitedBy])).toEqual([
        ["Mine", "owner", null],
        ["Theirs", "invited", inviterId],
      ]);
      expect(memberships[1]?.tenant).toMatchObject({ id: invitedTenant, chatModel: null });
      expect(await listMemberships(d, newId())).toEqual([]);
    });

    it("updateMemberRole counts the rows it matched and never crosses tenants", async () => {
      const ownerId = await seedUser(d);
      const memberId = await seedUser(d);
      const tenantId = await seedTenant(d, ownerId);
      const otherTenantId = await seedTenant(d, await seedUser(d));
      await insertMember(d, { id: newId(), tenantId, userId: memberId, role: "member" });

      expect(await updateMemberRole(d, tenantId, memberId, "admin")).toBe(1);
      expect((await findMember(d, tenantId, memberId))?.role).toBe("admin");
      // Same value again: still one matched row on every driver (MySQL counts matched, not changed, rows).
      expect(await updateMemberRole(d, tenantId, memberId, "admin")).toBe(1);
      expect(await updateMemberRole(d, otherTenantId, memberId, "owner")).toBe(0);
      expect(await updateMemberRole(d, tenantId, newId(), "owner")).toBe(0);
      expect((await findMember(d, tenantId, memberId))?.role).toBe("admin");
    });

    it("deleteMember removes one membership of this tenant and reports 0 for anything else", async () => {
      const ownerId = await seedUser(d);
      const memberId = await seedUser(d);
      const tenantId = await seedTenant(d, ownerId);
      const otherTenantId = await seedTenant(d, ownerId);
      await insertMember(d, { id: newId(), tenantId, userId: memberId, role: "member" });
      await insertMember(d, { id: newId(), tenantId: otherTenantId, userId: memberId, role: "member" });

      expect(await deleteMember(d, tenantId, memberId)).toBe(1);
      expect(await deleteMember(d, tenantId, memberId)).toBe(0);
      expect(await findMember(d, tenantId, memberId)).toBeUndefined();
      expect(await findMember(d, otherTenantId, memberId)).toBeDefined();
      expect(await findUserById(d, memberId)).toBeDefined();
    });
  });

  describe("API keys", () => {
    async function seedKey(
      tenantId: string,
      createdBy: string,
      createdAt: Date,
      expiresAt: Date | null = null,
    ) {
      const id = newId();
      const hash = sha256(`rt_${newId()}`);
      await insertApiKey(d, {
        id,
        tenantId,
        createdBy,
        name: `key ${id.slice(0, 4)}`,
        prefix: "rt_abcd",
        hash,
        expiresAt,
        createdAt,
        updatedAt: createdAt,
      });
      return { id, hash };
    }

    it("finds a key by hash with its expiry intact, and records its last use", async () => {
      const userId = await seedUser(d);
      const tenantId = await seedTenant(d, userId);
      const expiresAt = new Date("2099-12-31T23:59:59.999Z");
      const { id, hash } = await seedKey(tenantId, userId, new Date(), expiresAt);

      expect(await findApiKeyByHash(d, hash)).toMatchObject({ id, tenantId, expiresAt, lastUsedAt: null });
      const usedAt = new Date("2026-10-25T01:30:00.123Z");
      await touchApiKey(d, id, usedAt);
      expect((await findApiKeyByHash(d, hash))?.lastUsedAt).toEqual(usedAt);
      expect(await findApiKeyByHash(d, sha256("unknown"))).toBeUndefined();
    });

    it("refuses two keys with the same hash", async () => {
      const userId = await seedUser(d);
      const tenantId = await seedTenant(d, userId);
      const { hash } = await seedKey(tenantId, userId, new Date());
      await expect(
        insertApiKey(d, { id: newId(), tenantId, createdBy: userId, name: "copy", prefix: "rt_abcd", hash }),
      ).rejects.toSatisfy(isUniqueViolation);
    });

    it("lists a tenant's keys newest first and no other tenant's", async () => {
      const userId = await seedUser(d);
      const tenantId = await seedTenant(d, userId);
      const otherTenantId = await seedTenant(d, userId);
      const oldest = await seedKey(tenantId, userId, new Date("2025-01-01T00:00:00.000Z"));
      const newest = await seedKey(tenantId, userId, new Date("2025-03-01T00:00:00.000Z"));
      const middle = await seedKey(tenantId, userId, new Date("2025-02-01T00:00:00.000Z"));
      await seedKey(otherTenantId, userId, new Date("2025-04-01T00:00:00.000Z"));

      const keys = await listApiKeys(d, tenantId);
      expect(keys.map((k) => k.id)).toEqual([newest.id, middle.id, oldest.id]);
      expect(keys.every((k) => k.tenantId === tenantId)).toBe(true);
    });

    it("deleteApiKey with another tenant's id deletes nothing and returns 0", async () => {
      const userId = await seedUser(d);
      const tenantId = await seedTenant(d, userId);
      const attackerTenantId = await seedTenant(d, await seedUser(d));
      const { id, hash } = await seedKey(tenantId, userId, new Date());

      expect(await deleteApiKey(d, attackerTenantId, id)).toBe(0);
      expect(await findApiKeyByHash(d, hash)).toBeDefined();
      expect(await deleteApiKey(d, tenantId, id)).toBe(1);
      expect(await findApiKeyByHash(d, hash)).toBeUndefined();
      expect(await deleteApiKey(d, tenantId, id)).toBe(0);
    });
  });

  describe("transactions", () => {
    it("commits every write of the callback and returns its value", async () => {
      const userId = await seedUser(d);
      const tenantId = newId();
      const result = await d.transaction(async (tx) => {
        await insertTenant(tx, { id: tenantId, name: "Committed" });
        await insertMember(tx, { id: newId(), tenantId, userId, role: "owner" });
        // Reads inside the transaction see its own writes.
        return (await findMember(tx, tenantId, userId))?.role;
      });
      expect(result).toBe("owner");
      expect(await findTenant(d, tenantId)).toMatchObject({ name: "Committed" });
      expect(await findMember(d, tenantId, userId)).toBeDefined();
    });

    it("rolls back every write when the callback throws, and rethrows", async () => {
      const userId = await seedUser(d);
      const tenantId = newId();
      const failure = new Error("registration failed half-way");
      await expect(
        d.transaction(async (tx) => {
          await insertTenant(tx, { id: tenantId, name: "Rolled back" });
          await insertMember(tx, { id: newId(), tenantId, userId, role: "owner" });
          await updateUser(tx, userId, { nickname: "changed in the transaction" });
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await findTenant(d, tenantId)).toBeUndefined();
      expect(await findMember(d, tenantId, userId)).toBeUndefined();
      expect((await findUserById(d, userId))?.nickname).not.toBe("changed in the transaction");
    });

    it("rolls back when a statement inside fails, e.g. a duplicate e-mail", async () => {
      const email = `${newId()}@example.test`;
      await seedUser(d, { email });
      const tenantId = newId();
      await expect(
        d.transaction(async (tx) => {
          await insertTenant(tx, { id: tenantId, name: "Never" });
          await seedUser(tx, { email });
        }),
      ).rejects.toSatisfy(isUniqueViolation);
      expect(await findTenant(d, tenantId)).toBeUndefined();
    });
  });

  describe("JSON and numeric columns", () => {
    it("round-trips knowledge_bases.parserConfig as an object, and its numeric defaults", async () => {
      const userId = await seedUser(d);
      const tenantId = await seedTenant(d, userId);
      const parserConfig: JsonObject = {
        chunkTokenNum: 512,
        delimiter: "\n!?。；！？",
        layoutRecognize: true,
        raptor: { useRaptor: false, threshold: 0.1, prompt: null },
        pages: [[1, 1_000_000]],
        entityTypes: ["organization", "person", "地点"],
        empty: {},
        none: [],
        quote: 'a "quoted" \\ value',
      };
      const id = newId();
      const kb = d.t.knowledgeBases;
      await d.db.insert(kb).values({
        id,
        tenantId,
        name: "Docs",
        embeddingModel: "bge-m3@ollama",
        parserConfig,
        createdBy: userId,
      });

      const [row] = await d.db.select().from(kb).where(eq(kb.id, id));
      expect(row?.parserConfig).toStrictEqual(parserConfig);
      expect(row).toMatchObject({
        permission: "me",
        chunkMethod: "naive",
        similarityThreshold: 0.2,
        vectorSimilarityWeight: 0.3,
        docCount: 0,
        tokenCount: 0,
      });

      const updatedConfig: JsonObject = { ...parserConfig, chunkTokenNum: 128, raptor: { useRaptor: true } };
      await d.db
        .update(kb)
        .set({ parserConfig: updatedConfig, tokenCount: 2 ** 40 })
        .where(eq(kb.id, id));
      const [updated] = await d.db.select().from(kb).where(eq(kb.id, id));
      expect(updated?.parserConfig).toStrictEqual(updatedConfig);
      expect(updated?.tokenCount).toBe(2 ** 40);
    });

    it("keeps a JSON null apart from an array, and a knowledge base name unique per tenant", async () => {
      const userId = await seedUser(d);
      const tenantId = await seedTenant(d, userId);
      const otherTenantId = await seedTenant(d, userId);
      const kbId = newId();
      const kb = d.t.knowledgeBases;
      const newKb = { tenantId, name: "Manuals", embeddingModel: "e@p", parserConfig: {}, createdBy: userId };
      await d.db.insert(kb).values({ ...newKb, id: kbId });
      await expect(d.db.insert(kb).values({ ...newKb, id: newId() })).rejects.toSatisfy(isUniqueViolation);
      await d.db.insert(kb).values({ ...newKb, id: newId(), tenantId: otherTenantId });

      const docId = newId();
      await d.db.insert(d.t.documents).values({
        id: docId,
        kbId,
        name: "guide.pdf",
        suffix: "pdf",
        type: "pdf",
        size: 1234,
        storageKey: `kb/${kbId}/${docId}`,
        contentHash: sha256("guide"),
        chunkMethod: "naive",
        parserConfig: {},
        metadata: { author: "Ada", tags: ["a", "b"] },
        createdBy: userId,
      });
      const [withoutChunks, withChunks] = [newId(), newId()];
      await d.db.insert(d.t.tasks).values([
        { id: withoutChunks, docId, chunkIds: null },
        { id: withChunks, docId, chunkIds: ["c1", "c2"] },
      ]);
      const tasks = await d.db.select().from(d.t.tasks).where(eq(d.t.tasks.docId, docId));
      const byId = new Map(tasks.map((t) => [t.id, t.chunkIds]));
      expect(byId.get(withoutChunks)).toBeNull();
      expect(byId.get(withChunks)).toStrictEqual(["c1", "c2"]);

      const [doc] = await d.db.select().from(d.t.documents).where(eq(d.t.documents.id, docId));
      expect(doc).toMatchObject({
        metadata: { author: "Ada", tags: ["a", "b"] },
        enabled: true,
        run: "UNSTART",
      });

      // Deleting the knowledge base cascades to its documents and their tasks.
      await d.db.delete(kb).where(eq(kb.id, kbId));
      expect(await d.db.select().from(d.t.tasks).where(eq(d.t.tasks.docId, docId))).toEqual([]);
    });
  });
});
