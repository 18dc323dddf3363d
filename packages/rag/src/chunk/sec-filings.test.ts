import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { secFilingUrl } from "../../test/fixtures";
import { parseDocument } from "../parse/index";
import { chunkDocument } from "./index";

describe("the 10-Q filings, parsed and chunked", () => {
  it("puts Apple's net sales row in a chunk with its page number and position", async () => {
    const bytes = new Uint8Array(readFileSync(secFilingUrl("AAPL")));
    const chunks = chunkDocument(await parseDocument(bytes, { filename: "2022-Q3-AAPL.pdf" }), "naive");
    const chunk = chunks.find((c) => c.content.includes("Total net sales | 82,959"));
    expect(chunk?.pageNumbers).toContain(4);
    expect(chunk?.positions.some(([page]) => page === 4)).toBe(true);
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(512);
  });

  it("finds a statement row in every filing's chunks", async () => {
    // A figure from each company's income statement for the quarter, as printed in the filing.
    const rows: Array<["AMZN" | "INTC" | "MSFT" | "NVDA", RegExp]> = [
      ["AMZN", /Total net sales \| 110,812 \| 127,101/],
      ["INTC", /Net revenue \| \$ 15,338/],
      ["MSFT", /Total revenue \| 50,122/],
      ["NVDA", /Revenue \| \$ 5,931/],
    ];
    for (const [ticker, pattern] of rows) {
      const bytes = new Uint8Array(readFileSync(secFilingUrl(ticker)));
      const parsed = await parseDocument(bytes, { filename: `${ticker}.pdf` });
      const chunk = chunkDocument(parsed, "naive").find((c) => pattern.test(c.content));
      expect(chunk?.pageNumbers.length, ticker).toBeGreaterThan(0);
    }
  });
});
