export * from "./accounts";
export * from "./agents";
export * from "./chats";
export * from "./chunks";
export * from "./knowledge";
export * from "./models";
export * from "./tenants";
