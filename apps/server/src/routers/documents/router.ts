import { router } from "../../trpc";
import { cancelDocumentsProcedure } from "./cancel";
import { deleteDocumentProcedure } from "./delete";
import { getDocumentProcedure } from "./get";
import { listDocumentsProcedure } from "./list";
import { progressProcedure } from "./progress";
import { runDocumentsProcedure } from "./run";
import { updateDocumentProcedure } from "./update";

// Upload (multipart) and download are plain REST routes: see rest/document-files.ts.
export const documentsRouter = router({
  list: listDocumentsProcedure,
  get: getDocumentProcedure,
  update: updateDocumentProcedure,
  delete: deleteDocumentProcedure,
  run: runDocumentsProcedure,
  cancel: cancelDocumentsProcedure,
  progress: progressProcedure,
});
