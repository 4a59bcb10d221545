import { Page } from "@playwright/test";
import { expect, test } from "../lib/fixtures";
import { DEMO_PASSWORD, open, signInStaff, submit } from "../lib/accounts";
import { fill, grouped, vietnamToday, vnd, vndIn } from "../lib/cases";
import { openCase, person } from "../lib/journey";

// Poverty-programme support as its users meet it (see app/src/domain/README.md, "Poverty-programme
// support", and app/src/ui/pages/support.rs): a worker from Hà Nội follows the support link on
// their case; Hà Nội's provincial officer records the commune's near-poor certificate, sees the
// language course worth 70% of its cap, is refused more than that next to the field, records
// it, and finds it in the province's totals against the budget; a second payment of the same
// item is refused. The officer's job-connection claims say when each becomes payable; a claim
// for a case whose contract is not signed says why not; a payable one is recorded as paid.
// JavaScript on and off.

const OFFICER = "sonoivu.hanoi@hanhtrang.test";
const LANGUAGE = 4_000_000;
const NEAR_POOR = (LANGUAGE * 70) / 100;

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "nothing wider than the screen").toBeLessThanOrEqual(0);
}

async function hanoiThisYear(page: Page): Promise<{ paid: number; remaining: number }> {
  await open(page, "/support");
  const row = page.locator(`[data-testid="support-total"][data-province="01"][data-year="${vietnamToday().slice(0, 4)}"]`);
  await expect(row.getByTestId("support-budget")).toContainText("₫");
  return {
    paid: vndIn(await row.getByTestId("support-paid").innerText()),
    remaining: vndIn(await row.getByTestId("support-remaining").innerText()),
  };
}

test("a near-poor worker's support is computed, paid once within its share, and counted in the province's totals against its budget", async ({ browser, javaScriptEnabled }, testInfo) => {
  test.setTimeout(240_000);
  const c = await openCase(browser, javaScriptEnabled, testInfo, { province: "001" });
  const { worker, caseId } = c;

  // The worker's case leads to their support page; without a certificate nothing is due yet.
  await open(worker, `/cases/${caseId}`);
  await worker.getByTestId("support-link").click();
  await expect(worker).toHaveURL(/\/support\/workers\/\d+$/);
  const supportPath = new URL(worker.url()).pathname;
  await expect(worker.getByTestId("no-status")).toBeVisible();
  await expect(worker.locator('[data-item="language"]').getByTestId("support-worth")).toContainText(`năm ${vietnamToday().slice(0, 4)}`);
  await expect(worker.getByTestId("status-form")).toHaveCount(0);
  await fitsTheScreen(worker);

  const [officerCtx, officer] = await person(browser, javaScriptEnabled);
  await signInStaff(officer, OFFICER, DEMO_PASSWORD);
  const before = await hanoiThisYear(officer);

  await open(officer, supportPath);
  const status = officer.getByTestId("status-form");
  await fill(status, { status: "near_poor", certificate_no: `15/XN-${c.suffix}` });
  await submit(officer, status);
  await expect(officer.getByTestId("household-status")).toContainText("Hộ cận nghèo");
  await expect(officer.locator('[data-item="language"]').getByTestId("support-worth")).toContainText(vnd(NEAR_POOR));
  await expect(officer.locator('[data-item="language"]').getByTestId("support-worth")).toContainText("70%");

  // More than the share allows: refused next to the amount, what was typed kept.
  const pay = () => officer.getByTestId("support-payment-form");
  await fill(pay(), { item: "language", paid_on: vietnamToday(), amount_vnd: grouped(LANGUAGE) });
  await submit(officer, pay());
  await expect(pay().getByTestId("error-amount_vnd")).toContainText(grouped(NEAR_POOR));
  await expect(pay().locator('[name="amount_vnd"]')).toHaveValue(grouped(LANGUAGE));
  await fill(pay(), { amount_vnd: grouped(NEAR_POOR) });
  await submit(officer, pay());
  await expect(officer.locator('[data-item="language"]').getByTestId("support-item-paid")).toContainText(vnd(NEAR_POOR));
  // Once per item and programme period.
  await fill(pay(), { item: "language", paid_on: vietnamToday(), amount_vnd: "100.000" });
  await submit(officer, pay());
  await expect(pay().getByTestId("error-item")).toContainText("mỗi khoản chỉ chi một lần");
  await expect(officer.getByTestId("support-payment")).toHaveCount(1);

  const after = await hanoiThisYear(officer);
  expect(after.paid - before.paid).toBe(NEAR_POOR);
  expect(before.remaining - after.remaining).toBe(NEAR_POOR);

  // The worker sees it on the phone.
  await open(worker, supportPath);
  await expect(worker.getByTestId("support-payment")).toContainText(vnd(NEAR_POOR));
  await fitsTheScreen(worker);

  // A job-connection claim for this case: the contract is not signed, so it says why not.
  await open(officer, "/support");
  const claim = officer.getByTestId("claim-form");
  await fill(claim, { case_id: String(caseId), unit_name: "Trung tâm Dịch vụ việc làm Hà Nội", amount_vnd: "1.500.000" });
  await submit(officer, claim);
  const mine = officer.locator(`[data-testid="claim"][data-case="${caseId}"]`);
  await expect(mine.getByTestId("claim-standing")).toContainText("hợp đồng của người lao động chưa được ký");
  await expect(mine.getByTestId("claim-pay-form")).toHaveCount(0);
  // The same case twice is refused next to the number.
  await fill(officer.getByTestId("claim-form"), { case_id: String(caseId), unit_name: "Trung tâm khác", amount_vnd: "1.000.000" });
  await submit(officer, officer.getByTestId("claim-form"));
  await expect(officer.getByTestId("claim-form").getByTestId("error-case_id")).toBeVisible();
  await officerCtx.close();
  await c.close();
});

test("a job-connection claim says when it becomes payable, three months into the job, and a payable one is recorded as paid once", async ({ browser, javaScriptEnabled }) => {
  const [ctx, officer] = await person(browser, javaScriptEnabled);
  await signInStaff(officer, OFFICER, DEMO_PASSWORD);
  await open(officer, "/support");
  // A seeded claim whose worker left less than three months ago: payable from a later day.
  const waiting = officer.getByTestId("claim").filter({ hasText: /Chưa chi được.*được chi từ ngày/ });
  await expect(waiting.first()).toBeVisible();
  const from = /ngày (\d{2})\/(\d{2})\/(\d{4})/.exec(await waiting.first().getByTestId("claim-standing").innerText());
  expect(from, "the day it becomes payable is named").not.toBeNull();
  expect(`${from![3]}-${from![2]}-${from![1]}` > vietnamToday(), "in the future").toBe(true);
  await expect(waiting.first().getByTestId("claim-pay-form")).toHaveCount(0);

  // One that is payable (the job held for three months) is recorded as paid.
  const payable = officer.getByTestId("claim").filter({ has: officer.getByTestId("claim-pay-form") }).first();
  const caseId = await payable.getAttribute("data-case");
  const form = payable.getByTestId("claim-pay-form");
  await fill(form, { paid_on: vietnamToday() });
  await submit(officer, form);
  const paid = officer.locator(`[data-testid="claim"][data-case="${caseId}"]`);
  await expect(paid.getByTestId("claim-standing")).toContainText("Đã chi ngày");
  await expect(paid.getByTestId("claim-pay-form")).toHaveCount(0);
  await ctx.close();
});
