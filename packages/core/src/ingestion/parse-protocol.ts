// Messages between the parse pool (main thread) and its workers. Types only.
import type { IndexChunkInput } from "@ragtime/db";

export type ToParseWorker =
  | {
      type: "parse";
      id: number;
      /** Transferred, not copied. */
      bytes: Uint8Array;
      doc: { id: string; name: string };
      language: string;
      chunkMethod: string;
      parserConfig: unknown;
      pages?: [number, number][];
      /** 0 for a whole document; orders chunks across a PDF's page ranges. */
      fromPage: number;
    }
  | { type: "cancel"; id: number };

export type FromParseWorker =
  | { type: "done"; id: number; pages: number; chunkCount: number; inputs: IndexChunkInput[] }
  | { type: "error"; id: number; message: string; code?: string; details?: unknown };
