import { Route, Routes } from "react-router";
import { ChatEditorPage } from "./chat-editor-page";
import { ChatPage } from "./chat-page";
import { ChatsPage } from "./chats-page";

/** Everything under /chats (mounted by app-routes.tsx as a descendant route). */
export function ChatRoutes() {
  return (
    <Routes>
      <Route index element={<ChatsPage />} />
      <Route path="new" element={<ChatEditorPage />} />
      <Route path=":chatId" element={<ChatPage />} />
      <Route path=":chatId/c/:conversationId" element={<ChatPage />} />
      <Route path=":chatId/edit" element={<ChatEditorPage />} />
    </Routes>
  );
}
