import { Lexer, type MarkedToken, type Token } from "marked";
import { decodeEntities, decodeText, squash } from "./decode-text";
import { htmlToBlocks } from "./html-blocks";
import type { Block, ParsedDocument } from "./types";

/** Plain text of inline tokens: emphasis and links lose their markup, images keep their alt text. */
function inline(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return decodeEntities(fallback);
  return tokens
    .map((token) => {
      // marked only yields its own token types without extensions, which we never register.
      const t = token as MarkedToken;
      switch (t.type) {
        case "br":
          return "\n";
        case "codespan":
          return t.text;
        case "image":
          return t.text;
        case "html":
          return "";
        case "text":
        case "escape":
          return "tokens" in t && t.tokens ? inline(t.tokens, t.text) : decodeEntities(t.text);
        default:
          return "tokens" in t && t.tokens ? inline(t.tokens, "text" in t ? t.text : "") : "";
      }
    })
    .join("");
}

function blocksOf(tokens: Token[], out: Block[], table: { n: number }): void {
  for (const token of tokens) {
    const t = token as MarkedToken;
    switch (t.type) {
      case "heading":
        out.push({ kind: "heading", text: squash(inline(t.tokens, t.text)), level: t.depth });
        break;
      case "paragraph":
      case "text": {
        const text = inline(t.tokens, t.text)
          .split("\n")
          .map(squash)
          .filter((l) => l !== "")
          .join("\n");
        if (text !== "") out.push({ kind: "paragraph", text });
        break;
      }
      case "code":
        if (t.text.trim() !== "") out.push({ kind: "code", text: t.text });
        break;
      case "list":
        for (const item of t.items) blocksOf(item.tokens, out, table);
        break;
      case "blockquote":
        blocksOf(t.tokens, out, table);
        break;
      case "table": {
        table.n++;
        const header = t.header.map((c) => squash(inline(c.tokens, c.text)));
        out.push({ kind: "row", text: header.join(" | "), cells: header, isHeader: true, table: table.n });
        for (const row of t.rows) {
          const cells = row.map((c) => squash(inline(c.tokens, c.text)));
          out.push({ kind: "row", text: cells.join(" | "), cells, header, table: table.n });
        }
        break;
      }
      case "html":
        out.push(...htmlToBlocks(t.text).blocks);
        break;
      default:
        break;
    }
  }
}

/** Markdown through marked's lexer: ATX and setext headings keep their level, tables their rows. */
export function parseMarkdown(bytes: Uint8Array): ParsedDocument {
  let source = decodeText(bytes);
  let title: string | undefined;
  // YAML front matter would otherwise read as a setext heading; its title is kept as metadata.
  const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(source);
  if (front) {
    title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(front[1] ?? "")?.[1];
    source = source.slice(front[0].length);
  }
  const blocks: Block[] = [];
  blocksOf(Lexer.lex(source), blocks, { n: 0 });
  title ??= blocks.find((b) => b.kind === "heading")?.text;
  return {
    type: "markdown",
    pages: [{ number: 1, text: blocks.map((b) => b.text).join("\n"), blocks }],
    meta: { pageCount: 1, ...(title ? { title } : {}) },
  };
}
