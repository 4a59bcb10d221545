import { Page } from "@playwright/test";
import { expect, test } from "../lib/fixtures";
import { DEMO_PASSWORD, open, signInStaff, submit } from "../lib/accounts";
import { eventForm, fill, grouped, takeStep, vietnamToday, vnd } from "../lib/cases";
import { openCase, person } from "../lib/journey";

// The settlement as its users meet it (see app/src/domain/README.md, "Settlement", and
// app/src/ui/pages/cases/settlement.rs): a worker comes back early through no fault of their own;
// the agency asks the system, which computes the pro-rata service-fee refund with its interest
// line by line from the ledger; the agency records it, the worker reads the printable record on a
// phone, sees it name the ledger's entries, and confirms it; the case is liquidated. A rule
// version added later does not change what was recorded. JavaScript on and off.

const ADMIN = "admin@hanhtrang.test";
const FEE = 40_000_000;

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "nothing wider than the screen").toBeLessThanOrEqual(0);
}

test("a worker back early through no fault gets the fee refund with interest line by line, the record matches the ledger, and the worker confirms it", async ({ browser, javaScriptEnabled }, testInfo) => {
  test.setTimeout(300_000);
  const today = vietnamToday();
  const c = await openCase(browser, javaScriptEnabled, testInfo, { contract: {} });
  const { agency, worker, caseId, orderId, suffix } = c;

  // The agency records the service fee it took, then sends the worker.
  await open(agency, `/cases/${caseId}/money`);
  const pay = agency.getByTestId("payment-form");
  await fill(pay, { kind: "service_fee", payee: "agency", paid_on: today, amount_vnd: grouped(FEE), receipt_no: `BL-${suffix}` });
  await submit(agency, pay);
  await expect(agency.getByTestId("payment-entry")).toHaveCount(1);
  const entryId = await agency.getByTestId("payment-entry").getAttribute("data-id");

  await takeStep(agency, caseId, "train", { started_on: today }, "training");
  await takeStep(agency, caseId, "grant_visa", { passport_no: "C1234567", visa_no: `COE-${suffix}`, granted_on: today }, "visa_granted");
  await open(agency, "/lists");
  const listForm = agency.getByTestId(`list-create-${orderId}`);
  await fill(listForm, { planned_exit_on: vietnamToday(7) });
  await submit(agency, listForm);
  const list = agency.getByTestId("departure-list").filter({ hasText: `Chubu Seimitsu ${suffix}` });
  const listId = await list.getAttribute("data-list");
  const [dolabCtx, dolab] = await person(browser, javaScriptEnabled);
  await signInStaff(dolab, "cuc@hanhtrang.test", DEMO_PASSWORD);
  await open(dolab, "/lists");
  const confirm = dolab.getByTestId(`list-decide-${listId}`);
  await fill(confirm, { decision: "approve" });
  await submit(dolab, confirm);
  await expect(dolab.locator(`[data-list="${listId}"]`).getByTestId("list-status")).toHaveText("Đã xác nhận");
  await dolabCtx.close();
  await open(agency, `/cases/${caseId}`);
  const cert = await eventForm(agency, "certificate");
  await fill(cert, { periods: "74", test_passed: "yes", certificate_no: `GCN-${suffix}`, issued_on: today });
  await submit(agency, cert);
  await takeStep(agency, caseId, "depart", { exit_on: today, fund_paid_on: vietnamToday(-5), workplace: "Aichi, Toyota" }, "departed");
  await takeStep(agency, caseId, "end_contract", { reason: "early_return_not_at_fault", ended_on: today }, "contract_ended");

  // The case page leads to the settlement; the liquidation step is not offered before it.
  await open(agency, `/cases/${caseId}`);
  await expect(agency.locator('details[data-step="start_liquidation"]')).toHaveCount(0);
  await agency.getByTestId("settlement-link").click();
  await expect(agency).toHaveURL(new RegExp(`/cases/${caseId}/settlement$`));

  // Without the cause of the early return, the system asks for it next to the field.
  const ask = agency.getByTestId("settlement-ask");
  await expect(agency.getByTestId("settlement-preview")).toContainText("Sửa các ô báo lỗi");
  // The employer closed; the money is paid back in 30 days: interest runs to that day.
  const payDay = vietnamToday(30);
  await fill(ask, { cause: "employer_closure", settle_on: payDay });
  await agency.getByTestId("recompute").click();
  await expect(agency).toHaveURL(/cause=employer_closure/);
  const computed = agency.getByTestId("computed-line");
  // Nothing worked yet: the whole fee × 36/36, and 30 days of interest at 0,10% a year.
  const interest = Math.ceil((FEE * 10 * 30) / 3_650_000);
  await expect(computed.first()).toContainText(vnd(FEE));
  await expect(computed.first().getByTestId("computed-basis")).toContainText("× 36/36");
  await expect(computed.nth(1).getByTestId("computed-amount")).toHaveText(`+${vnd(interest)}`);
  await expect(computed.nth(1).getByTestId("computed-basis")).toContainText("30 ngày");
  await expect(agency.getByTestId("fund-range")).toContainText(`${vnd(7_000_000)} – ${vnd(20_000_000)}`);

  // Another amount without its reason is refused next to the line, and nothing is recorded.
  const first = computed.first();
  await first.locator('[name="amount_0"]').fill(grouped(FEE - 1_000_000));
  await submit(agency, agency.getByTestId("record-settlement-form"));
  await expect(agency.getByTestId("computed-line").first().getByTestId("reason-error")).toContainText("ghi rõ lý do");
  await expect(agency.getByTestId("settlement-record")).toHaveCount(0);
  // As computed, it is recorded, and the liquidation has started.
  await agency.getByTestId("computed-line").first().locator('[name="amount_0"]').fill(grouped(FEE));
  await submit(agency, agency.getByTestId("record-settlement-form"));
  await expect(agency.getByTestId("settlement-record")).toBeVisible();
  await expect(agency.getByTestId("case-state").first()).toHaveAttribute("data-state", "liquidation_pending");
  const total = vnd(FEE + interest);
  await expect(agency.getByTestId("settlement-total")).toContainText(total);

  // A Fund rule version from a later day, added now, does not change the recorded settlement.
  const [adminCtx, admin] = await person(browser, javaScriptEnabled);
  await signInStaff(admin, ADMIN, DEMO_PASSWORD);
  const rulesForm = () => admin.locator('form:has(input[name="_action"][value="rule_add"])');
  const offsets = testInfo.project.name === "js-on" ? [40, 42, 44, 46] : [41, 43, 45, 47];
  for (const offset of offsets) {
    await open(admin, "/rules");
    await fill(rulesForm(), { key: "fund_support_max_vnd", scope: "CLOSURE", effective_from: vietnamToday(offset), value: "25000000", source: `Sửa đổi (${suffix})` });
    await submit(admin, rulesForm());
    if ((await rulesForm().getByTestId("error-effective_from").count()) === 0) break;
  }
  await expect(admin.getByTestId("rule-row").filter({ hasText: `Sửa đổi (${suffix})` })).toHaveCount(1);
  await adminCtx.close();

  // The worker reads the record on a phone: each line with its basis and the law, the ledger
  // entry it comes from, the total, the Fund's range.
  await open(worker, `/cases/${caseId}/settlement`);
  const record = worker.getByTestId("settlement-record");
  await expect(record).toContainText("Biên bản thanh lý");
  const lines = record.getByTestId("settlement-line");
  await expect(lines).toHaveCount(2);
  await expect(lines.first()).toHaveAttribute("data-entry", entryId ?? "");
  await expect(lines.first()).toContainText(`#${entryId}`);
  await expect(lines.first().getByTestId("line-amount")).toHaveText(`+${vnd(FEE)}`);
  await expect(lines.nth(1).getByTestId("line-amount")).toHaveText(`+${vnd(interest)}`);
  await expect(worker.getByTestId("settlement-total")).toContainText(total);
  await expect(record.getByTestId("fund-range")).toContainText(vnd(20_000_000));
  await expect(record.getByTestId("fund-range")).not.toContainText(vnd(25_000_000));
  // The ledger behind it is the money page's: the same entry, the same amount.
  await expect(worker.locator(`[data-testid="basis-entry"][data-id="${entryId}"]`)).toContainText(vnd(FEE));
  await fitsTheScreen(worker);
  // Printed, the record stands alone: no forms, no links.
  await worker.emulateMedia({ media: "print" });
  await expect(record).toBeVisible();
  await expect(worker.getByTestId("answer-settlement-form")).toBeHidden();
  await worker.emulateMedia({ media: "screen" });

  // The worker confirms; the answer is on the record, and the agency liquidates the case.
  await worker.getByTestId("confirm-settlement").click();
  await expect(worker).toHaveURL(new RegExp(`/cases/${caseId}/settlement$`));
  await expect(worker.getByTestId("settlement-answer")).toContainText("Người lao động đã xác nhận");
  await expect(worker.getByTestId("answer-settlement-form")).toHaveCount(0);
  await takeStep(agency, caseId, "liquidate", { liquidated_on: today }, "liquidated");
  await open(worker, `/cases/${caseId}/money`);
  await expect(worker.locator(`[data-testid="payment-entry"][data-id="${entryId}"]`)).toBeVisible();
  await c.close();
});
