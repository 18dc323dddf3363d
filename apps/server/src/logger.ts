import type { FastifyBaseLogger } from "fastify";
import pino from "pino";

// Never log credentials: headers are not logged by default; these cover bodies and errors.
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.password",
  "*.newPassword",
  "*.currentPassword",
  "*.token",
  "*.secret",
  "*.apiKey",
];

/** Strips secrets that can ride in a URL (reset links) before a request line is logged. */
export function redactUrl(url: string): string {
  // Any parameter whose name holds one of these words: token, access_token, apiKey, api_key, password…
  return url.replace(/([?&][^=&]*(?:token|key|secret|password)[^=&]*=)[^&]*/gi, "$1[redacted]");
}

/** The process logger: pino with credentials redacted and secret-bearing query strings masked. */
export function createLogger(level: string, destination?: pino.DestinationStream): FastifyBaseLogger {
  const options: pino.LoggerOptions = {
    level,
    redact: REDACT_PATHS,
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
      }),
    },
  };
  // The destination is for tests that read what would be logged; the process logs to stdout.
  return destination ? pino(options, destination) : pino(options);
}
