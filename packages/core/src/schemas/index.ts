/**
 * Zod schemas of the public API's inputs and outputs. Browser-safe (zod and plain constants
 * only): the server validates with them and the web app builds its forms from them.
 */
export * from "./accounts";
export * from "./chats";
export * from "./chunks";
export * from "./documents";
export * from "./knowledge-bases";
export * from "./models";
export * from "./retrieval";
export * from "./system";
