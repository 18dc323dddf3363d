import { Navigate, Route, Routes } from "react-router";
import { ChunksPage } from "./chunks-page";
import { DocumentsPage } from "./documents-page";
import { KnowledgeBaseLayout } from "./knowledge-base-layout";
import { KnowledgeBasesPage } from "./knowledge-bases-page";
import { RetrievalPage } from "./retrieval-page";
import { SettingsPage } from "./settings-page";

/** Everything under /knowledge-bases (mounted by app-routes.tsx as a descendant route). */
export function KnowledgeRoutes() {
  return (
    <Routes>
      <Route index element={<KnowledgeBasesPage />} />
      <Route path=":kbId" element={<KnowledgeBaseLayout />}>
        <Route index element={<Navigate to="documents" replace />} />
        <Route path="documents" element={<DocumentsPage />} />
        <Route path="documents/:documentId" element={<ChunksPage />} />
        <Route path="retrieval" element={<RetrievalPage />} />
        <Route path="settings" element={<SettingsPage />} />
      </Route>
    </Routes>
  );
}
