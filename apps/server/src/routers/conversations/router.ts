import { router } from "../../trpc";
import { completeProcedure } from "./complete";
import { createConversationProcedure } from "./create";
import { deleteConversationProcedure } from "./delete";
import { deleteMessageProcedure } from "./delete-message";
import { feedbackProcedure } from "./feedback";
import { getConversationProcedure } from "./get";
import { listConversationsProcedure } from "./list";
import { renameConversationProcedure } from "./rename";

export const conversationsRouter = router({
  list: listConversationsProcedure,
  get: getConversationProcedure,
  create: createConversationProcedure,
  rename: renameConversationProcedure,
  delete: deleteConversationProcedure,
  feedback: feedbackProcedure,
  deleteMessage: deleteMessageProcedure,
  complete: completeProcedure,
});
