/** Chat steps shared by the e2e files: create an assistant, ask, open a citation. */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { en } from "../src/i18n/locales/en";
import { expectCleanPage, field } from "./harness";

const w = en.workspace;

export async function createAssistant(
  page: Page,
  options: { name: string; kbName: string; chatModel: string },
): Promise<void> {
  await page.goto("/chats");
  await page.getByRole("heading", { name: w.chats.title }).waitFor();
  await page.getByRole("link", { name: w.chats.new }).first().click();
  await page.getByRole("heading", { name: w.chatEditor.newTitle }).waitFor();
  await field(page, w.chatEditor.name).fill(options.name);
  await page.getByRole("combobox", { name: w.chatEditor.knowledgeBases }).click();
  await page.getByRole("option", { name: new RegExp(`^${options.kbName} `) }).click();
  await page.keyboard.press("Escape");
  await page.getByTestId("chat-model-select").click();
  await page.getByRole("option", { name: options.chatModel, exact: true }).click();
  await expectCleanPage(page);
  await page.getByRole("button", { name: w.chatEditor.create }).click();
  await page.getByRole("heading", { name: options.name, exact: true }).waitFor();
}

export async function ask(page: Page, question: string): Promise<void> {
  await page.getByTestId("question").fill(question);
  await page.keyboard.press("Enter");
}

/**
 * Opens the answer's first citation from the keyboard and checks it shows the cited passage
 * (containing `contains`), names its document and links to it.
 */
export async function openCitation(page: Page, cited: { contains: string | RegExp; documentName: string }) {
  const citation = page.getByTestId("citation").first();
  await citation.waitFor();
  // From the keyboard: the badge is a button, Enter opens the passage.
  await citation.focus();
  await page.keyboard.press("Enter");
  const passage = page.getByTestId("citation-passage");
  await passage.waitFor();
  expect(await passage.getByTestId("passage-text").textContent()).toMatch(cited.contains);
  await passage.getByText(cited.documentName).first().waitFor();
  const link = passage.getByRole("link", { name: w.chat.openDocument });
  expect(await link.getAttribute("href")).toMatch(
    /^\/knowledge-bases\/[0-9a-f]{32}\/documents\/[0-9a-f]{32}/,
  );
}
