/**
 * The relational schema. Both dialects export the same table names with the same row types
 * (checked at compile time in `parity.ts` and at run time by the contract suite); queries are
 * written once against the PostgreSQL-typed tables (`pg`) and run on whichever dialect is connected.
 */
import * as mysql from "./mysql/index";
import * as pg from "./pg/index";

export * from "./types";
export { mysql, pg };

export type Tables = typeof pg;
export type TableName = keyof Tables;
type RowOf<T> = T extends { $inferSelect: infer R } ? R : never;
type InsertOf<T> = T extends { $inferInsert: infer R } ? R : never;

export type UserRow = RowOf<Tables["users"]>;
export type SessionRow = RowOf<Tables["sessions"]>;
export type TenantRow = RowOf<Tables["tenants"]>;
export type TenantMemberRow = RowOf<Tables["tenantMembers"]>;
export type ApiKeyRow = RowOf<Tables["apiKeys"]>;
export type PasswordResetRow = RowOf<Tables["passwordResets"]>;
export type ModelProviderRow = RowOf<Tables["modelProviders"]>;
export type ModelRow = RowOf<Tables["models"]>;
export type KnowledgeBaseRow = RowOf<Tables["knowledgeBases"]>;
export type DocumentRow = RowOf<Tables["documents"]>;
export type TaskRow = RowOf<Tables["tasks"]>;
export type ChatRow = RowOf<Tables["chats"]>;
export type ConversationRow = RowOf<Tables["conversations"]>;
export type AgentRow = RowOf<Tables["agents"]>;
export type NewUser = InsertOf<Tables["users"]>;
