import type { Logger } from "./logger";

export type Mail = { to: string; subject: string; text: string };
export type Mailer = { send(mail: Mail): Promise<void> };

/**
 * Development mailer: writes the e-mail to the log so a developer can follow a reset link
 * (SPEC §8). Never used in production, where a missing SMTP setup is logged instead.
 */
export function createLogMailer(logger: Logger, isProduction: boolean): Mailer {
  return {
    async send(mail) {
      if (isProduction) {
        logger.warn(
          { to: "(redacted)", subject: mail.subject },
          "no SMTP server configured: e-mail not sent",
        );
        return;
      }
      logger.info({ mail }, "development mailer: e-mail written to the log instead of being sent");
    },
  };
}

/** Collects e-mails in memory (tests read the reset link from it). */
export function createMemoryMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return {
    sent,
    async send(mail) {
      sent.push(mail);
    },
  };
}
