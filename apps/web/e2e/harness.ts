/**
 * End-to-end harness: the real Ragtime server (in-process, in-memory PGlite) serving the built web
 * app on a random port, and Debian's Chromium driven by playwright-core.
 */
import { mkdirSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDeps, createMemoryMailer, type Mail, silentLogger, testConfig } from "@ragtime/core";
import { buildServer } from "@ragtime/server";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { en } from "../src/i18n/locales/en";
import { fr } from "../src/i18n/locales/fr";
import { zh } from "../src/i18n/locales/zh";

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SCREENSHOTS = path.join(webRoot, "screenshots");

export type RunningApp = {
  baseUrl: string;
  /** E-mails the server "sent" (password reset links). */
  mails: Mail[];
  close(): Promise<void>;
};

/**
 * A private copy of the built app for a file that starts its own server: a rebuild of dist/ by
 * another vitest run (while developing) cannot blank this file's pages.
 */
export async function privateWebDist(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "ragtime-web-"));
  await cp(path.join(webRoot, "dist"), dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function startApp(): Promise<RunningApp> {
  const mailer = createMemoryMailer();
  // Every test browser comes from 127.0.0.1: the per-IP sign-in limit would otherwise trip mid-run.
  const deps = await createDeps(testConfig({ AUTH_RATE_LIMIT_PER_IP: 10_000 }), {
    logger: silentLogger,
    mailer,
  });
  const app = await buildServer(deps, { webDist: path.join(webRoot, "dist") });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("the server has no TCP address");
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    mails: mailer.sent,
    close: async () => {
      await app.close();
      await deps.close();
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

const pageErrors = new WeakMap<Page, string[]>();

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

export type PageOptions = {
  locale?: string;
  viewport?: { width: number; height: number };
  colorScheme?: BrowserContextOptions["colorScheme"];
};

/** A page in a fresh browser context (own cookies and storage) that fails the test on uncaught script errors. */
export async function openPage(browser: Browser, baseUrl: string, options: PageOptions = {}): Promise<Page> {
  const viewport = options.viewport ?? DESKTOP;
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: options.locale ?? "en-US",
    viewport,
    colorScheme: options.colorScheme ?? "light",
    reducedMotion: "reduce",
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on("pageerror", (error) => errors.push(error.message));
  return page;
}

/** An input by its accessible name (the label without Mantine's aria-hidden "required" asterisk). */
export function field(page: Page, name: string) {
  return page.getByRole("textbox", { name, exact: true });
}

let counter = 0;
export function uniqueEmail(tag: string): string {
  counter += 1;
  return `${tag}-${Date.now().toString(36)}-${counter}@example.com`;
}

function flattenKeys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : flattenKeys(value as object, `${prefix}${key}.`),
  );
}
function flattenValues(tree: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(`${prefix}${key}`, value);
    else for (const [k, v] of flattenValues(value as object, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}
const I18N_KEYS = flattenKeys(en);
const CATALOGUES = { en: flattenValues(en), fr: flattenValues(fr), zh: flattenValues(zh) };
/** English defaults of library components that must be relabelled in the UI language. */
const LIBRARY_ENGLISH = ["Toggle password visibility", "Scroll left", "Scroll right", "Resize window"];

/** English strings of the catalogue that a French or Chinese page must not show (those that differ). */
function englishOnly(lang: "fr" | "zh"): string[] {
  return [...CATALOGUES.en]
    .filter(([key, text]) => text.length >= 5 && CATALOGUES[lang].get(key) !== text)
    .map(([, text]) => text);
}

/** Everything a person can read or hear on the page: visible text plus labels, placeholders, titles. */
async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = [...document.querySelectorAll("[aria-label], [placeholder], [title], [alt]")].flatMap(
      (el) => ["aria-label", "placeholder", "title", "alt"].map((name) => el.getAttribute(name) ?? ""),
    );
    // innerText on purpose: only rendered text counts (textContent also reads hidden nodes and styles).
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text is what is being checked
    return [document.title, document.body.innerText, ...attributes].join("\n");
  });
}

/**
 * No raw `undefined`/`null`/object dump, no unfilled `{{placeholder}}`, no i18n key shown instead
 * of its text, and (on a phone) nothing wider than the screen.
 */
export async function expectCleanPage(page: Page): Promise<void> {
  expect(pageErrors.get(page) ?? [], "uncaught errors in the page").toEqual([]);
  const text = await readableText(page);
  expect(text).not.toMatch(/\bundefined\b/);
  expect(text).not.toMatch(/\bnull\b/);
  expect(text).not.toMatch(/\bNaN\b/);
  expect(text).not.toMatch(/\[object \w+\]/);
  expect(text).not.toMatch(/\{\{|\}\}/);
  const leakedKeys = I18N_KEYS.filter((key) => text.includes(key));
  expect(leakedKeys, "i18n keys shown instead of text").toEqual([]);
  expect(
    LIBRARY_ENGLISH.filter((s) => text.includes(s)),
    "untranslated library labels",
  ).toEqual([]);
  const lang = await page.evaluate(() => document.documentElement.lang.slice(0, 2));
  if (lang === "fr" || lang === "zh") {
    expect(
      englishOnly(lang).filter((s) => text.includes(s)),
      `English text on a ${lang} page`,
    ).toEqual([]);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "page is wider than the viewport").toBeLessThanOrEqual(0);
  // Fixed bars do not widen the page, so check that every control is fully on screen too — once
  // transitions have settled (a notification sliding in is briefly, and rightly, off screen).
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"), undefined, {
      timeout: 5000,
    })
    .catch(() => {});
  const offscreen = await page.evaluate(() =>
    [...document.querySelectorAll("button, a[href], input, [role=button]")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        // Inert subtrees (the folded phone navigation) can be neither seen nor reached.
        const visible =
          r.width > 0 &&
          r.height > 0 &&
          getComputedStyle(el).visibility !== "hidden" &&
          !el.closest("[inert]");
        return visible && (r.left < -1 || r.right > window.innerWidth + 1);
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(offscreen.join("\n"), "controls outside the viewport").toBe("");
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A full-page capture of a scrolled page draws fixed bars mid-page: capture from the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: path.join(SCREENSHOTS, `${name}.png`),
    fullPage: true,
    animations: "disabled",
  });
}

export async function saveFailureScreenshots(pages: Page[], testName: string): Promise<void> {
  const slug = testName.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
  await Promise.all(
    pages
      .filter((p) => !p.isClosed())
      .map((p, i) => screenshot(p, `failed-${slug}-${i}`).catch(() => undefined)),
  );
}

/** Signs up through the UI and waits for the profile page. */
export async function signUp(page: Page, email: string, password: string, labels = en): Promise<void> {
  await page.goto("/sign-up");
  await field(page, labels.common.email).fill(email);
  await field(page, labels.common.password).fill(password);
  await page.getByRole("button", { name: labels.signUp.submit }).click();
  await page.waitForURL("**/profile");
}

export async function signIn(page: Page, email: string, password: string, labels = en): Promise<void> {
  await page.goto("/sign-in");
  await field(page, labels.common.email).fill(email);
  await field(page, labels.common.password).fill(password);
  await page.getByRole("button", { name: labels.signIn.submit, exact: true }).click();
}
