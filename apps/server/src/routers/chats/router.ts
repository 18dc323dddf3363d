import { router } from "../../trpc";
import { createChatProcedure } from "./create";
import { deleteChatProcedure } from "./delete";
import { getChatProcedure } from "./get";
import { listChatsProcedure } from "./list";
import { updateChatProcedure } from "./update";

export const chatsRouter = router({
  list: listChatsProcedure,
  get: getChatProcedure,
  create: createChatProcedure,
  update: updateChatProcedure,
  delete: deleteChatProcedure,
});
