/**
 * Why a document could not be parsed. The set is closed so that the service layer can map each
 * code to one HTTP status and one localized message; `rag` itself knows nothing about HTTP.
 */
export const PARSE_ERROR_CODES = [
  "EMPTY_FILE",
  "UNSUPPORTED_TYPE",
  "TYPE_MISMATCH",
  "ZIP_BOMB",
  "TOO_MANY_PAGES",
  "TIMEOUT",
  "ABORTED",
  "ENCRYPTED",
  "CORRUPT",
  "OCR_UNAVAILABLE",
] as const;
export type ParseErrorCode = (typeof PARSE_ERROR_CODES)[number];

export type ParseErrorDetails = {
  filename?: string;
  /** What the content looks like, e.g. "pdf", "text", "zip". */
  detected?: string;
  /** What the file name promised, e.g. "pdf". */
  expected?: string;
  limit?: number;
  actual?: number;
  /** Refused formats that another one can replace: the extension to save the file as ("docx"). */
  saveAs?: string;
  /** That refused format, named for people ("Word 97–2003 (.doc)"). */
  format?: string;
};

export class ParseError extends Error {
  readonly code: ParseErrorCode;
  readonly details: ParseErrorDetails;

  constructor(code: ParseErrorCode, message: string, details: ParseErrorDetails = {}, cause?: unknown) {
    super(message, cause === undefined ? {} : { cause });
    this.name = "ParseError";
    this.code = code;
    this.details = details;
  }
}

export function isParseError(error: unknown): error is ParseError {
  return error instanceof ParseError;
}
