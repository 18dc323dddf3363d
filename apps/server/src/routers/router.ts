import { router } from "../trpc";
import { apiKeysRouter } from "./api-keys/router";
import { authRouter } from "./auth/router";
import { chunksRouter } from "./chunks/router";
import { documentsRouter } from "./documents/router";
import { knowledgeBasesRouter } from "./knowledge-bases/router";
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
});

export type AppRouter = typeof appRouter;
