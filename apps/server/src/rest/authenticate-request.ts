import {
  type Actor,
  AppError,
  authenticate,
  type Deps,
  isLanguage,
  type Language,
  languageFromHeader,
} from "@ragtime/core";
import type { FastifyRequest } from "fastify";
import { credentialsOf } from "../context";

/** The same authentication as tRPC's `authedProcedure`, for plain Fastify routes (upload, download). */
export async function authenticateRequest(
  deps: Deps,
  req: FastifyRequest,
): Promise<{ actor: Actor; lang: Language }> {
  const { token, tenantId } = credentialsOf(req);
  const auth = token ? await authenticate(deps, { token, tenantId }) : undefined;
  if (!auth) throw new AppError("UNAUTHORIZED");
  const lang = isLanguage(auth.user.language)
    ? auth.user.language
    : (languageFromHeader(req.headers["accept-language"]) ?? "en");
  return { actor: auth.actor, lang };
}
