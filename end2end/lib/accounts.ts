// Helpers for the account pages (see app/src/domain/README.md, "Actors and access"). They work
// with JavaScript on and off: every form is a native POST, so a submit always loads a new document.
import { randomBytes, randomInt } from "node:crypto";
import { expect, Locator, Page, test, TestInfo } from "@playwright/test";
import { linkIn, waitForMail } from "./mail";
import { secondsLeftInStep, STEP_SECONDS, stepAt, totp } from "./totp";

export const DEMO_PASSWORD = "Demo@HanhTrang2026";
export const DEMO_TOTP_SECRET = "HANHTRANGDEMOKEYHANHTRANGDEMOKEY";

export const SUBMIT = "[data-testid=submit]";

/** Whether the running test's project has JavaScript on (the default when unset). */
export function javaScriptOn(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/**
 * With JavaScript, wait until each island on the page (the parts interactive in the browser) is
 * hydrated, so typing reaches its handlers. A page without islands is ready as it arrives.
 */
export async function ready(page: Page, javaScriptEnabled: boolean = javaScriptOn()): Promise<void> {
  if (javaScriptEnabled) {
    const islands = await page.locator("leptos-island").count();
    // Generous: on this 2-core machine the browser compiles the wasm while the server hashes
    // passwords for the parallel worker.
    await expect(page.locator("leptos-island [data-island-ready]")).toHaveCount(islands, { timeout: 30_000 });
  }
}
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await ready(page);
}

/**
 * Clicks the form's submit button and waits until the answer (a redirect target or the re-rendered
 * form) is loaded, so a check that follows never sees the previous page. `scope` narrows the button
 * to one form on pages with several.
 */
export async function submit(page: Page, scope: Page | Locator = page): Promise<void> {
  await clickAndWaitForDocument(page, scope.locator(SUBMIT));
  await ready(page);
}

async function clickAndWaitForDocument(page: Page, target: Locator): Promise<void> {
  const navigated = page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame() });
  await Promise.all([navigated, target.click()]);
  await page.waitForLoadState("load");
}

/** The path of the current URL, without query. */
export function currentPath(page: Page): string {
  return new URL(page.url()).pathname;
}

// ---------------------------------------------------------------------------------------------
// Unique test data

/** A suffix no other test (in either project, in this or an earlier run) uses. */
export function uniqueSuffix(testInfo: TestInfo): string {
  return `${testInfo.project.name}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`.toLowerCase();
}

export type Sex = "male" | "female";

/**
 * A citizen ID that is valid for this sex and birth date (`YYYY-MM-DD`): an old province code,
 * the sex/century digit, the last two digits of the birth year, six random digits.
 */
export function citizenIdFor(sex: Sex, birthDate: string, province: "001" | "079" = "079"): string {
  const year = Number(birthDate.slice(0, 4));
  const century = Math.floor(year / 100) - 19; // 1900s → 0, 2000s → 1
  if (century < 0 || century > 2) throw new Error(`no citizen ID digit for the birth year ${year}`);
  const sexDigit = century * 2 + (sex === "female" ? 1 : 0);
  const serial = String(randomInt(0, 1_000_000)).padStart(6, "0");
  return `${province}${sexDigit}${String(year % 100).padStart(2, "0")}${serial}`;
}

export interface NewWorker {
  fullName: string;
  citizenId: string;
  birthDate: string;
  sex: Sex;
  phone: string;
  email: string;
  password: string;
}

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
const MIDDLE: Record<Sex, string[]> = { male: ["Văn", "Đức", "Minh", "Quốc"], female: ["Thị", "Ngọc", "Thu", "Hồng"] };
const GIVEN: Record<Sex, string[]> = {
  male: ["Hùng", "Dũng", "Nam", "Tuấn", "Long", "Khoa"],
  female: ["Lan", "Hương", "Mai", "Thảo", "Linh", "Trang"],
};
const pick = <T>(items: readonly T[]): T => items[randomInt(0, items.length)];

/** A fresh adult worker (born 1998-2003) with a valid, unique citizen ID, email and phone. */
export function newWorker(testInfo: TestInfo, sex: Sex = randomInt(0, 2) === 0 ? "male" : "female"): NewWorker {
  const suffix = uniqueSuffix(testInfo);
  const year = 1998 + randomInt(0, 6);
  const birthDate = `${year}-${String(randomInt(1, 13)).padStart(2, "0")}-${String(randomInt(1, 29)).padStart(2, "0")}`;
  return {
    fullName: `${pick(FAMILY)} ${pick(MIDDLE[sex])} ${pick(GIVEN[sex])}`,
    citizenId: citizenIdFor(sex, birthDate),
    birthDate,
    sex,
    phone: `09${String(randomInt(0, 100_000_000)).padStart(8, "0")}`,
    email: `worker.${suffix}@hanhtrang.test`,
    password: `Thu@HanhTrang-9${randomBytes(4).toString("hex")}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Flows

/** Fills /signup with the worker's details and submits; the caller checks the outcome. */
export async function fillSignUp(page: Page, w: NewWorker): Promise<void> {
  await fillSignUpFields(page, w);
  await submit(page);
}

/** Opens /signup and types the worker's details, without submitting. */
export async function fillSignUpFields(page: Page, w: NewWorker): Promise<void> {
  await open(page, "/signup");
  await page.fill("[name=full_name]", w.fullName);
  await page.fill("[name=citizen_id]", w.citizenId);
  await page.fill("[name=birth_date]", w.birthDate);
  await page.selectOption("select[name=sex]", w.sex);
  await page.fill("[name=phone]", w.phone);
  await page.fill("[name=email]", w.email);
  await page.fill("[name=password]", w.password);
}

/** Signs a new worker up, confirms the address from the link mailed to it, and checks they land on the orders board signed in. */
export async function signUp(page: Page, w: NewWorker): Promise<void> {
  await fillSignUp(page, w);
  await expect(page.getByTestId("form-notice")).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveCount(0);
  await confirmSignUp(page, w.email);
  await expect(page).toHaveURL(/\/orders(\?.*)?$/);
  await expect(page.getByTestId("current-user")).toHaveText(w.fullName);
}

/** Opens the newest confirmation link mailed to `email` and confirms it. */
export async function confirmSignUp(page: Page, email: string): Promise<void> {
  const mail = await waitForMail(email, (m) => String(m.text ?? "").includes("/signup/confirm?token="));
  await open(page, linkIn(mail, "/signup/confirm"));
  await submit(page);
}

/** Submits /signin with an email or citizen ID; the caller checks where it lands. */
export async function signIn(page: Page, identifier: string, password: string): Promise<void> {
  await open(page, "/signin");
  await page.fill("[name=identifier]", identifier);
  await page.fill("[name=password]", password);
  await submit(page);
}

/** Waits, if needed, until the current step has at least `margin` seconds left. */
async function awaitRoomInStep(page: Page, margin = 2): Promise<void> {
  const left = secondsLeftInStep();
  if (left < margin) await page.waitForTimeout(left * 1000 + 1000);
}

/**
 * Submits a fresh TOTP code on the current page (/signin/code or /account/totp); returns the
 * 30-second step the code belongs to.
 */
export async function submitTotp(page: Page, secret: string): Promise<number> {
  await awaitRoomInStep(page);
  const at = Date.now();
  await page.fill("[name=code]", totp(secret, at));
  await submit(page);
  return stepAt(at);
}

/**
 * Signs a staff member in: password, then the TOTP code at /signin/code, ending on the page where
 * their work starts (the board for agency staff, the overview for inspectors, and so on).
 * Another test may have used this account's code in the same 30-second step (both projects run at
 * once), and then the code is refused as a replay; so on a form error wait for the next step and
 * try again with a fresh code, re-doing the password step if the page is back at /signin.
 */
export async function signInStaff(page: Page, email: string, password: string, secret: string = DEMO_TOTP_SECRET): Promise<void> {
  const attempts = 5;
  for (let attempt = 1; ; attempt++) {
    if (currentPath(page) !== "/signin/code") {
      await signIn(page, email, password);
      await expect(page, `after the password step for ${email}`).toHaveURL(/\/signin\/code(\?.*)?$/);
    }
    const step = await submitTotp(page, secret);
    if (!["/signin", "/signin/code"].includes(currentPath(page))) break;
    await expect(page.getByTestId("form-error"), `the code for ${email} was neither accepted nor refused`).toBeVisible();
    if (attempt >= attempts) {
      throw new Error(`the TOTP code for ${email} was refused ${attempts} times: ${await page.getByTestId("form-error").innerText()}`);
    }
    // Refused, most likely as a replay: wait for a step later than the one just used. The demo
    // accounts are shared by several tests in both projects at once; each step's code works once,
    // so the waiting tests spread over the next step at random instead of all trying at its start.
    const jitterMs = randomInt(0, 12_000);
    const waitMs = Math.max(0, (step + 1) * STEP_SECONDS * 1000 - Date.now()) + 1000 + jitterMs;
    await page.waitForTimeout(waitMs);
  }
  await expect(page).not.toHaveURL(/\/signin/);
  await expect(page.getByTestId("current-user")).toBeVisible();
}

/** Signs out with the header button and waits for the signed-out header. */
export async function signOut(page: Page): Promise<void> {
  await clickAndWaitForDocument(page, page.getByTestId("signout"));
  await expect(page.getByTestId("signin-link")).toBeVisible();
  await ready(page);
}
