/**
 * Chat in a real browser: an assistant over a knowledge base with a parsed document, a question,
 * the answer streamed as Markdown with a citation that opens the cited passage and its document —
 * answered by a chat model (a fake OpenAI-compatible server on loopback) and by the built-in
 * extractive answerer. Also: stop generating, feedback, conversations, a phone.
 */
import {
  createDeps,
  createMemoryMailer,
  type RuntimeDeps,
  silentLogger,
  startIngestionWorkers,
  type TaskWorker,
  testConfig,
} from "@ragtime/core";
import { type FakeLlm, startFakeLlm } from "@ragtime/core/testing";
import { buildServer } from "@ragtime/server";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { en } from "../src/i18n/locales/en";
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
} from "./harness";

const w = en.workspace;

const HANDBOOK = [
  "# Harbor handbook",
  "",
  "The Ragtime lighthouse was built in 1887 on the northern pier. Its lamp is lit every evening at dusk.",
  "",
  "Boats must keep a speed below five knots inside the harbor basin.",
].join("\n");
const HANDBOOK_CITATION = { contains: "1887", documentName: "harbor-handbook.md" };
/** The fake model answers with a citation of the first passage, a few tokens at a time. */
const REPLY = ["The **lighthouse** ", "was built ", "in 1887 ", "[ID:0]", "."];

let deps: RuntimeDeps;
let server: Awaited<ReturnType<typeof buildServer>>;
let workers: TaskWorker | undefined;
let baseUrl: string;
let webDist: Awaited<ReturnType<typeof privateWebDist>> | undefined;
let browser: Browser;
let llm: FakeLlm;
const pages: Page[] = [];
const user = { email: "chat-user@example.com", password: "chat password" };
let token: string;
let kbName: string;

async function newPage(options: PageOptions = {}): Promise<Page> {
  const page = await openPage(browser, baseUrl, options);
  pages.push(page);
  return page;
}

async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A knowledge base with one parsed document, and the fake server as a provider: set up through the API. */
async function prepareWorkspace(): Promise<void> {
  const reg = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user),
  });
  token = ((await reg.json()) as { token: string }).token;
  kbName = "Harbor";
  const kb = await api<{ id: string }>("POST", "/knowledge-bases", { name: kbName });
  const form = new FormData();
  form.append("file", new Blob([HANDBOOK], { type: "text/markdown" }), "harbor-handbook.md");
  const uploaded = await fetch(`${baseUrl}/api/v1/knowledge-bases/${kb.id}/documents`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const { documents } = (await uploaded.json()) as { documents: { id: string }[] };
  const ids = documents.map((d) => d.id);
  await api("POST", "/documents/run", { ids });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const doc = await api<{ run: string; progressMsg: string | null }>("GET", `/documents/${ids[0]}`);
    if (doc.run === "DONE") break;
    if (doc.run === "FAIL" || Date.now() > deadline)
      throw new Error(`the document did not parse: ${doc.run} ${doc.progressMsg ?? ""}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await api("POST", "/model-providers", {
    provider: "openai-compatible",
    name: "local",
    baseUrl: llm.url,
    apiKey: "sk-test",
    models: [{ name: "fake-chat", type: "chat" }],
  });
}

beforeAll(async () => {
  const start = async () => {
    llm = await startFakeLlm({ apiKey: "sk-test", reply: REPLY, tokenDelayMs: 300 });
    deps = await createDeps(testConfig({ AUTH_RATE_LIMIT_PER_IP: 10_000 }), {
      logger: silentLogger,
      mailer: createMemoryMailer(),
    });
    webDist = await privateWebDist();
    server = await buildServer(deps, { webDist: webDist.dir });
    workers = await startIngestionWorkers(deps, { concurrency: 1 });
    await server.listen({ port: 0, host: "127.0.0.1" });
    const address = server.server.address();
    if (!address || typeof address === "string") throw new Error("the server has no TCP address");
    baseUrl = `http://127.0.0.1:${address.port}`;
    await prepareWorkspace();
  };
  [, browser] = await Promise.all([start(), launchBrowser()]);
});

afterEach(async (context) => {
  if (context.task.result?.state === "fail") await saveFailureScreenshots(pages, context.task.name);
  await Promise.all(pages.splice(0).map((p) => p.context().close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await workers?.close(1000);
  await deps?.close();
  await llm?.close();
  await webDist?.remove();
});

async function signedIn(options: PageOptions = {}): Promise<Page> {
  const page = await newPage(options);
  await signIn(page, user.email, user.password);
  await page.waitForURL("**/profile");
  return page;
}

/** Creates an assistant over the Harbor knowledge base through the editor; lands in its chat. */
describe("chat", () => {
  it("streams a chat model's answer as Markdown with a citation that opens the cited passage", async () => {
    const page = await signedIn();
    await page.goto("/chats");
    await page.getByText(w.chats.emptyTitle).waitFor();
    await expectCleanPage(page);
    await screenshot(page, "chat-empty");

    await createAssistant(page, { name: "Harbor guide", kbName, chatModel: "fake-chat@local" });
    await page
      .getByTestId("new-conversation")
      .getByText(/What can I do for you/)
      .waitFor();
    await expectCleanPage(page);

    await ask(page, "When was the lighthouse built?");
    // Streaming: the stop button is there while the first words are already on screen.
    await page.getByRole("button", { name: w.chat.stop }).waitFor();
    await page
      .getByTestId("answer")
      .last()
      .getByText(/lighthouse/)
      .waitFor();
    expect(await page.getByTestId("citation").count()).toBe(0);
    await screenshot(page, "chat-streaming");

    await page.getByRole("button", { name: w.chat.send }).waitFor();
    const answer = page.getByTestId("answer").last();
    // Markdown rendered (bold), the marker turned into a badge, never shown raw.
    await answer.locator("strong", { hasText: "lighthouse" }).waitFor();
    expect(await answer.textContent()).not.toContain("[ID:");
    await openCitation(page, HANDBOOK_CITATION);
    await expectCleanPage(page);
    await screenshot(page, "chat-citation");
    await page.keyboard.press("Escape");

    // The question named the conversation; the answer was stored with its reference.
    await page.getByTestId("conversations").getByText("When was the lighthouse built?").waitFor();
    expect(page.url()).toMatch(/\/chats\/[0-9a-f]{32}\/c\/[0-9a-f]{32}$/);
    await page.reload();
    await page.getByTestId("answer").last().locator("strong", { hasText: "lighthouse" }).waitFor();
    await openCitation(page, HANDBOOK_CITATION);
    await page.keyboard.press("Escape");

    // Feedback: thumbs down with a word on what was wrong.
    await page.getByTestId("thumb-down").last().click();
    await page.getByRole("textbox", { name: w.chat.feedbackWrong }).fill("Too short");
    await page.getByRole("button", { name: w.chat.feedbackSend }).click();
    await page.getByText(w.chat.feedbackThanks).waitFor();
    expect(await page.getByTestId("thumb-down").last().getAttribute("aria-pressed")).toBe("true");
    await expectCleanPage(page);
    await screenshot(page, "chat-conversation");

    // Stop generating: the answer stops growing on screen at once.
    await ask(page, "Tell me about the lamp");
    await page.getByRole("button", { name: w.chat.stop }).click();
    await page.getByText(w.chat.stopped).waitFor();
    await page.getByRole("button", { name: w.chat.send }).waitFor();
    await expectCleanPage(page);

    // A new conversation starts empty, with the opener.
    await page.getByRole("button", { name: w.chat.new }).click();
    await page.waitForURL(/\/chats\/[0-9a-f]{32}$/);
    await page.getByTestId("new-conversation").waitFor();
    expect(await page.getByTestId("question-bubble").count()).toBe(0);
  });

  it("answers with the built-in extractive answerer, with citations, and works on a phone", async () => {
    const page = await signedIn();
    await createAssistant(page, { name: "Offline guide", kbName, chatModel: "extractive@builtin" });
    await ask(page, "What speed must boats keep in the harbor basin?");
    const answer = page.getByTestId("answer").last();
    await answer.getByText(/five knots/).waitFor();
    await openCitation(page, HANDBOOK_CITATION);
    await expectCleanPage(page);
    await screenshot(page, "chat-extractive");

    // The settings open with what was saved, and a change shows at once.
    await page.getByRole("link", { name: w.chat.settings }).click();
    const name = field(page, w.chatEditor.name);
    expect(await name.inputValue()).toBe("Offline guide");
    await name.fill("Offline harbor guide");
    await page.getByRole("button", { name: w.common.save, exact: true }).click();
    await page.getByRole("heading", { name: "Offline harbor guide", exact: true }).waitFor();
    await page
      .getByTestId("answer")
      .last()
      .getByText(/five knots/)
      .waitFor();

    const phone = await signedIn({ viewport: PHONE });
    await phone.goto(new URL(page.url()).pathname);
    await phone
      .getByTestId("answer")
      .last()
      .getByText(/five knots/)
      .waitFor();
    await phone.getByRole("button", { name: w.chat.conversations }).click();
    await phone.getByRole("dialog").getByText("What speed must boats keep in the harbor basin?").waitFor();
    await phone.keyboard.press("Escape");
    await expectCleanPage(phone);
    await screenshot(phone, "chat-phone");
  });

  it("shows a failing model's error in words, not a raw object", async () => {
    const page = await signedIn();
    await page.goto("/chats");
    await page.getByRole("link", { name: "Chat with Harbor guide" }).click();
    await page.getByTestId("new-conversation").waitFor();
    llm.failNext(500, 10);
    await ask(page, "When was the lighthouse built?");
    const alert = page.getByTestId("error-alert");
    await alert.waitFor({ timeout: 30_000 });
    expect((await alert.textContent())?.trim()).toMatch(/local|fake-chat/);
    await expectCleanPage(page);
  });
});
