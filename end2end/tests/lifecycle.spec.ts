import { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "../lib/fixtures";
import { DEMO_PASSWORD, citizenIdFor, newWorker, open, signInStaff, signUp, submit, uniqueSuffix } from "../lib/accounts";
import { eventForm, fill, idInPath, stepForm, takeStep, vietnamToday } from "../lib/cases";
import { allMail, waitForMail } from "../lib/mail";

// The case lifecycle as its users meet it (see app/src/domain/README.md, "Case lifecycle"): an
// agency drafts a job order, DOLAB approves it, a worker applies, the agency moves the case step by
// step, DOLAB confirms the departure list, the worker departs, is updated on and returns. Runs with
// JavaScript on and off.

const AGENCY = "agency1.admin@hanhtrang.test";
const DOLAB = "cuc@hanhtrang.test";

async function person(browser: Browser, javaScriptEnabled: boolean, phone = false): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({
    javaScriptEnabled,
    locale: "vi-VN",
    ...(phone ? { viewport: { width: 360, height: 740 } } : {}),
  });
  return [context, await context.newPage()];
}

test("an order is approved, a worker applies and follows the case from screening to return", async ({ browser, javaScriptEnabled }, testInfo) => {
  test.setTimeout(240_000);
  const suffix = uniqueSuffix(testInfo);
  const employer = `Yamato Seiki ${suffix}`;
  const today = vietnamToday();

  const [workerCtx, worker] = await person(browser, javaScriptEnabled, true);
  const [agencyCtx, agency] = await person(browser, javaScriptEnabled);
  const [dolabCtx, dolab] = await person(browser, javaScriptEnabled);

  // The agency's head office signs in and lands on its board, with its cases at a glance.
  await signInStaff(agency, AGENCY, DEMO_PASSWORD);
  await expect(agency).toHaveURL(/\/cases$/);
  await expect(agency.getByTestId("case-dashboard")).toBeVisible();
  await expect(agency.getByTestId("dash-overdue")).toBeVisible();
  // It drafts the supply contract and sends it to DOLAB.
  await open(agency, "/orders/new");
  const draft = agency.getByTestId("order-draft-form");
  await fill(draft, {
    market_code: "JP",
    employer_name: employer,
    occupation: "Hàn kim loại",
    headcount: "12",
    wage_amount: "165.000",
    wage_currency: "JPY",
    term_months: "36",
    service_fee_vnd: "40.000.000",
    form: "licensed_agency",
    programme: "technical_intern",
    working_conditions: "Ký túc xá 2 người/phòng, làm 8 giờ/ngày",
  });
  await submit(agency, draft);
  await expect(agency).toHaveURL(/\/orders\/\d+$/);
  const orderId = idInPath(agency);
  await expect(agency.getByTestId("order-status")).toHaveText("Bản nháp");
  await submit(agency, agency.getByTestId("order-submit-form"));
  await expect(agency.getByTestId("order-status")).toHaveText("Chờ Cục duyệt");
  await expect(agency.getByTestId("decision-due")).toContainText("Cục trả lời chậm nhất");

  // DOLAB finds it in the queue with its deadline, and approves it.
  await signInStaff(dolab, DOLAB, DEMO_PASSWORD);
  await open(dolab, "/orders/pending");
  await expect(dolab.getByTestId("order-row").filter({ hasText: employer })).toHaveCount(1);
  await open(dolab, `/orders/${orderId}`);
  const decide = dolab.getByTestId("order_decide-form");
  await fill(decide, { decision: "approve" });
  await submit(dolab, decide);
  await expect(dolab.getByTestId("order-status")).toHaveText("Đã được chấp thuận");

  // A new worker, on a phone, finds the order on the public board and applies.
  const w = newWorker(testInfo);
  await signUp(worker, w);
  // They search the board for it: by employer, in Japan, sorted by wage; the card shows the wage
  // in VND and the legal fee cap beside the fee.
  await open(worker, "/orders");
  const search = worker.getByTestId("board-filters");
  await fill(search, { q: employer, market: "JP", sort: "wage" });
  await submit(worker, search);
  await expect(worker).toHaveURL(/\/orders\?q=.*sort=wage/);
  const card = worker.getByTestId("order-card");
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("order-fee")).toContainText("trần theo luật");
  await expect(card.getByTestId("order-wage")).toContainText("≈");
  await card.getByRole("link").click();
  await expect(worker).toHaveURL(new RegExp(`/orders/${orderId}$`));
  await expect(worker.getByTestId("order-terms")).toContainText("40.000.000");
  await submit(worker, worker.getByTestId("apply-form"));
  await expect(worker).toHaveURL(/\/cases\/\d+$/);
  const caseId = idInPath(worker);
  await expect(worker.getByTestId("case-state").first()).toHaveAttribute("data-state", "applied");
  await expect(worker.getByTestId("next-step")).toContainText("Doanh nghiệp");
  await waitForMail(w.email, `Hồ sơ #${caseId}`);

  // An inspector lands on the overview and finds the case by the worker's citizen ID.
  const [inspectorCtx, inspector] = await person(browser, javaScriptEnabled);
  await signInStaff(inspector, "thanhtra@hanhtrang.test", DEMO_PASSWORD);
  await expect(inspector).toHaveURL(/\/overview$/);
  await inspector.fill("#q", w.citizenId);
  await submit(inspector, inspector.getByTestId("case-search"));
  const found = inspector.getByTestId("found-case");
  await expect(found).toHaveCount(1);
  await expect(found).toContainText(w.fullName);
  await found.getByTestId("case-link").click();
  await expect(inspector).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await inspectorCtx.close();

  // The agency moves the case: screening, selection, contract, training, visa.
  await takeStep(agency, caseId, "screen", {
    health_certificate_no: "SK-2026-118",
    health_certificate_on: today,
    exam_result: "Đạt tay nghề hàn, phỏng vấn tốt",
    language_level: "N5",
  }, "screening");
  await takeStep(agency, caseId, "select", { selected_on: today }, "selected");
  await takeStep(agency, caseId, "contract", {
    contract_no: `118/HĐĐĐ-${suffix}`,
    signed_on: today,
    service_fee_vnd: "40.000.000",
    training_fee_vnd: "5.900.000",
    visa_fee_vnd: "3.270.000",
    airfare_vnd: "9.000.000",
  }, "contracted");
  await takeStep(agency, caseId, "train", { started_on: today }, "training");
  await takeStep(agency, caseId, "grant_visa", {
    passport_no: "C1234567",
    visa_no: "COE-77812",
    granted_on: today,
  }, "visa_granted");

  // The agency sends the departure list; DOLAB confirms it.
  await open(agency, "/lists");
  const listForm = agency.getByTestId(`list-create-${orderId}`);
  await fill(listForm, { planned_exit_on: vietnamToday(7) });
  await submit(agency, listForm);
  const list = agency.getByTestId("departure-list").filter({ hasText: employer });
  await expect(list.getByTestId("list-status")).toHaveText("Chờ Cục xác nhận");
  await expect(list.getByTestId("list-due")).toBeVisible();
  const listId = await list.getAttribute("data-list");
  await open(dolab, "/lists");
  const confirm = dolab.getByTestId(`list-decide-${listId}`);
  await fill(confirm, { decision: "approve" });
  await submit(dolab, confirm);
  await expect(dolab.locator(`[data-list="${listId}"]`).getByTestId("list-status")).toHaveText("Đã xác nhận");

  // Departure without an orientation certificate is refused, with the reason, and nothing moves.
  await open(agency, `/cases/${caseId}`);
  await expect(agency.getByTestId("case-state").first()).toHaveAttribute("data-state", "list_confirmed");
  const depart = await stepForm(agency, "depart");
  await fill(depart, { exit_on: today, fund_paid_on: vietnamToday(-5), workplace: "Aichi, Toyota" });
  await submit(agency, depart);
  await expect(agency.getByTestId("form-error").first()).toContainText("chứng chỉ bồi dưỡng kiến thức");
  await expect(agency.getByTestId("case-state").first()).toHaveAttribute("data-state", "list_confirmed");
  await expect(agency.getByTestId("step-depart").locator("[name=workplace]")).toHaveValue("Aichi, Toyota");

  // The certificate is recorded; then the worker departs.
  await open(agency, `/cases/${caseId}`);
  const cert = await eventForm(agency, "certificate");
  await fill(cert, { periods: "74", test_passed: "yes", certificate_no: `GCN-${suffix}`, issued_on: today });
  await submit(agency, cert);
  await expect(agency.getByTestId("certificate")).toContainText(`GCN-${suffix}`);
  await takeStep(agency, caseId, "depart", { exit_on: today, fund_paid_on: vietnamToday(-5), workplace: "Aichi, Toyota" }, "departed");

  // Abroad: a monthly update; then the return.
  await open(agency, `/cases/${caseId}`);
  const monthly = await eventForm(agency, "monthly_update");
  await fill(monthly, { month: today.slice(0, 7), working: "yes", note: "Đã nhận lương tháng đầu" });
  await submit(agency, monthly);
  await expect(agency.getByTestId("timeline")).toContainText("Đã nhận lương tháng đầu");
  await takeStep(agency, caseId, "end_contract", { reason: "completed", ended_on: today }, "contract_ended");

  // The worker sees every step with its date, what comes next and the settlement deadline.
  await open(worker, `/cases/${caseId}`);
  await expect(worker.getByTestId("case-state").first()).toHaveAttribute("data-state", "contract_ended");
  const timeline = worker.getByTestId("timeline");
  for (const step of ["Đã nộp hồ sơ", "Đang sơ tuyển", "Trúng tuyển", "Đã ký hợp đồng", "Đang bồi dưỡng kiến thức", "Đã có thị thực", "Danh sách xuất cảnh đã được xác nhận", "Đã xuất cảnh", "Đã kết thúc hợp đồng"]) {
    await expect(timeline, step).toContainText(step);
  }
  // The settlement is due within 180 days; the monthly updates go on until it is done.
  await expect(worker.locator('[data-testid="deadline"][data-kind="Liquidation"]')).toContainText("Hạn thanh lý hợp đồng");
  await expect(worker.locator('[data-testid="deadline"][data-kind="MonthlyUpdate"]')).toBeVisible();
  await expect(worker.getByTestId("fees")).toContainText("40.000.000");
  // The page fits the phone: nothing wider than the screen.
  const overflow = await worker.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The worker cannot move the case themselves (only withdraw before departure).
  await expect(worker.locator("[data-testid^=step-]")).toHaveCount(0);

  // An email for each change: the application, 8 steps, 2 events.
  await expect.poll(async () => (await allMail(w.email, `Hồ sơ #${caseId}`)).length, { timeout: 20_000 }).toBe(11);

  // Another agency: the case does not exist for it.
  const [otherCtx, other] = await person(browser, javaScriptEnabled);
  await signInStaff(other, "agency2.admin@hanhtrang.test", DEMO_PASSWORD);
  const res = await other.goto(`/cases/${caseId}`);
  expect(res?.status()).toBe(404);
  await open(other, `/cases?q=${w.citizenId}`);
  await expect(other.getByTestId("case-total")).toHaveText("0 hồ sơ");

  await Promise.all([workerCtx.close(), agencyCtx.close(), dolabCtx.close(), otherCtx.close()]);
});

test("an agency imports workers from a CSV file: a bad file names its bad line and writes nothing", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signInStaff(page, AGENCY, DEMO_PASSWORD);
  await open(page, "/cases/new");
  const orderId = await page.locator("select[name=order_id] option").nth(1).getAttribute("value");
  expect(orderId).toBeTruthy();
  const a = newWorker(testInfo, "male");
  const b = newWorker(testInfo, "female");
  const child = citizenIdFor("female", "2010-01-01");
  const header = "citizen_id,full_name,birth_date,sex,phone,order_id";
  const line = (w: { citizenId: string; fullName: string; birthDate: string; sex: string; phone: string }) =>
    `${w.citizenId},${w.fullName},${w.birthDate},${w.sex},${w.phone},${orderId}`;
  const upload = async (csv: string) => {
    await open(page, "/cases/import");
    await page.setInputFiles("input[name=file]", { name: "ho-so.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await submit(page, page.getByTestId("import-form"));
  };

  await upload([header, line(a), line({ citizenId: child, fullName: "Phạm Thị Hoa", birthDate: "2010-01-01", sex: "female", phone: "0911222333" })].join("\n"));
  await expect(page.getByTestId("import-failed")).toBeVisible();
  const error = page.getByTestId("import-error");
  await expect(error).toHaveCount(1);
  await expect(error.first()).toContainText("3");
  await expect(error.first()).toContainText("18 tuổi");
  await open(page, `/cases?q=${a.citizenId}`);
  await expect(page.getByTestId("case-total")).toHaveText("0 hồ sơ");

  await upload([header, line(a), line(b)].join("\r\n"));
  await expect(page.getByTestId("import-done")).toContainText("Đã mở 2 hồ sơ");
  await open(page, `/cases?q=${b.citizenId}`);
  await expect(page.getByTestId("case-total")).toHaveText("1 hồ sơ");
});
