import { type AddressObject, simpleParser } from "mailparser";
import { ParseError } from "../errors";
import type { Budget } from "./budget";
import { htmlToBlocks } from "./html-blocks";
import type { Block, ParsedDocument, ParseOptions } from "./types";

/** "Alice <alice@example.com>, bob@example.com", without the quotes mailparser's `text` adds. */
const addresses = (value: AddressObject | AddressObject[] | undefined): string =>
  value === undefined
    ? ""
    : (Array.isArray(value) ? value : [value])
        .flatMap((a) => a.value)
        .map((v) => (v.name ? `${v.name} <${v.address ?? ""}>` : (v.address ?? "")))
        .filter((v) => v !== "")
        .join(", ");

/**
 * An RFC 822 message through mailparser: the subject is the heading, the sender, recipients and
 * date are a paragraph (people search mail by them), then the body — the text part, or the HTML
 * part read like an HTML file. Attachments are listed by name in `meta.extra`, not parsed.
 */
export async function parseEml(
  bytes: Uint8Array,
  options: ParseOptions,
  budget: Budget,
): Promise<ParsedDocument> {
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await budget.race(
      simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipImageLinks: true }),
    );
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError(
      "CORRUPT",
      `"${options.filename}" is not a readable mail message`,
      { filename: options.filename },
      error,
    );
  }
  const subject = mail.subject?.trim() ?? "";
  const from = addresses(mail.from);
  const to = addresses(mail.to);
  const cc = addresses(mail.cc);
  const date = mail.date ? mail.date.toISOString() : "";
  const headerLines = [
    from && `From: ${from}`,
    to && `To: ${to}`,
    cc && `Cc: ${cc}`,
    date && `Date: ${date}`,
  ].filter((l) => l !== "");

  const blocks: Block[] = [];
  if (subject) blocks.push({ kind: "heading", text: subject, level: 1 });
  if (headerLines.length > 0) blocks.push({ kind: "paragraph", text: headerLines.join("\n") });
  if (mail.text && mail.text.trim() !== "") {
    for (const para of mail.text.replace(/\r\n?/g, "\n").split(/\n[ \t]*\n+/)) {
      if (para.trim() !== "") blocks.push({ kind: "paragraph", text: para.trim() });
    }
  } else if (typeof mail.html === "string") {
    blocks.push(...htmlToBlocks(mail.html).blocks);
  }
  const attachments = mail.attachments.map((a) => a.filename ?? a.contentType);
  return {
    type: "eml",
    pages: [{ number: 1, text: blocks.map((b) => b.text).join("\n"), blocks }],
    meta: {
      pageCount: 1,
      ...(subject ? { title: subject } : {}),
      ...(from ? { author: from } : {}),
      extra: {
        ...(to ? { to } : {}),
        ...(cc ? { cc } : {}),
        ...(date ? { date } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
      },
    },
  };
}
