import { load } from "cheerio";
import { ParseError } from "../errors";
import { assertPageCount, type Budget, isPageWanted } from "./budget";
import { decodeEntities, squash } from "./decode-text";
import type { Block, Page, ParsedDocument, ParseOptions } from "./types";

type XmlNode = {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: XmlNode[];
};

const SLIDE = /^ppt\/slides\/slide(\d+)\.xml$/;
const utf8 = new TextDecoder();

const tags = (node: XmlNode, name: string): XmlNode[] => {
  const out: XmlNode[] = [];
  const visit = (n: XmlNode) => {
    for (const c of n.children ?? []) {
      if (c.name === name) out.push(c);
      else visit(c);
    }
  };
  visit(node);
  return out;
};

/** A DrawingML paragraph: its runs, fields and line breaks. */
function paragraphText(p: XmlNode): string {
  let text = "";
  const visit = (n: XmlNode) => {
    for (const c of n.children ?? []) {
      if (c.type === "text") text += c.data ?? "";
      else if (c.name === "a:br") text += "\n";
      else if (c.name !== "a:pPr" && c.name !== "a:rPr") visit(c);
    }
  };
  visit(p);
  return text
    .split("\n")
    .map(squash)
    .filter((l) => l !== "")
    .join("\n");
}

const shapeText = (shape: XmlNode) =>
  tags(shape, "a:p")
    .map(paragraphText)
    .filter((t) => t !== "")
    .join("\n");

function slideBlocks(root: XmlNode): { blocks: Block[]; title?: string } {
  const blocks: Block[] = [];
  let title: string | undefined;
  let table = 0;
  const walk = (node: XmlNode) => {
    for (const child of node.children ?? []) {
      if (child.name === "p:sp") {
        const type = tags(child, "p:ph")[0]?.attribs?.type;
        const text = shapeText(child);
        if (text === "") continue;
        if (type === "title" || type === "ctrTitle") {
          const heading = text.replace(/\n/g, " ");
          title ??= heading;
          blocks.push({ kind: "heading", text: heading, level: 1 });
        } else blocks.push({ kind: "paragraph", text });
      } else if (child.name === "a:tbl") {
        table++;
        const rows = tags(child, "a:tr").map((tr) =>
          tags(tr, "a:tc").map((tc) => shapeText(tc).replace(/\n/g, " ")),
        );
        rows.forEach((cells, i) => {
          const block: Block = { kind: "row", text: cells.join(" | "), cells, table };
          // Slide tables nearly always title their columns in the first row.
          if (i === 0 && rows.length > 1) block.isHeader = true;
          else if (rows.length > 1 && rows[0]) block.header = rows[0];
          blocks.push(block);
        });
      } else walk(child);
    }
  };
  walk(root);
  return title === undefined ? { blocks } : { blocks, title };
}

/** Slide files in presentation order (sldIdLst → relationships), falling back to file numbers. */
function slideOrder(files: Map<string, Uint8Array>): string[] {
  const numbered = [...files.keys()]
    .filter((n) => SLIDE.test(n))
    .sort((a, b) => Number(SLIDE.exec(a)?.[1]) - Number(SLIDE.exec(b)?.[1]));
  const presentation = files.get("ppt/presentation.xml");
  const rels = files.get("ppt/_rels/presentation.xml.rels");
  if (!presentation || !rels) return numbered;
  const targets = new Map<string, string>();
  for (const m of utf8.decode(rels).matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, `ppt/${target.replace(/^\/?(ppt\/)?/, "")}`);
  }
  const ordered = [...utf8.decode(presentation).matchAll(/<p:sldId\b[^>]*\br:id="([^"]+)"/g)]
    .map((m) => targets.get(m[1] ?? ""))
    .filter((n): n is string => n !== undefined && files.has(n));
  return ordered.length > 0 ? ordered : numbered;
}

/**
 * PPTX read directly from its slide XML (fflate + cheerio in XML mode): one page per slide in
 * presentation order, the title placeholder as a heading, each text shape as a paragraph, and
 * slide tables as rows. Speaker notes are not read. `files` are the parts `isPptxPart` kept when
 * the zip guard inflated the archive.
 */
export function parsePptx(
  files: Map<string, Uint8Array>,
  options: ParseOptions,
  budget: Budget,
): ParsedDocument {
  const order = slideOrder(files);
  if (!files.has("ppt/presentation.xml")) {
    throw new ParseError("CORRUPT", `"${options.filename}" has no presentation part`, {
      filename: options.filename,
    });
  }
  assertPageCount(order.length, budget, "slides");
  const pages: Page[] = [];
  order.forEach((name, index) => {
    const number = index + 1;
    if (!isPageWanted(number, options.pages)) return;
    budget.check();
    const xml = files.get(name);
    if (!xml) return;
    const root = load(utf8.decode(xml), { xml: true }).root()[0];
    const { blocks, title } = root ? slideBlocks(root) : { blocks: [], title: undefined };
    pages.push({
      number,
      text: blocks.map((b) => b.text).join("\n"),
      blocks,
      ...(title === undefined ? {} : { title }),
    });
  });
  const core = files.get("docProps/core.xml");
  const docTitle = core ? /<dc:title>([^<]*)<\/dc:title>/.exec(utf8.decode(core))?.[1]?.trim() : undefined;
  const title = docTitle ? decodeEntities(docTitle) : undefined;
  return {
    type: "pptx",
    pages,
    meta: { pageCount: order.length, ...(title ? { title } : {}) },
  };
}
