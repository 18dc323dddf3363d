/** The subset of pino's logger the service layer uses. */
export type LogFn = (obj: object, msg?: string) => void;
export type Logger = { info: LogFn; warn: LogFn; error: LogFn; debug: LogFn };

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
