import { Page, TestInfo } from "@playwright/test";
import { expect, test } from "../lib/fixtures";
import {
  DEMO_PASSWORD,
  citizenIdFor,
  confirmSignUp,
  fillSignUp,
  fillSignUpFields,
  newWorker,
  NewWorker,
  open,
  ready,
  signIn,
  signInStaff,
  signOut,
  signUp,
  submit,
  submitTotp,
  uniqueSuffix,
} from "../lib/accounts";
import { linkIn, waitForMail } from "../lib/mail";

// Accounts, sign-in and access control (see app/src/domain/README.md, "Actors and access"). Every
// test runs with JavaScript on and off; the data each creates carries the project's name, so the
// two never collide.

const ACCOUNT_URL = /\/account(\?.*)?$/;

/** A worker without a case lands on the orders board, signed in. */
const signedInAs = async (page: Page, fullName: string) => {
  await expect(page).toHaveURL(/\/orders(\?.*)?$/);
  await expect(page.getByTestId("current-user")).toHaveText(fullName);
};

/** A fresh worker, signed up and then signed out again. */
async function signedOutWorker(page: Page, testInfo: TestInfo): Promise<NewWorker> {
  const w = newWorker(testInfo);
  await signUp(page, w);
  await signOut(page);
  return w;
}

test("a worker signs up, then signs in with the email or with the citizen ID", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const w = newWorker(testInfo);
  await signUp(page, w);
  await signedInAs(page, w.fullName);

  await signOut(page);
  await expect(page.getByTestId("current-user")).toHaveCount(0);
  await signIn(page, w.email, w.password);
  await signedInAs(page, w.fullName);

  await signOut(page);
  await signIn(page, w.citizenId, w.password);
  await signedInAs(page, w.fullName);
});

test("a citizen ID that does not match the sex is refused and the typed details are kept", async ({ page, javaScriptEnabled }, testInfo) => {
  const w = newWorker(testInfo, "male");
  await fillSignUpFields(page, { ...w, citizenId: citizenIdFor("female", w.birthDate) });
  // Without JavaScript the server answers; with it, the same rule stops the form in the browser.
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("error-citizen_id")).toBeVisible();
  await expect(page).toHaveURL(/\/signup(\?.*)?$/);
  await expect(page.locator("[name=full_name]")).toHaveValue(w.fullName);
  await expect(page.locator("[name=email]")).toHaveValue(w.email);
  await expect(page.locator("[name=phone]")).toHaveValue(w.phone);
  if (!javaScriptEnabled) {
    await expect(page.locator("[name=password]")).toHaveValue("");
  }
  await expect(page.getByTestId("current-user")).toHaveCount(0);
});

test("with JavaScript the sign-up rules are checked as each field is left", async ({ page, javaScriptEnabled }, testInfo) => {
  test.skip(!javaScriptEnabled, "live checks need JavaScript; without it the server checks on submit");
  const w = newWorker(testInfo, "male");
  await open(page, "/signup");
  await page.fill("[name=citizen_id]", "12345");
  await page.locator("[name=citizen_id]").blur();
  await expect(page.getByTestId("error-citizen_id")).toContainText("12");
  // Untouched fields are not flagged while typing.
  await expect(page.getByTestId("error-email")).toHaveCount(0);
  await page.fill("[name=citizen_id]", w.citizenId);
  await page.locator("[name=citizen_id]").blur();
  await page.fill("[name=password]", "password123");
  await page.locator("[name=password]").blur();
  await expect(page.getByTestId("error-password")).toBeVisible();
  await page.getByTestId("submit").click();
  // Every empty field is now flagged, and nothing was sent.
  await expect(page.getByTestId("error-full_name")).toBeVisible();
  await expect(page.getByTestId("error-email")).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
});

test("a session can be ended from another device's account page", async ({ browser, page }, testInfo) => {
  test.setTimeout(60_000);
  const w = newWorker(testInfo);
  await signUp(page, w);
  const other = await browser.newContext({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled ?? true });
  const phone = await other.newPage();
  await signIn(phone, w.email, w.password);
  await expect(phone.getByTestId("current-user")).toHaveText(w.fullName);

  await open(page, "/account");
  await expect(page.getByTestId("session-row")).toHaveCount(2);
  const otherRow = page.getByTestId("session-row").filter({ hasNot: page.getByTestId("this-session") });
  await submit(page, otherRow);
  await expect(page.getByTestId("form-notice")).toBeVisible();
  await expect(page.getByTestId("session-row")).toHaveCount(1);

  await phone.goto("/account");
  await expect(phone.getByTestId("unauthenticated")).toBeVisible();
  await expect(phone.getByTestId("signin-link")).toBeVisible();
  await other.close();
});

test("the account pages fit a small phone screen, even with a long name, email and user agent", async ({ browser, javaScriptEnabled }, testInfo) => {
  test.setTimeout(60_000);
  // A long browser identification without spaces to break at, as some phones send.
  const userAgent = `Mozilla/5.0 (Linux; Android 14; SM-A546E-HanhTrangTest-${"x".repeat(60)}) AppleWebKit/537.36`;
  const context = await browser.newContext({ javaScriptEnabled, userAgent, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  for (const path of ["/signup", "/signin", "/password/forgot"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
  // The header holds the name; with this one a nav that could not wrap overflowed by 3 px.
  const w = {
    ...newWorker(testInfo),
    fullName: "Nguyễn Thị Ánh Tuyết",
    email: `nguyen.thi.anh.tuyet.${uniqueSuffix(testInfo).replace(/-/g, ".")}@hanhtrang-long-domain.test`,
  };
  await signUp(page, w);
  await page.goto("/account");
  await expect(page.getByTestId("session-row").filter({ has: page.getByTestId("this-session") })).toContainText("HanhTrangTest");
  await expect(page.locator("dd", { hasText: w.email })).toHaveCount(1);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "/account scrolls sideways").toBeLessThanOrEqual(0);
  await context.close();
});

test("a second sign-up with the same citizen ID is answered as any other and links to nothing", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const first = await signedOutWorker(page, testInfo);
  let second = newWorker(testInfo, first.sex);
  while (second.fullName === first.fullName) second = newWorker(testInfo, first.sex);

  // The same name and birth date as the holder's, as a broker with a copy of the ID card types them.
  const broker = { ...second, fullName: first.fullName, citizenId: first.citizenId, birthDate: first.birthDate };
  await fillSignUp(page, broker);
  const notice = page.getByTestId("form-notice");
  await expect(notice).toBeVisible();
  await expect(notice).not.toContainText(first.email);
  await expect(page.getByTestId("form-error")).toHaveCount(0);
  await expect(page.getByTestId("current-user")).toHaveCount(0);
  // Confirmed, the account exists but is linked to no record: it is asked for a claim code.
  await confirmSignUp(page, broker.email);
  await expect(page).toHaveURL(/\/account(\?.*)?$/);
  await expect(page.getByTestId("claim-record")).toBeVisible();
  await expect(page.getByRole("link", { name: /Hồ sơ của tôi|My case/ })).toHaveCount(0);
});

test("repeated wrong passwords lock the account, even against the right password", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const w = await signedOutWorker(page, testInfo);
  for (let i = 1; i <= 5; i++) {
    await signIn(page, w.email, `${w.password}-wrong-${i}`);
    await expect(page.getByTestId("form-error"), `wrong password #${i}`).toBeVisible();
    await expect(page.getByTestId("current-user")).toHaveCount(0);
  }
  await signIn(page, w.email, w.password);
  await expect(page.getByTestId("form-error")).toHaveText(/Quá nhiều lần|Too many attempts/);
  await expect(page.getByTestId("current-user")).toHaveCount(0);
});

test("a forgotten password is reset through the emailed link, which works only once", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const w = await signedOutWorker(page, testInfo);

  await open(page, "/password/forgot");
  await page.fill("[name=email]", w.email);
  await submit(page);
  await expect(page.getByTestId("form-notice")).toBeVisible();

  const mail = await waitForMail(w.email, (m) => String(m.text ?? "").includes("/password/reset"));
  const link = linkIn(mail, "/password/reset");
  await open(page, link);
  const newPassword = `${w.password}-new`;
  await page.fill("[name=password]", newPassword);
  await submit(page);
  await expect(page).toHaveURL(/\/signin\?(.*&)?reset=1/);
  await expect(page.getByTestId("form-notice")).toBeVisible();

  await signIn(page, w.email, newPassword);
  await signedInAs(page, w.fullName);
  await signOut(page);

  await page.goto(link);
  await expect(page.getByTestId("form-error")).toBeVisible();
});

test("an invited agency admin sets a password and two-factor sign-in, then signs in with a code", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const email = `agency.admin.${uniqueSuffix(testInfo)}@hanhtrang.test`;
  const fullName = "Trần Quốc Khánh";
  const password = `Moi@HanhTrang-7${Date.now().toString(36)}`;

  await signInStaff(page, "admin@hanhtrang.test", DEMO_PASSWORD);
  await open(page, "/admin/users");
  const invite = page.locator("form", { has: page.locator("select[name=role]") });
  await invite.locator("[name=email]").fill(email);
  await invite.locator("[name=full_name]").fill(fullName);
  await invite.locator("select[name=role]").selectOption("agency_admin");
  const agencyId = await invite.locator("select[name=agency_id] option").nth(1).getAttribute("value");
  expect(agencyId, "the second agency option has a value").toBeTruthy();
  await invite.locator("select[name=agency_id]").selectOption(agencyId ?? "");
  await submit(page, invite);
  await expect(page.getByTestId("form-notice")).toBeVisible();
  await signOut(page);

  const mail = await waitForMail(email, (m) => String(m.text ?? "").includes("/invitation"));
  await open(page, linkIn(mail, "/invitation"));
  await expect(page.getByTestId("invitee-email")).toHaveText(email);
  await page.fill("[name=password]", password);
  await submit(page);
  await expect(page).toHaveURL(/\/account\/totp(\?.*)?$/);

  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await submitTotp(page, secret);
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await page.getByTestId("continue").click();
  await expect(page).toHaveURL(/\/cases$/);
  await ready(page);
  await signOut(page);

  // The code used at setup belongs to this same step, so the first try may be refused as a replay;
  // signInStaff waits for the next step and tries again.
  await signInStaff(page, email, password, secret);
  await expect(page.getByTestId("current-user")).toHaveText(fullName);
  await open(page, "/account");
  await expect(page.getByTestId("account-role")).toBeVisible();
});

test("a POST from another origin is refused", async ({ page, request, baseURL }, testInfo) => {
  test.setTimeout(60_000);
  expect(baseURL, "baseURL is configured").toBeTruthy();
  const origin = new URL(baseURL ?? "").origin;
  const w = newWorker(testInfo);
  await signUp(page, w);

  // A page of another origin whose form posts to /signout; clicking submits it even without JS.
  await page.goto("about:blank");
  await page.setContent(
    `<form method="post" action="${origin}/signout"><input name="_action" value="signout"><button>go</button></form>`,
  );
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/signout" && r.request().method() === "POST"),
    page.locator("button").click(),
  ]);
  expect(response.status()).toBe(403);

  // The session survived the forged sign-out.
  await page.goto("/account");
  await expect(page.getByTestId("current-user")).toHaveText(w.fullName);

  const forged = await request.post(`${origin}/signin`, {
    headers: { Origin: "https://evil.example" },
    form: { _action: "signin", identifier: "x", password: "y" },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);
});

test("an agency user gets 404 for another agency's case and the refusal is audited", async ({ page }) => {
  test.setTimeout(120_000);
  await signInStaff(page, "agency2.admin@hanhtrang.test", DEMO_PASSWORD);
  await open(page, "/cases");
  const href = await page.getByTestId("case-link").first().getAttribute("href");
  const caseId = /\/cases\/(\d+)/.exec(href ?? "")?.[1];
  expect(caseId, `a case id in the link ${href}`).toBeTruthy();
  await signOut(page);

  await signInStaff(page, "agency1.admin@hanhtrang.test", DEMO_PASSWORD);
  const res = await page.goto(href ?? "");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page.getByTestId("case-summary")).toHaveCount(0);
  await signOut(page);

  await signInStaff(page, "thanhtra@hanhtrang.test", DEMO_PASSWORD);
  const denied = page
    .getByTestId("audit-row")
    .filter({ hasText: "access.denied" })
    .filter({ hasText: new RegExp(`(^|\\D)${caseId}(\\D|$)`) });
  await expect(async () => {
    await page.goto("/audit?actor=agency1.admin%40hanhtrang.test");
    await expect(denied.first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
});
