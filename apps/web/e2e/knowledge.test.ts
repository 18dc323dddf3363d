/**
 * The knowledge screens end to end: knowledge bases, uploads with live parsing progress, chunks,
 * retrieval test, settings and deletion — in Chromium, against the real server with in-process
 * ingestion workers on an in-memory PGlite (embedding off: the keyword leg answers retrieval).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MESSAGES } from "@ragtime/core";
import { startTestServer, type TestServer, testBackends } from "@ragtime/server/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeDocx } from "../../server/test/office-fixtures";
import { en } from "../src/i18n/locales/en";
import { fr } from "../src/i18n/locales/fr";
import { zh } from "../src/i18n/locales/zh";
import { ask, createAssistant, openCitation } from "./chat-steps";
import {
  expectCleanPage,
  field,
  launchBrowser,
  openPage,
  type PageOptions,
  PHONE,
  privateWebDist,
  saveFailureScreenshots,
  screenshot,
  signIn,
  signUp,
  uniqueEmail,
} from "./harness";

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SEC = "/work/shared/data/sec-10q";
const PDFS = ["2022-Q3-AAPL.pdf", "2022-Q3-NVDA.pdf"];
const k = en.knowledge;

let server: TestServer;
let baseUrl: string;
let browser: Browser;
const pages: Page[] = [];

async function newPage(options: PageOptions = {}): Promise<Page> {
  const page = await openPage(browser, baseUrl, options);
  pages.push(page);
  return page;
}

// A private copy of the built app: another test file's global setup may rebuild dist/ meanwhile.
let webDist: Awaited<ReturnType<typeof privateWebDist>> | undefined;

beforeAll(async () => {
  if (!existsSync(path.join(webRoot, "dist", "index.html"))) throw new Error("the web app is not built");
  webDist = await privateWebDist();
  const [pglite] = testBackends();
  if (!pglite) throw new Error("no PGlite backend");
  const [started, launched] = await Promise.all([
    (async () => {
      const s = await startTestServer(await pglite.open(), {
        workers: true,
        webDist: webDist.dir,
        // Small page tasks: a PDF runs as several tasks, so its bar moves through real steps.
        config: { AUTH_RATE_LIMIT_PER_IP: 10_000, PDF_PAGES_PER_TASK: 3 },
      });
      return { s, url: await s.listen() };
    })(),
    launchBrowser(),
  ]);
  server = started.s;
  baseUrl = started.url;
  browser = launched;
});

afterEach(async (context) => {
  if (context.task.result?.state === "fail") await saveFailureScreenshots(pages, context.task.name);
  await Promise.all(pages.splice(0).map((p) => p.context().close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await webDist?.remove();
});

/** Records every parsing state and progress bar the documents table shows, however briefly. */
async function watchRunStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = { runs: [] as string[], bars: 0, values: [] as string[] };
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    const record = () => {
      for (const el of document.querySelectorAll("[data-testid=run-status]")) {
        const run = el.getAttribute("data-run") ?? "";
        if (seen.runs.at(-1) !== run) seen.runs.push(run);
      }
      for (const bar of document.querySelectorAll("[data-testid=parse-progress] [role=progressbar]")) {
        seen.bars += 1;
        seen.values.push(bar.getAttribute("aria-valuenow") ?? "");
      }
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-run", "aria-valuenow"],
    });
  });
}

async function seenStates(page: Page): Promise<{ runs: string[]; bars: number; values: string[] }> {
  return page.evaluate(
    () => (window as unknown as { __seen: { runs: string[]; bars: number; values: string[] } }).__seen,
  );
}

/** Drops a file on the drop zone the way a browser does: a drop event carrying a DataTransfer. */
async function dropFile(
  page: Page,
  name: string,
  bytes: Uint8Array,
  type: string,
  labels = en,
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, base64, type }) => {
      const binary = atob(base64);
      const data = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type }));
      return transfer;
    },
    { name, base64: Buffer.from(bytes).toString("base64"), type },
  );
  const zone = page.getByTestId("drop-zone");
  await zone.dispatchEvent("dragenter", { dataTransfer });
  await page.getByText(labels.knowledge.documents.dropActive).waitFor();
  await zone.dispatchEvent("drop", { dataTransfer });
}

function documentRow(page: Page, name: string) {
  return page.locator(`[data-testid=document-row][data-name="${name}"]`);
}

describe("knowledge bases, documents, chunks and retrieval", () => {
  it("creates a KB, uploads two 10-Q PDFs and a DOCX, watches them parse live, opens a chunk, runs a retrieval test, asks a chat assistant", async () => {
    const page = await newPage();
    await signUp(page, uniqueEmail("kb"), "a long enough password");

    // The navigation leads to the (empty) list of knowledge bases.
    await page
      .getByRole("navigation", { name: en.nav.main })
      .getByRole("link", { name: k.nav.knowledgeBases })
      .click();
    await page.waitForURL("**/knowledge-bases");
    await page.getByRole("heading", { name: k.list.emptyTitle }).waitFor();
    await expectCleanPage(page);
    await screenshot(page, "knowledge-01-empty-list");

    // Create: an empty name is refused in words, then the KB is created and opened.
    await page.getByRole("button", { name: k.list.create }).first().click();
    const dialog = page.getByRole("dialog", { name: k.create.title });
    await dialog.getByRole("button", { name: k.create.submit }).click();
    await dialog.getByText(en.validation.required).waitFor();
    await dialog.getByRole("textbox", { name: k.create.name }).fill("Quarterly filings");
    await screenshot(page, "knowledge-02-create");
    await dialog.getByRole("button", { name: k.create.submit }).click();
    await page.waitForURL(/\/knowledge-bases\/[0-9a-f]{32}\/documents$/);
    await page.getByTestId("kb-title").getByText("Quarterly filings").waitFor();
    await page.getByRole("heading", { name: k.documents.emptyTitle }).waitFor();

    // Settings: parse only the first pages of each PDF, to keep the run short.
    await page.getByRole("tab", { name: k.kb.settings }).click();
    await page.waitForURL("**/settings");
    await page.getByText(k.chunkMethodHelp.naive).waitFor();
    const pagesField = field(page, k.settings.pages);
    await pagesField.fill("1-10-");
    await page.getByRole("button", { name: k.settings.save }).click();
    await page.getByText(k.settings.pagesInvalid).waitFor();
    await pagesField.fill("1-6");
    await page.getByRole("button", { name: k.settings.save }).click();
    await page.getByText(k.settings.saved).waitFor();
    await expectCleanPage(page);
    await screenshot(page, "knowledge-03-settings");

    // Upload: the PDFs through the file picker (opened from the keyboard), the DOCX by drag and drop.
    await page.getByRole("tab", { name: k.kb.documents }).click();
    await page.waitForURL("**/documents");
    await page.locator("[data-testid=live-indicator][data-live=true]").waitFor();
    await watchRunStates(page);
    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser"),
      page.getByRole("button", { name: k.documents.dropTitle }).press("Enter"),
    ]);
    await chooser.setFiles(PDFS.map((name) => path.join(SEC, name)));
    await dropFile(
      page,
      "travel-policy.docx",
      await makeDocx(),
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );

    // Per-file upload progress, then every document reaches DONE — pushed live, with bars on the way.
    await expect.poll(() => page.locator("[data-testid=upload-item]").count(), { timeout: 10_000 }).toBe(3);
    await expect
      .poll(() => page.locator("[data-testid=upload-item][data-state=done]").count(), { timeout: 30_000 })
      .toBe(3);
    // A picture of the bars while they move (best effort: parsing may already be over).
    await page
      .getByTestId("parse-progress")
      .first()
      .waitFor({ timeout: 5000 })
      .then(() => screenshot(page, "knowledge-04a-documents-parsing"))
      .catch(() => undefined);
    for (const name of [...PDFS, "travel-policy.docx"]) {
      await documentRow(page, name).locator("[data-run=DONE]").waitFor({ timeout: 90_000 });
    }
    const seen = await seenStates(page);
    // Queued and/or parsing states were on screen (under load React may fold a short RUNNING
    // into the next render), with their bars.
    expect(seen.runs.filter((run) => run === "QUEUED" || run === "RUNNING").length).toBeGreaterThan(0);
    expect(seen.bars, "progress bars shown while parsing").toBeGreaterThan(0);
    // Reached without reloading: the list was patched by the subscription (and nothing polled).
    for (const name of PDFS) {
      const chunks = Number(await documentRow(page, name).getByTestId("document-chunks").textContent());
      expect(chunks).toBeGreaterThan(0);
    }
    await expectCleanPage(page);
    await screenshot(page, "knowledge-04-documents-done");

    // The progress log of a document.
    await page
      .getByRole("button", { name: k.documents.progressLogFor.replace("{{name}}", PDFS[0] ?? "") })
      .click();
    await expect
      .poll(async () => (await page.getByTestId("progress-log").textContent()) ?? "", { timeout: 10_000 })
      .toMatch(/Pages? \d/);
    await screenshot(page, "knowledge-05-progress-log");
    await page.keyboard.press("Escape");

    // Filters: by name and by status.
    await page.getByRole("searchbox", { name: k.documents.searchLabel }).fill("NVDA");
    await expect.poll(() => page.locator("[data-testid=document-row]").count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole("searchbox", { name: k.documents.searchLabel }).fill("");
    await expect.poll(() => page.locator("[data-testid=document-row]").count(), { timeout: 10_000 }).toBe(3);

    // Metadata: invalid JSON is refused in words; a valid object is saved.
    await page
      .getByRole("button", { name: k.documents.actionsFor.replace("{{name}}", PDFS[0] ?? "") })
      .click();
    await page.getByRole("menuitem", { name: k.documents.metadata }).click();
    const editor = page.getByTestId("metadata-editor");
    await editor.fill('{"year": 2022,');
    await page.getByRole("button", { name: k.common.save }).click();
    await page.getByText(/This is not valid JSON/).waitFor();
    await editor.fill('{"year": 2022, "company": "Apple"}');
    await page.getByRole("button", { name: k.common.save }).click();
    await page.getByText(k.documents.metadataSaved).waitFor();

    // Download gives back the original file.
    const actionsOf = (name: string) =>
      page.getByRole("button", { name: k.documents.actionsFor.replace("{{name}}", name) });
    await actionsOf(PDFS[0] ?? "").click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: k.documents.download }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(PDFS[0]);
    const downloaded = await download.path();
    expect(readFileSync(downloaded).equals(readFileSync(path.join(SEC, PDFS[0] ?? "")))).toBe(true);

    // Rename: another extension is refused by the server, on the field; a proper name is kept.
    await actionsOf("travel-policy.docx").click();
    await page.getByRole("menuitem", { name: k.documents.rename }).click();
    const renameDialog = page.getByRole("dialog", { name: k.documents.renameTitle });
    const newName = renameDialog.getByRole("textbox", { name: k.documents.newName });
    await newName.fill("travel-policy.txt");
    await renameDialog.getByRole("button", { name: k.common.save }).click();
    await expect.poll(() => newName.getAttribute("aria-invalid"), { timeout: 10_000 }).toBe("true");
    await newName.fill("travel-policy-2022.docx");
    await renameDialog.getByRole("button", { name: k.common.save }).click();
    await page.getByText(k.documents.renamed).waitFor();
    const docx = documentRow(page, "travel-policy-2022.docx");
    await docx.waitFor();

    // Change its chunk method (its chunks are discarded, with a warning first), then parse it again.
    await actionsOf("travel-policy-2022.docx").click();
    await page.getByRole("menuitem", { name: k.documents.changeMethod }).click();
    const methodDialog = page.getByRole("dialog", {
      name: k.documents.methodTitle.replace("{{name}}", "travel-policy-2022.docx"),
    });
    await methodDialog.getByRole("combobox", { name: k.settings.chunkMethod }).click();
    await page.getByRole("option", { name: k.chunkMethods.one }).click();
    await methodDialog.getByText(k.documents.methodWarning).waitFor();
    await methodDialog.getByText(k.chunkMethodHelp.one).waitFor();
    await screenshot(page, "knowledge-05b-chunk-method");
    await methodDialog.getByRole("button", { name: k.common.save }).click();
    await page.getByText(k.documents.methodChanged).waitFor();
    await docx.getByText(k.chunkMethods.one).waitFor();
    await actionsOf("travel-policy-2022.docx").click();
    await page
      .getByRole("menuitem", { name: new RegExp(`^(${k.documents.run}|${k.documents.rerun})$`) })
      .click();
    await docx.locator("[data-run=DONE]").waitFor({ timeout: 60_000 });
    await expect.poll(() => docx.getByTestId("document-chunks").textContent(), { timeout: 10_000 }).toBe("1");

    // Disable it from the keyboard: the switch says so, and a notification confirms it.
    const enabled = docx.getByRole("switch", {
      name: k.documents.enabledLabel.replace("{{name}}", "travel-policy-2022.docx"),
    });
    expect(await enabled.isChecked()).toBe(true);
    await enabled.press("Space");
    await page.getByText(k.documents.disabledChanged).waitFor();
    await expect.poll(() => enabled.isChecked(), { timeout: 10_000 }).toBe(false);
    await expectCleanPage(page);

    // The chunks of a PDF carry the page they came from.
    await page.getByRole("link", { name: k.documents.openChunks.replace("{{name}}", PDFS[0] ?? "") }).click();
    await page.waitForURL(/\/documents\/[0-9a-f]{32}$/);
    await page
      .getByTestId("document-title")
      .getByText(PDFS[0] ?? "")
      .waitFor();
    const firstChunk = page.getByTestId("chunk-card").first();
    await firstChunk.waitFor();
    expect(await firstChunk.getByTestId("chunk-pages").textContent()).toMatch(/^Pages? \d+/);
    await expectCleanPage(page);
    await screenshot(page, "knowledge-06-chunks");

    // Open a chunk: its page, its text; edit its keywords.
    await firstChunk.getByTestId("chunk-edit").click();
    const chunkDialog = page.getByRole("dialog", { name: k.chunks.editTitle });
    expect(await chunkDialog.getByTestId("chunk-pages").textContent()).toMatch(/^Pages? \d+/);
    expect((await chunkDialog.getByTestId("chunk-content").inputValue()).length).toBeGreaterThan(0);
    await chunkDialog.getByRole("textbox", { name: k.chunks.keywords }).fill("quarterly report\nApple");
    await screenshot(page, "knowledge-07-chunk-editor");
    await chunkDialog.getByRole("button", { name: k.common.save }).click();
    await page.getByText(k.chunks.saved).waitFor();
    await page.getByTestId("chunk-card").first().getByText("quarterly report", { exact: true }).waitFor();

    // Add a chunk by hand; it is found by the chunk search.
    await page.getByRole("button", { name: k.chunks.add }).click();
    const addDialog = page.getByRole("dialog", { name: k.chunks.addTitle });
    await addDialog
      .getByRole("textbox", { name: k.chunks.content })
      .fill("Ragtime manual chunk about zebras.");
    await addDialog.getByRole("button", { name: k.common.save }).click();
    await page.getByText(k.chunks.added).waitFor();
    await page.getByRole("searchbox", { name: k.chunks.searchLabel }).fill("zebras");
    await expect.poll(() => page.getByTestId("chunk-card").count(), { timeout: 10_000 }).toBe(1);

    // Retrieval test: a ranked result with its three scores.
    await page.getByRole("tab", { name: k.kb.retrieval }).click();
    await page.waitForURL("**/retrieval");
    await page.getByText(k.retrieval.idle).waitFor();
    await field(page, k.retrieval.question).fill("iPhone net sales");
    await page.getByRole("switch", { name: k.retrieval.explain }).press("Space");
    await page.getByRole("button", { name: k.retrieval.submit }).click();
    const first = page.getByTestId("retrieval-result").first();
    await first.waitFor();
    expect(await first.getByTestId("retrieval-rank").textContent()).toBe("#1");
    const scores = first.locator("[role=progressbar]");
    expect(await scores.count()).toBe(3);
    const similarity = await scores.first().getAttribute("aria-label");
    expect(similarity).toMatch(new RegExp(`^${k.retrieval.similarity}: [01]\\.\\d{3}$`));
    expect(Number(similarity?.split(": ")[1])).toBeGreaterThan(0);
    expect(await first.locator("mark").count(), "highlighted terms").toBeGreaterThan(0);
    // Its keyword score, explained term by term.
    await first.getByTestId("term-explanation").locator("summary").click();
    const terms = first.getByRole("table", { name: k.retrieval.explanationFor.replace("{{rank}}", "1") });
    await terms.waitFor();
    expect(await terms.locator("tbody tr").count()).toBeGreaterThan(0);
    // Ranked: each result scores no higher than the one before it.
    const ranked = await page
      .getByTestId("retrieval-result")
      .evaluateAll((cards) =>
        cards.map((card) => Number(card.querySelector("[role=progressbar]")?.getAttribute("aria-valuenow"))),
      );
    expect(ranked.length).toBeGreaterThan(1);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    await expectCleanPage(page);
    await screenshot(page, "knowledge-08-retrieval");

    // The list shows the counters.
    await page.getByRole("link", { name: k.kb.allKnowledgeBases }).click();
    const card = page.getByTestId("kb-card").first();
    await card.waitFor();
    // Counters: 3 documents, and as many chunks as the documents hold (15 + the manual one).
    await expect
      .poll(() => card.getByTestId("kb-counters").textContent(), { timeout: 10_000 })
      .toMatch(/Documents\s*3\s*Chunks\s*[1-9]/);
    await expectCleanPage(page);
    await screenshot(page, "knowledge-09-list");

    // A chat assistant over this KB (the built-in extractive answerer: no model provider needed)
    // answers with a citation that opens the cited passage of the 10-Q.
    await createAssistant(page, {
      name: "Filings assistant",
      kbName: "Quarterly filings",
      chatModel: "extractive@builtin",
    });
    await ask(page, "What were Apple's total net sales?");
    await page
      .getByTestId("answer")
      .last()
      .getByText(/Total net sales/)
      .first()
      .waitFor();
    await openCitation(page, { contains: /Total net sales/, documentName: "2022-Q3-AAPL.pdf" });
    await expectCleanPage(page);
    await screenshot(page, "knowledge-10-chat");
  }, 300_000);

  it("stops a parse, deletes a knowledge base only after its name is typed, shows a missing one as an error", async () => {
    const page = await newPage();
    await signUp(page, uniqueEmail("kb-delete"), "a long enough password");
    await page.goto("/knowledge-bases");
    await page.getByRole("button", { name: k.list.create }).first().click();
    await page.getByRole("dialog").getByRole("textbox", { name: k.create.name }).fill("Scratch");
    await page.getByRole("dialog").getByRole("button", { name: k.create.submit }).click();
    await page.waitForURL("**/documents");

    // A long PDF (every page, in tasks of 3) is stopped while it parses.
    await page.locator("[data-testid=live-indicator][data-live=true]").waitFor();
    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser"),
      page.getByRole("button", { name: k.documents.dropTitle }).click(),
    ]);
    await chooser.setFiles(path.join(SEC, "2022-Q3-MSFT.pdf"));
    const row = documentRow(page, "2022-Q3-MSFT.pdf");
    await row.locator("[data-run=RUNNING], [data-run=QUEUED]").waitFor();
    await row.getByTestId("parse-progress").waitFor();
    await screenshot(page, "knowledge-09a-parsing");
    await row
      .getByRole("button", { name: k.documents.actionsFor.replace("{{name}}", "2022-Q3-MSFT.pdf") })
      .click();
    await page.getByRole("menuitem", { name: k.documents.cancelRun }).click();
    await page.getByText(k.documents.cancelled).waitFor();
    await row.locator("[data-run=CANCEL]").waitFor();
    await screenshot(page, "knowledge-09b-cancelled");

    await page.getByRole("tab", { name: k.kb.settings }).click();
    await page.getByRole("button", { name: k.settings.delete }).click();
    const confirm = page.getByRole("dialog", { name: k.settings.deleteTitle.replace("{{name}}", "Scratch") });
    const confirmButton = confirm.getByRole("button", { name: k.settings.delete });
    expect(await confirmButton.isDisabled()).toBe(true);
    await confirm.getByRole("textbox", { name: k.settings.deleteConfirmLabel }).fill("Scratch");
    await screenshot(page, "knowledge-10-delete-confirm");
    await confirmButton.click();
    await page.waitForURL("**/knowledge-bases");
    await page.getByRole("heading", { name: k.list.emptyTitle }).waitFor();

    await page.goto(`/knowledge-bases/${"0".repeat(32)}/documents`);
    await page.getByTestId("error-alert").waitFor();
    await expectCleanPage(page);
    await screenshot(page, "knowledge-11-missing-kb");
  }, 120_000);

  it("works in French (also on a phone) and Chinese", async () => {
    const email = uniqueEmail("kb-fr");
    const desktop = await newPage({ locale: "fr-FR" });
    await signUp(desktop, email, "a long enough password", fr);
    await desktop.goto("/knowledge-bases");
    await desktop.getByRole("heading", { name: fr.knowledge.list.emptyTitle }).waitFor();
    await desktop.getByRole("button", { name: fr.knowledge.list.create }).first().click();
    await desktop
      .getByRole("dialog")
      .getByRole("textbox", { name: fr.knowledge.create.name })
      .fill("Contrats");
    await desktop.getByRole("dialog").getByRole("button", { name: fr.knowledge.create.submit }).click();
    await desktop.waitForURL("**/documents");
    await desktop.getByText(fr.knowledge.documents.dropTitle).waitFor();
    await expectCleanPage(desktop);
    await screenshot(desktop, "knowledge-12-fr-documents");

    const phone = await newPage({ locale: "fr-FR", viewport: PHONE });
    await signIn(phone, email, "a long enough password", fr);
    await phone.waitForURL("**/profile");
    await phone.goto(desktop.url());
    await phone.getByText(fr.knowledge.documents.dropTitle).waitFor();
    await dropFile(
      phone,
      "notes.md",
      new TextEncoder().encode("# Notes\n\nLe contrat court jusqu'en 2027."),
      "text/markdown",
      fr,
    );
    await documentRow(phone, "notes.md").locator("[data-run=DONE]").waitFor({ timeout: 60_000 });
    // A refused file fails alone, with the server's reason in French.
    await dropFile(phone, "vide.txt", new Uint8Array(), "text/plain", fr);
    await phone
      .locator("[data-testid=upload-item][data-state=error]")
      .getByText(MESSAGES["error.emptyFile"].fr.replace("{name}", "vide.txt"))
      .waitFor();
    await expectCleanPage(phone);
    await screenshot(phone, "knowledge-13-fr-phone-documents");
    await phone.getByRole("tab", { name: fr.knowledge.kb.retrieval }).click();
    await field(phone, fr.knowledge.retrieval.question).fill("contrat");
    await phone.getByRole("button", { name: fr.knowledge.retrieval.submit }).click();
    await phone.getByTestId("retrieval-result").first().waitFor();
    await expectCleanPage(phone);
    await screenshot(phone, "knowledge-14-fr-phone-retrieval");
    await phone.getByRole("tab", { name: fr.knowledge.kb.settings }).click();
    await phone.getByRole("button", { name: fr.knowledge.settings.save }).waitFor();
    await expectCleanPage(phone);
    await screenshot(phone, "knowledge-14b-fr-phone-settings");
    await phone.getByRole("tab", { name: fr.knowledge.kb.documents }).click();
    await phone
      .getByRole("link", { name: fr.knowledge.documents.openChunks.replace("{{name}}", "notes.md") })
      .click();
    await phone.getByTestId("chunk-card").first().waitFor();
    await expectCleanPage(phone);
    await screenshot(phone, "knowledge-14c-fr-phone-chunks");
    await phone.goto("/knowledge-bases");
    await phone.getByTestId("kb-card").first().waitFor();
    await expectCleanPage(phone);
    await screenshot(phone, "knowledge-14d-fr-phone-list");

    const chinese = await newPage({ locale: "zh-CN" });
    await signUp(chinese, uniqueEmail("kb-zh"), "a long enough password", zh);
    await chinese
      .getByRole("navigation", { name: zh.nav.main })
      .getByRole("link", { name: zh.knowledge.nav.knowledgeBases })
      .click();
    await chinese.getByRole("heading", { name: zh.knowledge.list.emptyTitle }).waitFor();
    await expectCleanPage(chinese);
    await screenshot(chinese, "knowledge-15-zh-list");
  }, 180_000);
});
