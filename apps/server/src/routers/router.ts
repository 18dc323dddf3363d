import { router } from "../trpc";
import { apiKeysRouter } from "./api-keys/router";
import { authRouter } from "./auth/router";
import { chatsRouter } from "./chats/router";
import { chunksRouter } from "./chunks/router";
import { conversationsRouter } from "./conversations/router";
import { documentsRouter } from "./documents/router";
import { knowledgeBasesRouter } from "./knowledge-bases/router";
import { modelsRouter } from "./models/router";
import { retrievalRouter } from "./retrieval/router";
import { systemRouter } from "./system/router";
import { teamRouter } from "./team/router";
import { tenantsRouter } from "./tenants/router";
import { usersRouter } from "./users/router";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  tenants: tenantsRouter,
  team: teamRouter,
  apiKeys: apiKeysRouter,
  knowledgeBases: knowledgeBasesRouter,
  documents: documentsRouter,
  chunks: chunksRouter,
  models: modelsRouter,
  chats: chatsRouter,
  conversations: conversationsRouter,
  retrieval: retrievalRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
