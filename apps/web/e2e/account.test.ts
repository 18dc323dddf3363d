import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fr } from "../src/i18n/locales/fr";
import {
  expectCleanPage,
  field,
  launchBrowser,
  openPage,
  PHONE,
  type RunningApp,
  saveFailureScreenshots,
  screenshot,
  signIn,
  signUp,
  startApp,
  uniqueEmail,
} from "./harness";

let app: RunningApp;
let browser: Browser;
const pages: Page[] = [];

async function newPage(options: Parameters<typeof openPage>[2] = {}): Promise<Page> {
  const page = await openPage(browser, app.baseUrl, options);
  pages.push(page);
  return page;
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});

afterEach(async (context) => {
  // A failed test leaves a picture of every page it opened, to see what the user saw.
  if (context.task.result?.state === "fail") await saveFailureScreenshots(pages, context.task.name);
  await Promise.all(pages.splice(0).map((p) => p.context().close()));
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signOut(page: Page): Promise<void> {
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL("**/sign-in");
}

describe("account", () => {
  it("sends an unauthenticated visit of a protected page to sign in", async () => {
    const page = await newPage();
    await page.goto("/profile");
    await page.waitForURL("**/sign-in");
    await page.getByRole("heading", { name: "Sign in to Ragtime" }).waitFor();
    await expectCleanPage(page);
  });

  it("signs up, edits the nickname, keeps it across a reload, signs out and back in", async () => {
    const page = await newPage();
    const email = uniqueEmail("ada");
    await signUp(page, email, "correct horse battery");

    expect(await page.getByTestId("profile-email").textContent()).toBe(email);
    await expectCleanPage(page);

    const nickname = field(page, "Nickname");
    await nickname.fill("Ada Lovelace");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Your profile was saved.").waitFor();
    await page.getByRole("button", { name: "Close" }).click();
    await page.getByTestId("user-menu").getByText("Ada Lovelace").waitFor();

    await page.reload();
    await page.getByTestId("profile-email").waitFor();
    expect(await field(page, "Nickname").inputValue()).toBe("Ada Lovelace");
    expect(await page.getByTestId("profile-nickname").textContent()).toBe("Ada Lovelace");

    await signOut(page);
    // Signed out for real: the protected page is closed again.
    await page.goto("/profile");
    await page.waitForURL("**/sign-in");

    await signIn(page, email, "wrong password!");
    await page.getByText("Wrong e-mail or password.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await expectCleanPage(page);

    await field(page, "Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL("**/profile");
    expect(await page.getByTestId("profile-nickname").textContent()).toBe("Ada Lovelace");

    // A signed-in visit of the sign-in page goes on to the profile.
    await page.goto("/sign-in");
    await page.waitForURL("**/profile");
  });

  it("returns to the page that asked for sign-in", async () => {
    const page = await newPage();
    const email = uniqueEmail("return");
    await signUp(page, email, "a long enough password");
    await signOut(page);
    await page.goto("/profile?tab=security");
    await page.waitForURL("**/sign-in");
    await field(page, "E-mail").fill(email);
    await field(page, "Password").fill("a long enough password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL("**/profile?tab=security");
  });

  it("refuses a taken e-mail and a short password with readable messages", async () => {
    const page = await newPage();
    const email = uniqueEmail("taken");
    await signUp(page, email, "first password");
    await signOut(page);

    await page.goto("/sign-up");
    await field(page, "E-mail").fill("not-an-email");
    await field(page, "Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Enter a valid e-mail address, such as name@example.com.").waitFor();
    await page.getByText("Use between 8 and 256 characters.").waitFor();
    await expectCleanPage(page);

    await field(page, "E-mail").fill(email);
    await field(page, "Password").fill("another password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("An account with this e-mail already exists.").waitFor();
    await expectCleanPage(page);
  });

  it("changes the password: a wrong current password is flagged on its field", async () => {
    const page = await newPage();
    const email = uniqueEmail("pw");
    await signUp(page, email, "old password 1");

    await field(page, "Current password").fill("not my password");
    await field(page, "New password").fill("new password 2");
    await field(page, "Repeat the new password").fill("new password 2");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("The current password is wrong.").waitFor();
    await expectCleanPage(page);

    await field(page, "Current password").fill("old password 1");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Your password was changed.").waitFor();

    await signOut(page);
    await signIn(page, email, "new password 2");
    await page.waitForURL("**/profile");
  });

  it("resets a forgotten password through the e-mailed link", async () => {
    const page = await newPage();
    const email = uniqueEmail("reset");
    await signUp(page, email, "forgotten password");
    await signOut(page);

    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL("**/forgot-password");
    await field(page, "E-mail").fill(email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await page.getByText("Check your inbox").waitFor();
    await expectCleanPage(page);

    const mail = app.mails.findLast((m) => m.to === email);
    const link = mail?.text.match(/https?:\/\/\S+\/reset-password\?token=\S+/)?.[0];
    expect(link).toBeDefined();
    const token = new URL(link ?? "").searchParams.get("token");

    await page.goto(`/reset-password?token=${token}`);
    await field(page, "New password").fill("brand new password");
    await field(page, "Repeat the new password").fill("brand new password");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.waitForURL("**/sign-in?reset=done");
    await page.getByText("Your password was changed. Sign in with your new password.").waitFor();

    await signIn(page, email, "brand new password");
    await page.waitForURL("**/profile");

    // The link works once.
    await page.goto(`/reset-password?token=${token}`);
    await field(page, "New password").fill("yet another password");
    await field(page, "Repeat the new password").fill("yet another password");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.getByText("This password reset link is invalid or has expired.").waitFor();
  });

  it("saves a language picked from the menu to the profile", async () => {
    const page = await newPage();
    const email = uniqueEmail("lang");
    await signUp(page, email, "parlez-vous français");

    await page.getByRole("button", { name: "Language: English" }).click();
    await page.getByRole("menuitem", { name: "Français" }).click();
    await page.getByRole("heading", { name: fr.profile.title, exact: true }).waitFor();
    await page.getByRole("button", { name: fr.profile.save }).waitFor();
    // Saved on the server: a new browser with an English locale gets French once signed in.
    await expect
      .poll(async () => (await page.getByRole("button", { name: "Langue : Français" }).count()) > 0)
      .toBe(true);

    const other = await newPage({ locale: "en-US" });
    await signIn(other, email, "parlez-vous français");
    await other.waitForURL("**/profile");
    await other.getByRole("heading", { name: fr.profile.title, exact: true }).waitFor();
    expect(await other.evaluate(() => document.documentElement.lang)).toBe("fr");
    // Server messages follow the profile language too.
    await field(other, fr.password.current).fill("pas le bon");
    await field(other, fr.password.new).fill("nouveau mot de passe");
    await field(other, fr.password.confirm).fill("nouveau mot de passe");
    await other.getByRole("button", { name: fr.password.submit }).click();
    await other.getByText("Le mot de passe actuel est incorrect.").waitFor();
    await expectCleanPage(other);
  });

  it("can be used with the keyboard alone", async () => {
    const page = await newPage();
    const email = uniqueEmail("keys");
    await signUp(page, email, "typing all the way");
    await signOut(page);

    await page.goto("/sign-in");
    await field(page, "E-mail").waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("name") ?? "");
    for (let i = 0; i < 6 && (await focused()) !== "email"; i += 1) await page.keyboard.press("Tab");
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("password");
    await page.keyboard.type("typing all the way");
    await page.keyboard.press("Enter");
    await page.waitForURL("**/profile");
    await page.getByTestId("profile-email").waitFor();

    // The first Tab offers to skip the header and navigation.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main-content");

    // The user menu opens and signs out from the keyboard.
    await page.getByTestId("user-menu").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Sign out" }).waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Sign out");
    await page.keyboard.press("Enter");
    await page.waitForURL("**/sign-in");
  });

  it("says so in its own words when the server cannot be reached, and recovers", async () => {
    const page = await newPage({ locale: "fr-FR" });
    await page.route("**/trpc/**", (route) => route.abort("connectionrefused"));
    await page.goto("/profile");
    await page.getByText(fr.errors.network).waitFor();
    await page.getByText(fr.errors.session).waitFor();
    await expectCleanPage(page);
    await screenshot(page, "fr-1280-server-unreachable");

    await page.unroute("**/trpc/**");
    await page.getByRole("button", { name: fr.common.retry }).click();
    await page.waitForURL("**/sign-in");
    await page.getByRole("heading", { name: fr.signIn.title }).waitFor();
  });

  it("works on a phone: navigation folds behind a burger, the user menu signs out", async () => {
    const page = await newPage({ viewport: PHONE });
    const email = uniqueEmail("phone");
    await signUp(page, email, "small screens too");
    await expectCleanPage(page);

    await page.getByRole("button", { name: "Show or hide navigation" }).click();
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "Profile" }).waitFor();

    await page.getByTestId("user-menu").click();
    await page.getByRole("menuitem", { name: "Sign out" }).waitFor();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
  });
});
