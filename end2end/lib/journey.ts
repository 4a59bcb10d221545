// The way a case starts in the money and settlement journeys: an approved JP order for a unique
// employer, a new worker signed up on a phone who applies, and (with contract terms) screened,
// selected and signed. Every form is a native POST, so it works with JavaScript on and off.
import { Browser, BrowserContext, Page, TestInfo } from "@playwright/test";
import { expect } from "./fixtures";
import { citizenIdFor, DEMO_PASSWORD, NewWorker, newWorker, open, signInStaff, signUp, submit, uniqueSuffix } from "./accounts";
import { fill, grouped, idInPath, takeStep, vietnamToday } from "./cases";

export const AGENCY = "agency1.admin@hanhtrang.test";
export const DOLAB = "cuc@hanhtrang.test"; // a national officer: decides orders, keeps licence deposits

// The wage of every order here: 160.000 JPY a month for 36 months. The service-fee cap is three
// months' wage at the rate of the contract's signing day: 160.000 × 170 × 3 = 81.600.000 đồng.
export const WAGE_JPY = 160_000;

export async function person(browser: Browser, javaScriptEnabled: boolean, phone = false): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({
    javaScriptEnabled,
    locale: "vi-VN",
    ...(phone ? { viewport: { width: 360, height: 740 } } : {}),
  });
  return [context, await context.newPage()];
}

export interface CaseSetup {
  programme?: "technical_intern" | "specified_skilled";
  /** The order's stated deposit (specified skilled workers may be asked for one). */
  orderDeposit?: string;
  /** Terms of the sending contract, over the defaults; without them the case stays "applied". */
  contract?: Record<string, string>;
  /** The old province of the worker's citizen ID: 079 (Hồ Chí Minh City) unless told. */
  province?: "001" | "079";
}

export interface OpenedCase {
  suffix: string;
  orderId: number;
  caseId: number;
  worker: Page;
  agency: Page;
  w: NewWorker;
  close: () => Promise<void>;
}

/**
 * The way every case here starts, as in lifecycle.spec.ts: the agency drafts a JP order for a
 * unique employer at 160.000 JPY for 36 months and sends it; DOLAB approves it; a new worker signs
 * up on a phone and applies. With contract terms, the agency then screens, selects and signs.
 */
export async function openCase(browser: Browser, javaScriptEnabled: boolean, testInfo: TestInfo, setup: CaseSetup = {}): Promise<OpenedCase> {
  const suffix = uniqueSuffix(testInfo);
  const today = vietnamToday();
  const [workerCtx, worker] = await person(browser, javaScriptEnabled, true);
  const [agencyCtx, agency] = await person(browser, javaScriptEnabled);
  const [dolabCtx, dolab] = await person(browser, javaScriptEnabled);
  // Two different accounts: their codes cannot clash, so they sign in side by side.
  await Promise.all([signInStaff(agency, AGENCY, DEMO_PASSWORD), signInStaff(dolab, DOLAB, DEMO_PASSWORD)]);

  await open(agency, "/orders/new");
  const draft = agency.getByTestId("order-draft-form");
  await fill(draft, {
    market_code: "JP",
    employer_name: `Chubu Seimitsu ${suffix}`,
    occupation: "Hàn kim loại",
    headcount: "5",
    wage_amount: grouped(WAGE_JPY),
    wage_currency: "JPY",
    term_months: "36",
    service_fee_vnd: "40.000.000",
    deposit_vnd: setup.orderDeposit ?? "",
    form: "licensed_agency",
    programme: setup.programme ?? "technical_intern",
    working_conditions: "Ký túc xá 2 người/phòng, làm 8 giờ/ngày",
  });
  await submit(agency, draft);
  await expect(agency).toHaveURL(/\/orders\/\d+$/);
  const orderId = idInPath(agency);
  await submit(agency, agency.getByTestId("order-submit-form"));
  await expect(agency.getByTestId("order-status")).toHaveText("Chờ Cục duyệt");

  await open(dolab, `/orders/${orderId}`);
  const decide = dolab.getByTestId("order_decide-form");
  await fill(decide, { decision: "approve" });
  await submit(dolab, decide);
  await expect(dolab.getByTestId("order-status")).toHaveText("Đã được chấp thuận");
  await dolabCtx.close();

  const w = newWorker(testInfo);
  if (setup.province) w.citizenId = citizenIdFor(w.sex, w.birthDate, setup.province);
  await signUp(worker, w);
  await open(worker, `/orders/${orderId}`);
  await submit(worker, worker.getByTestId("apply-form"));
  await expect(worker).toHaveURL(/\/cases\/\d+$/);
  const caseId = idInPath(worker);

  if (setup.contract) {
    await takeStep(agency, caseId, "screen", {
      health_certificate_no: `SK-${suffix}`,
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
      ...setup.contract,
    }, "contracted");
  }
  return {
    suffix,
    orderId,
    caseId,
    worker,
    agency,
    w,
    close: async () => {
      await Promise.all([workerCtx.close(), agencyCtx.close()]);
    },
  };
}

