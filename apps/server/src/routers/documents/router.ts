import { router } from "../../trpc";
import { deleteDocumentProcedure } from "./delete";
import { getDocumentProcedure } from "./get";
import { listDocumentsProcedure } from "./list";
import { updateDocumentProcedure } from "./update";

// Upload (multipart) and download are plain REST routes: see rest/document-files.ts.
export const documentsRouter = router({
  list: listDocumentsProcedure,
  get: getDocumentProcedure,
  update: updateDocumentProcedure,
  delete: deleteDocumentProcedure,
});
