import { load } from "cheerio";
import { squash } from "./decode-text";
import { looksLikeHeader } from "./table-header";
import type { Block } from "./types";

/** The part of a DOM node the walker reads; cheerio's nodes satisfy it structurally. */
type DomNode = {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
};

const SKIPPED = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "head",
  "svg",
  "canvas",
  "iframe",
  "object",
  "select",
  "button",
]);
const BLOCKS = new Set([
  "p",
  "div",
  "section",
  "article",
  "main",
  "header",
  "footer",
  "aside",
  "nav",
  "ul",
  "ol",
  "li",
  "dl",
  "dt",
  "dd",
  "blockquote",
  "figure",
  "figcaption",
  "form",
  "fieldset",
  "address",
  "hr",
  "details",
  "summary",
  "center",
  "body",
  "html",
]);

/**
 * Walks an HTML tree into blocks: h1–h6 become headings with their level, tables become rows
 * (the first row is the header when it uses <th> or sits in <thead>), <pre> stays verbatim, and
 * everything else becomes paragraphs split at block elements. Used for HTML files, for DOCX
 * (mammoth renders Word headings as h1–h6) and for HTML mail bodies.
 */
export function htmlToBlocks(html: string): { blocks: Block[]; title?: string } {
  const $ = load(html);
  const title = squash($("title").first().text());
  const blocks: Block[] = [];
  let buffer = "";
  let table = 0;

  const flush = () => {
    const text = buffer
      .split("\n")
      .map(squash)
      .filter((l) => l !== "")
      .join("\n");
    if (text !== "") blocks.push({ kind: "paragraph", text });
    buffer = "";
  };

  const walk = (node: DomNode) => {
    if (node.type === "text") {
      buffer += (node.data ?? "").replace(/\s+/g, " ");
      return;
    }
    if (node.type !== "tag" && node.type !== "root") return;
    const name = node.name ?? "";
    if (SKIPPED.has(name)) return;
    const heading = /^h([1-6])$/.exec(name);
    if (heading) {
      flush();
      const text = squash(inlineText(node));
      if (text !== "") blocks.push({ kind: "heading", text, level: Number(heading[1]) });
      return;
    }
    if (name === "table") {
      flush();
      table++;
      blocks.push(...tableRows(node, table));
      return;
    }
    if (name === "pre") {
      flush();
      const text = rawText(node).replace(/^\n+|\s+$/g, "");
      if (text !== "") blocks.push({ kind: "code", text });
      return;
    }
    if (name === "br") {
      buffer += "\n";
      return;
    }
    const isBlock = BLOCKS.has(name);
    if (isBlock) flush();
    for (const child of node.children ?? []) walk(child);
    if (isBlock) flush();
  };

  const root = $.root()[0];
  if (root) walk(root);
  flush();
  return title ? { blocks, title } : { blocks };
}

function rawText(node: DomNode): string {
  if (node.type === "text") return node.data ?? "";
  if (node.name === "br") return "\n";
  if (node.name && SKIPPED.has(node.name)) return "";
  return (node.children ?? []).map(rawText).join("");
}

function inlineText(node: DomNode): string {
  return rawText(node).replace(/\s+/g, " ");
}

function collectRows(node: DomNode, inHead: boolean, out: Array<{ node: DomNode; inHead: boolean }>): void {
  for (const child of node.children ?? []) {
    if (child.type !== "tag") continue;
    // Rows of nested tables are read as the text of their cell, not as rows of this table.
    if (child.name === "table") continue;
    if (child.name === "tr") out.push({ node: child, inHead });
    else collectRows(child, inHead || child.name === "thead", out);
  }
}

function tableRows(tableNode: DomNode, table: number): Block[] {
  const rows: Array<{ node: DomNode; inHead: boolean }> = [];
  collectRows(tableNode, false, rows);
  const parsed = rows
    .map(({ node, inHead }) => {
      const cells = (node.children ?? []).filter(
        (c) => c.type === "tag" && (c.name === "td" || c.name === "th"),
      );
      const isHeaderRow = inHead || (cells.length > 0 && cells.every((c) => c.name === "th"));
      return { cells: cells.map((c) => squash(inlineText(c))), isHeaderRow };
    })
    .filter((r) => r.cells.some((c) => c !== ""));
  const first = parsed[0];
  // Word and many pages mark no header cells; a first row that reads like column names counts.
  const hasHeader = first !== undefined && (first.isHeaderRow || looksLikeHeader(parsed.map((r) => r.cells)));
  const header = hasHeader ? first.cells : undefined;
  return parsed.map((r, i) => {
    const block: Block = { kind: "row", text: r.cells.join(" | "), cells: r.cells, table };
    if (i === 0 && header) block.isHeader = true;
    else if (header) block.header = header;
    return block;
  });
}
