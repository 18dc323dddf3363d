export * from "./client";
export * from "./queries/api-keys";
export * from "./queries/documents";
export * from "./queries/knowledge-bases";
export * from "./queries/tenants";
export * from "./queries/users";
export * from "./schema/index";
