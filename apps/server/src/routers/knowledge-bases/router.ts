import { router } from "../../trpc";
import { createKnowledgeBaseProcedure } from "./create";
import { deleteKnowledgeBaseProcedure } from "./delete";
import { getKnowledgeBaseProcedure } from "./get";
import { listKnowledgeBasesProcedure } from "./list";
import { updateKnowledgeBaseProcedure } from "./update";

export const knowledgeBasesRouter = router({
  list: listKnowledgeBasesProcedure,
  get: getKnowledgeBaseProcedure,
  create: createKnowledgeBaseProcedure,
  update: updateKnowledgeBaseProcedure,
  delete: deleteKnowledgeBaseProcedure,
});
