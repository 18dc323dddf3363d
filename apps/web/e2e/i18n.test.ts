import { MESSAGES } from "@ragtime/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { en, type Messages } from "../src/i18n/locales/en";
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
  type RunningApp,
  saveFailureScreenshots,
  screenshot,
  signIn,
  startApp,
  uniqueEmail,
} from "./harness";

let app: RunningApp;
let browser: Browser;
const pages: Page[] = [];

async function newPage(options: PageOptions): Promise<Page> {
  const page = await openPage(browser, app.baseUrl, options);
  pages.push(page);
  return page;
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});

afterEach(async (context) => {
  if (context.task.result?.state === "fail") await saveFailureScreenshots(pages, context.task.name);
  await Promise.all(pages.splice(0).map((p) => p.context().close()));
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("the sign-in page follows the browser's language", () => {
  // Literal strings on purpose: the test reads what a French or Chinese reader would see.
  const cases = [
    {
      locale: "fr-FR",
      htmlLang: "fr",
      title: "Connexion · Ragtime",
      heading: "Connexion à Ragtime",
      fields: ["E-mail", "Mot de passe"],
      visible: [
        "Mot de passe oublié ?",
        "Créer un compte",
        "Des réponses tirées de vos documents, avec leurs sources.",
      ],
      button: "Se connecter",
      required: "Ce champ est obligatoire.",
      wrongPassword: "E-mail ou mot de passe incorrect.",
    },
    {
      locale: "zh-CN",
      htmlLang: "zh-CN",
      title: "登录 · Ragtime",
      heading: "登录 Ragtime",
      fields: ["邮箱", "密码"],
      visible: ["忘记密码？", "立即注册", "基于您的文档作答，并附上引用出处。"],
      button: "登录",
      required: "此项为必填。",
      wrongPassword: "邮箱或密码错误。",
    },
  ];

  for (const c of cases) {
    it(`in ${c.locale}`, async () => {
      const page = await newPage({ locale: c.locale });
      await page.goto("/sign-in");
      await page.getByRole("heading", { name: c.heading }).waitFor();
      expect(await page.title()).toBe(c.title);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(c.htmlLang);
      for (const name of c.fields) await field(page, name).waitFor();
      for (const text of c.visible) await page.getByText(text, { exact: true }).waitFor();
      expect(await page.getByText("Sign in", { exact: true }).count()).toBe(0);

      await page.getByRole("button", { name: c.button, exact: true }).click();
      expect(await page.getByText(c.required).count()).toBe(2);

      const labels = c.locale === "fr-FR" ? fr : zh;
      await signIn(page, "nobody@example.com", "not the password", labels);
      // Worded by the server, from the Accept-Language header the client sends.
      await page.getByText(c.wrongPassword).waitFor();
      await expectCleanPage(page);
    });
  }
});

type Language = "en" | "fr" | "zh";
const CATALOGUE: Record<Language, Messages> = { en, fr, zh };
const LOCALE: Record<Language, string> = { en: "en-US", fr: "fr-FR", zh: "zh-CN" };

/**
 * Visits every screen and state, checks it reads cleanly, and photographs it. Text does not depend
 * on the width, so on a phone (`isFull` false) only the screens whose layout differs are visited.
 */
async function tour(
  lang: Language,
  options: PageOptions & { viewport: { width: number; height: number }; isFull: boolean },
) {
  const t = CATALOGUE[lang];
  const { isFull } = options;
  const page = await newPage({ ...options, locale: LOCALE[lang] });
  let step = 0;
  const shot = async (name: string) => {
    await expectCleanPage(page);
    step += 1;
    await screenshot(page, `${lang}-${options.viewport.width}-${String(step).padStart(2, "0")}-${name}`);
  };

  await page.goto("/sign-in");
  await page.getByRole("heading", { name: t.signIn.title }).waitFor();
  await shot("sign-in");
  if (isFull) {
    await page.getByRole("button", { name: t.signIn.submit, exact: true }).click();
    await page.getByText(t.validation.required).first().waitFor();
    await shot("sign-in-required");
  }
  await signIn(page, "nobody@example.com", "wrong password", t);
  await page.getByTestId("error-alert").waitFor();
  await shot("sign-in-wrong-password");

  await page.goto("/sign-up");
  await page.getByRole("heading", { name: t.signUp.title }).waitFor();
  if (isFull) await shot("sign-up");
  await field(page, t.common.email).fill("not an e-mail");
  await field(page, t.common.password).fill("short");
  await page.getByRole("button", { name: t.signUp.submit }).click();
  await page.getByText(t.validation.email).waitFor();
  await shot("sign-up-invalid");

  await page.goto("/forgot-password");
  await page.getByRole("heading", { name: t.forgotPassword.title }).waitFor();
  if (isFull) await shot("forgot-password");
  await field(page, t.common.email).fill("someone@example.com");
  await page.getByRole("button", { name: t.forgotPassword.submit }).click();
  await page.getByText(t.forgotPassword.sentTitle).waitFor();
  await shot("forgot-password-sent");

  if (isFull) {
    await page.goto("/reset-password");
    await page.getByText(t.resetPassword.missingToken).waitFor();
    await shot("reset-password-no-token");
  }
  await page.goto("/reset-password?token=not-a-real-token-at-all");
  await field(page, t.resetPassword.newPassword).fill("a new password");
  await field(page, t.resetPassword.confirmPassword).fill("a new password");
  await page.getByRole("button", { name: t.resetPassword.submit }).click();
  await page.getByTestId("error-alert").waitFor();
  await shot("reset-password-bad-token");

  await page.goto("/no/such/page");
  await page.getByRole("heading", { name: t.notFound.title }).waitFor();
  await shot("not-found");

  await page.goto("/sign-up");
  await field(page, t.common.email).fill(uniqueEmail(lang));
  await field(page, t.signUp.nickname).fill(lang === "zh" ? "李雷" : "Marie Curie");
  await field(page, t.common.password).fill("a good long password");
  await page.getByRole("button", { name: t.signUp.submit }).click();
  await page.waitForURL("**/profile");
  await page.getByRole("heading", { name: t.profile.title, exact: true }).waitFor();
  await shot("profile");

  if (!isFull) {
    await page.getByRole("button", { name: t.nav.toggle }).click();
    await page
      .getByRole("navigation", { name: t.nav.main })
      .getByRole("link", { name: t.nav.profile })
      .waitFor();
    await shot("navigation-open");
    await page.getByRole("button", { name: t.nav.toggle }).click();
  }

  const timezone = page.getByRole("combobox", { name: t.profile.timezone });
  await timezone.click();
  await timezone.fill("Paris");
  await page.getByRole("option", { name: /Europe\/Paris/ }).waitFor();
  await shot("profile-timezone-search");
  await page.getByRole("option", { name: /Europe\/Paris/ }).click();
  await page.getByRole("button", { name: t.profile.save }).click();
  await page.getByText(t.profile.saved).waitFor();
  await shot("profile-saved");
  await page.getByRole("button", { name: t.common.close }).click();
  await page.getByText(t.profile.saved).waitFor({ state: "detached" });

  await field(page, t.password.current).fill("not my password");
  await field(page, t.password.new).fill("another long password");
  await field(page, t.password.confirm).fill("a different one");
  await page.getByRole("button", { name: t.password.submit }).click();
  await page.getByText(t.validation.passwordsDiffer).waitFor();
  await field(page, t.password.confirm).fill("another long password");
  await page.getByRole("button", { name: t.password.submit }).click();
  // The server's own wording, in the page's language, shown on the field it is about.
  await page.getByText(MESSAGES["error.wrongPassword"][lang]).waitFor();
  expect(await field(page, t.password.current).getAttribute("aria-invalid")).toBe("true");
  await shot("profile-wrong-password");

  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: t.userMenu.signOut }).waitFor();
  await shot("user-menu");
}

describe("every screen reads cleanly: no undefined, no raw key, no English left over", () => {
  for (const lang of ["en", "fr", "zh"] as const) {
    it(`${lang} at 1280 px`, () => tour(lang, { viewport: DESKTOP, isFull: true }));
    it(`${lang} at 390 px`, () => tour(lang, { viewport: PHONE, isFull: false }));
  }

  it("dark theme", async () => {
    const page = await newPage({ colorScheme: "dark" });
    await page.goto("/sign-in");
    await page.getByRole("heading", { name: en.signIn.title }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.mantineColorScheme)).toBe("dark");
    await screenshot(page, "en-1280-dark-sign-in");
    await page.getByRole("button", { name: en.colorScheme.toLight }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.mantineColorScheme)).toBe("light");
  });
});
