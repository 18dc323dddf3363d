/**
 * The workspace and admin screens in a real browser: API keys (create, copy once, revoke), the team
 * (invite, accept, act in the joined workspace, roles, remove), the system status page (superusers
 * only), model providers.
 */
import {
  createAdmin,
  createDeps,
  createMemoryMailer,
  type RuntimeDeps,
  silentLogger,
  testConfig,
} from "@ragtime/core";
import { type FakeLlm, startFakeLlm } from "@ragtime/core/testing";
import { buildServer } from "@ragtime/server";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { en } from "../src/i18n/locales/en";
import { fr } from "../src/i18n/locales/fr";
import { zh } from "../src/i18n/locales/zh";
import {
  DESKTOP,
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

const w = en.workspace;
const OPERATOR = { email: "operator@example.com", password: "operator password" };

/**
 * The harness's app, plus its deps: the status page needs a superuser, which only the operator's
 * `create-admin` makes (there is no way to become one over the network).
 */
let deps: RuntimeDeps;
let server: Awaited<ReturnType<typeof buildServer>>;
let baseUrl: string;
let webDist: Awaited<ReturnType<typeof privateWebDist>> | undefined;
let browser: Browser;
const pages: Page[] = [];

async function newPage(options: PageOptions = {}): Promise<Page> {
  const page = await openPage(browser, baseUrl, options);
  pages.push(page);
  return page;
}

beforeAll(async () => {
  const start = async () => {
    deps = await createDeps(testConfig({ AUTH_RATE_LIMIT_PER_IP: 10_000 }), {
      logger: silentLogger,
      mailer: createMemoryMailer(),
    });
    await createAdmin(deps, { ...OPERATOR, nickname: "Operator" });
    // A private copy of the built app: a rebuild of dist/ by another test run cannot pull the
    // files from under this one's pages.
    webDist = await privateWebDist();
    server = await buildServer(deps, { webDist: webDist.dir });
    await server.listen({ port: 0, host: "127.0.0.1" });
    const address = server.server.address();
    if (!address || typeof address === "string") throw new Error("the server has no TCP address");
    baseUrl = `http://127.0.0.1:${address.port}`;
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
  await deps?.close();
  await webDist?.remove();
});

/** What a script would do with the key: call the API with it. */
async function callWithKey(secret: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/v1/users/me`, { headers: { authorization: `Bearer ${secret}` } });
  return res.status;
}

async function bodyText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: what is rendered is what is checked
  return page.evaluate(() => document.body.innerText);
}

describe("API keys", () => {
  it("creates a key, shows its secret once with a copy button, lists it masked, and revokes it", async () => {
    const page = await newPage();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await signUp(page, uniqueEmail("keys"), "keys password");
    await page.getByRole("link", { name: w.nav.apiKeys }).click();
    await page.getByRole("heading", { name: w.apiKeys.title }).waitFor();
    await page.getByText(w.apiKeys.emptyTitle).waitFor();
    await expectCleanPage(page);
    await screenshot(page, "workspace-api-keys-empty");

    // A name is required: said on the field, nothing created.
    await page.getByRole("button", { name: w.apiKeys.new }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: w.apiKeys.create }).click();
    await dialog.getByText(en.validation.required).waitFor();

    await field(page, w.apiKeys.name).fill("Nightly import");
    await dialog.getByRole("button", { name: w.apiKeys.create }).click();
    const secretInput = page.getByTestId("api-key-secret");
    await secretInput.waitFor();
    const secret = await secretInput.inputValue();
    expect(secret).toMatch(/^rt-\S{20,}$/);
    await dialog.getByText(w.apiKeys.copyNow).waitFor();
    await expectCleanPage(page);
    await screenshot(page, "workspace-api-keys-secret");

    await dialog.getByRole("button", { name: w.apiKeys.copy, exact: true }).click();
    await dialog.getByRole("button", { name: w.apiKeys.copied, exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect(await callWithKey(secret)).toBe(200);

    await dialog.getByRole("button", { name: w.apiKeys.done }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = page.getByTestId("api-key-row");
    await row.getByText("Nightly import").waitFor();
    await row.getByText(`${secret.slice(0, 11)}…`).waitFor();
    expect(await row.getByTestId("last-used").textContent()).toBe(w.apiKeys.neverUsed);
    // The secret is gone from the page, and does not come back with a reload.
    expect(await bodyText(page)).not.toContain(secret);
    await page.reload();
    await row.getByText("Nightly import").waitFor();
    expect(await bodyText(page)).not.toContain(secret);
    // The key's use shows up as "last used".
    expect(await row.getByTestId("last-used").textContent()).not.toBe(w.apiKeys.neverUsed);
    await expectCleanPage(page);
    await screenshot(page, "workspace-api-keys-list");

    await row.getByRole("button", { name: `Revoke the key Nightly import` }).click();
    await page.getByRole("dialog").getByRole("button", { name: w.apiKeys.revoke }).click();
    await page.getByText(w.apiKeys.emptyTitle).waitFor();
    expect(await callWithKey(secret)).toBe(401);
    await expectCleanPage(page);
  });

  it("works on a phone", async () => {
    const page = await newPage({ viewport: PHONE });
    await signUp(page, uniqueEmail("keys-phone"), "keys password");
    await page.goto("/api-keys");
    await page.getByRole("button", { name: w.apiKeys.new }).first().click();
    await field(page, w.apiKeys.name).fill("Phone key");
    await page.getByRole("dialog").getByRole("button", { name: w.apiKeys.create }).click();
    await page.getByTestId("api-key-secret").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: w.apiKeys.done }).click();
    await page.getByTestId("api-key-row").getByText("Phone key").waitFor();
    await expectCleanPage(page);
    await screenshot(page, "workspace-api-keys-phone");
  });
});

describe("team", () => {
  it("invites an account, which accepts; the owner makes it admin, then removes it", async () => {
    const owner = await newPage();
    const ownerEmail = uniqueEmail("owner");
    await signUp(owner, ownerEmail, "owner password");
    const guestEmail = uniqueEmail("guest");
    const guest = await newPage();
    await signUp(guest, guestEmail, "guest password");

    await owner.getByRole("link", { name: w.nav.team }).click();
    await owner.getByRole("heading", { name: w.team.title }).waitFor();
    // An e-mail with no account behind it is refused, in words, on the field.
    await field(owner, en.common.email).fill("nobody-here@example.com");
    await owner.getByRole("button", { name: w.team.invite, exact: true }).click();
    await owner.getByText(/no account/i).waitFor();

    await field(owner, en.common.email).fill(guestEmail);
    await owner.getByRole("button", { name: w.team.invite, exact: true }).click();
    const guestRow = owner.getByTestId("member-row").filter({ hasText: guestEmail });
    await guestRow.getByText(w.roles.invited, { exact: true }).waitFor();
    await expectCleanPage(owner);
    await screenshot(owner, "workspace-team-invited");

    await guest.goto("/team");
    const invitation = guest
      .getByTestId("workspace-row")
      .filter({ has: guest.getByText(w.roles.invited, { exact: true }) });
    await invitation.waitFor();
    await guest.getByText(w.team.pendingInvitations.replace("{{count}}", "1")).waitFor();
    await invitation.getByRole("button", { name: w.team.accept }).click();
    await guest
      .getByTestId("workspace-row")
      .filter({ has: guest.getByText(w.roles.member, { exact: true }) })
      .waitFor();
    await expectCleanPage(guest);
    await screenshot(guest, "workspace-team-joined");

    // The guest acts in the owner's workspace, chosen from the user menu: its team is the owner's.
    await guest.getByTestId("user-menu").click();
    await guest.locator('[role="menuitem"][aria-label^="Act in workspace"]:not([aria-current])').click();
    await guest.goto("/team");
    await guest.getByTestId("member-row").filter({ hasText: ownerEmail }).waitFor();

    await owner.reload();
    const role = owner.getByRole("combobox", { name: /^Role of / });
    await role.click();
    await owner.getByRole("option", { name: w.roles.admin }).click();
    await owner.getByText(/is now Admin\./).waitFor();
    expect(await role.inputValue()).toBe(w.roles.admin);

    await guestRow.getByRole("button", { name: /^Remove / }).click();
    await owner.getByRole("dialog").getByRole("button", { name: w.team.remove }).click();
    await guestRow.waitFor({ state: "detached" });
    await expectCleanPage(owner);
    await screenshot(owner, "workspace-team");

    // Removed, the guest's browser falls back to their own workspace instead of failing.
    await guest.reload();
    await guest.getByTestId("member-row").filter({ hasText: guestEmail }).waitFor();
    expect(await guest.getByTestId("member-row").filter({ hasText: ownerEmail }).count()).toBe(0);
    await expectCleanPage(guest);
  });
});

describe("system status", () => {
  it("is shown to the instance's operator, and explained to everyone else", async () => {
    const owner = await newPage();
    await signUp(owner, uniqueEmail("not-operator"), "owner password");
    expect(await owner.getByRole("link", { name: w.nav.status }).count()).toBe(0);
    await owner.goto("/status");
    await owner.getByText(w.status.operatorsOnly).waitFor();
    await expectCleanPage(owner);

    const page = await newPage();
    await signIn(page, OPERATOR.email, OPERATOR.password);
    await page.waitForURL("**/profile");
    await page.getByRole("link", { name: w.nav.status }).click();
    await page.getByRole("heading", { name: w.status.title }).waitFor();
    const cards = page.getByTestId("status-cards");
    await cards.getByText(w.status.dialects.pglite).waitFor();
    await cards.getByText(w.status.vectorModes.pgvector, { exact: true }).waitFor();
    await cards.getByText(w.status.notConfigured).waitFor();
    await cards.getByText(w.status.queueKinds.memory).waitFor();
    expect(await page.getByTestId("queue-waiting").textContent()).toMatch(/^\d+$/);
    expect(await cards.getByText(w.status.reachable).count()).toBeGreaterThanOrEqual(2);
    await expectCleanPage(page);
    await screenshot(page, "workspace-status");

    await page.setViewportSize(PHONE);
    await page.reload();
    await cards.getByText(w.status.dialects.pglite).waitFor();
    await expectCleanPage(page);
    await screenshot(page, "workspace-status-phone");
  });
});

describe("model providers", () => {
  let llm: FakeLlm;
  beforeAll(async () => {
    llm = await startFakeLlm({ apiKey: "sk-right-key", models: ["fake-chat", "fake-embed"] });
  });
  afterAll(async () => {
    await llm?.close();
  });

  it("adds an OpenAI-compatible provider, tests it, shows a bad key's error, sets the default, removes it", async () => {
    const page = await newPage();
    await signUp(page, uniqueEmail("models"), "models password");
    await page.getByRole("link", { name: w.nav.models }).click();
    await page.getByRole("heading", { name: w.models.title }).waitFor();
    await page.getByText(w.models.emptyTitle).waitFor();
    await expectCleanPage(page);

    await page.getByRole("button", { name: w.models.addProvider }).first().click();
    const dialog = page.getByRole("dialog");
    await field(page, w.models.name).fill("local");
    await field(page, w.models.baseUrl).fill(llm.url);
    await page.getByLabel(w.models.apiKey, { exact: true }).fill("sk-right-key");
    await dialog.getByRole("textbox", { name: w.models.modelName }).fill("fake-chat");
    await expectCleanPage(page);
    await screenshot(page, "workspace-models-add");
    await dialog.getByRole("button", { name: w.models.add, exact: true }).click();
    await dialog.waitFor({ state: "hidden" });

    const card = page.getByTestId("provider-card").filter({ hasText: "local" });
    await card.getByText(`fake-chat · ${w.models.types.chat}`).waitFor();
    // The key is never shown back whole.
    expect(await bodyText(page)).not.toContain("sk-right-key");

    await card.getByRole("button", { name: w.models.test }).click();
    await card
      .getByTestId("test-result")
      .getByText(/It works: chat fake-chat@local answered in \d+ ms\./)
      .waitFor();
    expect(llm.requests.some((r) => r.path.endsWith("/chat/completions"))).toBe(true);
    await expectCleanPage(page);
    await screenshot(page, "workspace-models");

    // A wrong key: the provider's refusal, in words, on the card.
    await card.getByRole("button", { name: en.workspace.common.edit }).click();
    await page.getByLabel(w.models.apiKey, { exact: true }).fill("sk-wrong-key");
    await page.getByRole("dialog").getByRole("button", { name: w.common.save }).click();
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    await card.getByRole("button", { name: w.models.test }).click();
    const failure = card.getByTestId("test-result");
    await failure.waitFor();
    expect(await failure.textContent()).toMatch(/local/);
    await expectCleanPage(page);

    // The new model becomes the workspace's default chat model.
    await page.getByTestId("default-chat").click();
    await page.getByRole("option", { name: "fake-chat@local" }).click();
    await page.getByRole("button", { name: w.models.saveDefaults }).click();
    await page.getByText(w.models.defaultsSaved).waitFor();
    await page.reload();
    await page.getByTestId("provider-card").first().waitFor();
    expect(await page.getByTestId("default-chat").inputValue()).toBe("fake-chat@local");

    await card.getByRole("button", { name: "Remove the provider local" }).click();
    await page.getByRole("dialog").getByRole("button", { name: w.models.remove }).click();
    await page.getByText(w.models.emptyTitle).waitFor();
    await expectCleanPage(page);
  });
});

describe("in French and Chinese, at 1280 px and on a phone", () => {
  const tours = [
    { lang: "fr", locale: "fr-FR", labels: fr },
    { lang: "zh", locale: "zh-CN", labels: zh },
  ] as const;
  for (const { lang, locale, labels } of tours) {
    for (const viewport of [DESKTOP, PHONE]) {
      it(`${lang} at ${viewport.width} px: every workspace screen reads cleanly`, async () => {
        const t = labels.workspace;
        const page = await newPage({ locale, viewport });
        await signUp(page, uniqueEmail(`tour-${lang}`), "tour password", labels);
        const screens = [
          { path: "/team", heading: t.team.title, name: "team" },
          { path: "/api-keys", heading: t.apiKeys.title, name: "api-keys" },
          { path: "/models", heading: t.models.title, name: "models" },
          { path: "/chats", heading: t.chats.title, name: "chats" },
          { path: "/chats/new", heading: t.chatEditor.newTitle, name: "chat-editor" },
          { path: "/status", heading: t.status.title, name: "status" },
        ];
        for (const screen of screens) {
          await page.goto(screen.path);
          await page.getByRole("heading", { name: screen.heading, exact: true }).waitFor();
          // Wait for the data, not only the frame: no spinner left.
          await page.getByTestId("loading-state").first().waitFor({ state: "detached" });
          await expectCleanPage(page);
          await screenshot(page, `workspace-${lang}-${viewport.width}-${screen.name}`);
        }
      });
    }
  }
});
