import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";

let encoder: Tiktoken | undefined;

/**
 * cl100k_base (the GPT-3.5/4 and text-embedding-ada/3 vocabulary), as RAGFlow counts chunk sizes.
 * The ranks ship inside js-tiktoken; the encoder is built on first use, not at import time.
 */
function getEncoder(): Tiktoken {
  encoder ??= new Tiktoken(cl100k);
  return encoder;
}

/**
 * Special-token strings such as "<|endoftext|>" inside a document are plain text to us; by
 * default js-tiktoken would throw on them.
 */
export function encodeTokens(text: string): number[] {
  return getEncoder().encode(text, [], []);
}

export function decodeTokens(tokens: number[]): string {
  return getEncoder().decode(tokens);
}

export function countTokens(text: string): number {
  return text === "" ? 0 : encodeTokens(text).length;
}

/** The longest prefix of `text` that fits in `max` tokens. */
export function truncateToTokens(text: string, max: number): string {
  const tokens = encodeTokens(text);
  return tokens.length <= max ? text : decodeTokens(tokens.slice(0, Math.max(0, max)));
}
