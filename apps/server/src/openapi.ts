import {
  ZChatCompletionBody,
  ZCompletionEvent,
  ZCompletionResult,
  ZId,
  ZUploadDocumentsOutput,
} from "@ragtime/core/schemas";
import { generateOpenApiDocument } from "trpc-to-openapi";
import { z } from "zod";
import { appRouter } from "./routers/router";

export const REST_PREFIX = "/api/v1";

/** The OpenAPI 3.1 document of every REST-exposed procedure, generated from the tRPC router. */
export function buildOpenApiDocument() {
  return generateOpenApiDocument(appRouter, {
    title: "Ragtime API",
    description:
      "REST view of Ragtime's procedures. Authenticate with `Authorization: Bearer <token>` — an API key (`rt-…`) or a session token from /auth/login. Errors are JSON `{ message, code, data: { code, httpStatus, field?, issues?, requestId } }`; `message` follows Accept-Language (en, fr, zh).",
    version: "0.1.0",
    openApiVersion: "3.1.0",
    baseUrl: REST_PREFIX,
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer", description: "API key (rt-…) or session token" },
    },
    // The two file routes are plain Fastify routes (rest/document-files.ts); described here by hand.
    paths: {
      "/knowledge-bases/{kbId}/documents": {
        post: {
          tags: ["documents"],
          summary: "Upload files (multipart/form-data, any number of `file` parts) into a knowledge base",
          description:
            "Streams each file to storage. The type is decided by content and extension; unsupported or disguised files are refused with 415/400 naming the file, files over the size limit with 413; one refused file refuses the whole upload (nothing is kept). Existing names become `name(1).ext`.",
          security: [{ bearer: [] }],
          requestParams: { path: z.object({ kbId: ZId }) },
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: z.object({
                  file: z.string().meta({ format: "binary", description: "One or more files" }),
                }),
              },
            },
          },
          responses: {
            "200": {
              description: "The new documents (state UNSTART)",
              content: { "application/json": { schema: ZUploadDocumentsOutput } },
            },
            "400": { description: "Bad file name, empty file, or damaged file" },
            "404": { description: "Knowledge base not found" },
            "413": { description: "A file is larger than UPLOAD_MAX_BYTES" },
            "415": { description: "Unsupported or disguised file type" },
          },
        },
      },
      "/chats/{chatId}/completions": {
        post: {
          tags: ["chats"],
          summary: "Ask a chat a question: the answer streams as server-sent events, then its reference",
          description:
            'In `conversationId`, or in a new conversation (its id is in the `x-ragtime-conversation-id` header and in the final event). With `stream: true` (default) the answer is `text/event-stream`: `data: {"type":"delta","content":"…"}` events, then `data: {"type":"done","result":{…}}` whose result holds the whole answer (citations `[ID:n]` checked, or inserted when the model wrote none) and the reference (cited chunks and docAggs); a failure after the stream started is `data: {"type":"error","code","message"}`. The answer is stored even if the client disconnects. With `stream: false`, the result as JSON. OpenAI tooling can use `POST /api/openai/{chatId}/chat/completions` (OpenAI wire format, `reference: true` for the reference).',
          security: [{ bearer: [] }],
          requestParams: { path: z.object({ chatId: ZId }) },
          requestBody: {
            required: true,
            content: { "application/json": { schema: ZChatCompletionBody } },
          },
          responses: {
            "200": {
              description: "Server-sent events (stream) or the final result (stream: false)",
              content: {
                "text/event-stream": { schema: ZCompletionEvent },
                "application/json": { schema: ZCompletionResult },
              },
            },
            "400": { description: "Invalid question or variables, naming the field" },
            "403": { description: "The chat uses a knowledge base you cannot read" },
            "404": { description: "Chat or conversation not found" },
          },
        },
      },
      "/documents/{id}/download": {
        get: {
          tags: ["documents"],
          summary: "Download a document's original file",
          security: [{ bearer: [] }],
          requestParams: { path: z.object({ id: ZId }) },
          responses: {
            "200": {
              description: "The file as uploaded",
              content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } },
            },
            "404": { description: "Document not found" },
          },
        },
      },
    },
  });
}
