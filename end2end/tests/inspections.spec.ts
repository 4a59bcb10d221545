import { Browser } from "@playwright/test";
import { expect, test } from "../lib/fixtures";
import { citizenIdFor, DEMO_PASSWORD, open, signInStaff, submit } from "../lib/accounts";
import { fill, idInPath, vietnamToday } from "../lib/cases";
import { person } from "../lib/journey";
import { waitForMail } from "../lib/mail";

// An inspection from the plan to its closing (see app/src/ui/pages/inspections.rs), by the demo
// inspector and a demo agency's administrator, each in their own browser on a phone: the planned
// visit is invisible to the agency until the team opens it; a violation is recorded with its
// fine range; a fine outside the range is refused next to the field, one inside with a 6-month
// suspension in one market is decided; the agency can no longer open a case on its approved order
// there nor draft a new order there, and the public registry says so; the agency complains
// against the sanction and the team that decided it takes the complaint up; the agency answers
// the remediation task with a photo and the team accepts it and closes the inspection.
// JavaScript on and off.

const TEAM = "thanhtra@hanhtrang.test";

/** A tiny JPEG whose EXIF segment holds a GPS position (the store strips it). */
function photo(): Buffer {
  const exif = Buffer.from("Exif\0\0MM\0*\0\0\0\x08GPSLatitude=21.0285N", "latin1");
  const len = exif.length + 2;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    Buffer.from([0xff, 0xe1, len >> 8, len & 0xff]),
    exif,
    Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0x34, 0xff, 0xd9]),
  ]);
}

/** Each market's currency and the programme a new order there goes under. */
const MARKETS: Record<string, [string, string]> = {
  JP: ["JPY", "technical_intern"],
  TW: ["TWD", "other"],
  KR: ["KRW", "other"],
};

async function staff(browser: Browser, javaScriptEnabled: boolean, email: string) {
  const [context, page] = await person(browser, javaScriptEnabled, true);
  await signInStaff(page, email, DEMO_PASSWORD);
  return { context, page };
}

test("an inspector plans, opens and sanctions an inspection, and the agency answers its remediation", async ({ browser, javaScriptEnabled }, testInfo) => {
  test.setTimeout(240_000);
  // Each project inspects its own demo agency; a retry suspends it in another market.
  const off = testInfo.project.name.includes("off");
  const agencyId = off ? "2" : "3";
  const admin = `agency${agencyId}.admin@hanhtrang.test`;
  const n = `${Date.now() % 100_000_000}`;
  const scope = `Thu tiền dịch vụ của người lao động, đợt ${n}`;

  const team = await staff(browser, javaScriptEnabled, TEAM);
  const agency = await staff(browser, javaScriptEnabled, admin);
  const t = team.page;
  const a = agency.page;

  // The market to suspend: one where the agency has an approved order to open cases on (a
  // retry takes another). Its options read "#id · market · employer · occupation".
  await open(a, "/cases/new");
  const orders = await a.locator('[data-testid="case-open-form"] select[name="order_id"] option').evaluateAll((os) =>
    os.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? ""]),
  );
  const byMarket = new Map<string, string>();
  for (const [value, label] of orders) {
    const code = label.split(" · ")[1];
    if (value && code in MARKETS && !byMarket.has(code)) byMarket.set(code, value);
  }
  const markets = [...byMarket.keys()];
  expect(markets.length, `agency ${agencyId} has an approved order to open cases on`).toBeGreaterThan(0);
  const market = markets[testInfo.retry % markets.length];
  const orderId = byMarket.get(market)!;
  const [currency, programme] = MARKETS[market];

  // The team plans the visit from its account page.
  await open(t, "/account");
  await t.getByRole("link", { name: /Thanh tra, kiểm tra và khắc phục/ }).click();
  await expect(t).toHaveURL(/\/inspections$/);
  const plan = t.getByTestId("plan-form");
  await fill(plan, {
    agency_id: agencyId,
    scope,
    team: "Nguyễn Thanh Tra (trưởng đoàn), Lê Kiểm",
    starts_on: vietnamToday(),
    ends_on: vietnamToday(4),
    basis: "Nhiều khiếu nại về tiền dịch vụ",
  });
  await submit(t, plan);
  await expect(t).toHaveURL(/\/inspections\/\d+$/);
  const id = idInPath(t);
  await expect(t.getByTestId("inspection-status")).toHaveAttribute("data-status", "planned");

  // The agency sees nothing of it.
  await open(a, "/inspections");
  await expect(a.locator("main")).not.toContainText(scope);
  const hidden = await a.goto(`/inspections/${id}`);
  expect(hidden?.status(), "a planned inspection does not exist for the agency").toBe(404);

  // On the visit the team opens it; the agency is told and now sees it.
  await submit(t, t.getByTestId("open-form"));
  await expect(t.getByTestId("inspection-status")).toHaveAttribute("data-status", "open");
  await waitForMail(admin, "Thông báo kiểm tra doanh nghiệp");
  await open(a, "/inspections");
  await a.locator(`a[href="/inspections/${id}"]`).click();
  await expect(a.getByTestId("inspection-status")).toHaveAttribute("data-status", "open");

  // A violation, with the range of the rules in force.
  await t.getByTestId("violation-card").locator("summary").first().click();
  const vio = t.getByTestId("violation-form");
  await fill(vio, {
    code: "UNLAWFUL_FEE",
    act: "Thu tiền dịch vụ bằng 4 tháng lương của 3 người lao động",
    clause: "Điểm a khoản 2 Điều 43 Nghị định 283/2026/NĐ-CP",
    committed_on: "2026-10-15",
    workers: "3",
    witnesses: "Trần Văn Chứng",
  });
  await submit(t, vio);
  await expect(t.getByTestId("violation")).toContainText("80.000.000");
  await expect(t.getByTestId("fine-range")).toContainText("100.000.000");

  // A fine under the range is refused next to it, with what was typed kept.
  const sanction = t.getByTestId("sanction-form");
  const decision = {
    decision_no: `${n}/QĐ-XPHC`,
    signer: "Phạm Chánh, Chánh Thanh tra Bộ Nội vụ",
    fine_vnd: "70.000.000",
    extra: "suspension",
    market,
    effective_on: vietnamToday(),
    months: "6",
  };
  await fill(sanction, decision);
  await submit(t, sanction);
  const refused = t.getByTestId("sanction-form");
  await expect(refused.getByTestId("error-fine_vnd")).toContainText("80.000.000");
  await expect(refused.locator('[name="signer"]')).toHaveValue(decision.signer);
  await fill(refused, { fine_vnd: "90.000.000" });
  await submit(t, refused);
  await expect(t.getByTestId("sanction")).toContainText(`${n}/QĐ-XPHC`);
  await expect(t.getByTestId("sanction-suspension")).toBeVisible();

  // The suspension holds: no new case on its approved order there, no new order there, and the
  // registry says so.
  await open(a, "/cases/new");
  const birth = "1998-04-12";
  const citizenId = citizenIdFor("male", birth);
  const opening = a.getByTestId("case-open-form");
  await fill(opening, {
    order_id: orderId,
    citizen_id: citizenId,
    full_name: "Đỗ Văn Đình",
    birth_date: birth,
    sex: "male",
    phone: "0912345678",
  });
  await submit(a, opening);
  const stopped = a.getByTestId("case-open-form");
  await expect(stopped).toContainText(`đình chỉ đưa người lao động đi thị trường ${market}`);
  await expect(stopped.locator('[name="citizen_id"]')).toHaveValue(citizenId);
  await open(a, `/cases?q=${citizenId}`);
  await expect(a.getByTestId("case-total")).toHaveText("0 hồ sơ");

  await open(a, "/orders/new");
  const draft = a.getByTestId("order-draft-form");
  await fill(draft, {
    market_code: market,
    employer_name: `Inspected Employer ${n}`,
    occupation: "Chăn nuôi",
    headcount: "3",
    wage_amount: "170.000",
    wage_currency: currency,
    term_months: "36",
    service_fee_vnd: "10.000.000",
    form: "licensed_agency",
    programme,
  });
  await submit(a, draft);
  await expect(a.getByTestId("form-error")).toBeVisible();
  await expect(a).not.toHaveURL(/\/orders\/\d+$/);
  await open(a, `/agencies/${agencyId}`);
  await expect(a.locator("[data-standing]").first()).toHaveAttribute("data-standing", "suspended");
  await expect(a.locator("main")).toContainText(`${n}/QĐ-XPHC`);

  // The agency complains against the sanction from the inspection; the team takes it up.
  await open(a, `/inspections/${id}`);
  const card = a.getByTestId("sanction-complaint-card");
  await card.locator("summary").click();
  await expect(card.getByTestId("sanction-complain-by")).toBeVisible();
  const grievance = `Mức phạt chưa xét việc đã hoàn trả tiền (${n})`;
  const complaint = a.getByTestId("sanction-complaint-form");
  await fill(complaint, { learned_on: vietnamToday(), description: grievance });
  await submit(a, complaint);
  await expect(a).toHaveURL(/\/complaints\/\d+$/);
  const complaintId = idInPath(a);
  await expect(a.getByTestId("complaint-status")).toHaveAttribute("data-status", "received");
  await expect(a.getByTestId("decide-form")).toHaveCount(0);
  await open(a, `/inspections/${id}`);
  await expect(a.getByTestId("sanction-complaint")).toContainText(`${complaintId}`);

  await open(t, `/complaints/${complaintId}`);
  await expect(t.getByTestId("description")).toContainText(grievance);
  await fill(t.getByTestId("decide-form"), { verdict: "accept" });
  await submit(t, t.getByTestId("decide-form"));
  await expect(t.getByTestId("complaint-status")).toHaveAttribute("data-status", "accepted");
  await open(t, `/inspections/${id}`);

  // A remediation task; the agency answers it with a photo; the team accepts it and closes.
  const task = t.getByTestId("task-form");
  await fill(task, { description: `Hoàn trả tiền dịch vụ thu vượt (${n})`, due_on: vietnamToday(14) });
  await submit(t, task);
  await expect(t.getByTestId("task")).toHaveAttribute("data-status", "open");

  await open(a, `/inspections/${id}`);
  const answer = a.getByTestId("answer-form");
  await answer.locator('[name="answer"]').fill("Đã hoàn trả qua ngân hàng cho cả 3 người");
  await answer.locator('[name="evidence"]').setInputFiles({ name: "uy-nhiem-chi.jpg", mimeType: "image/jpeg", buffer: photo() });
  await submit(a, answer);
  await expect(a.getByTestId("task")).toHaveAttribute("data-status", "answered");
  await expect(a.getByTestId("evidence-file")).toBeVisible();

  await open(t, `/inspections/${id}`);
  const review = t.getByTestId("review-form");
  await fill(review, { verdict: "accept" });
  await submit(t, review);
  await expect(t.getByTestId("task")).toHaveAttribute("data-status", "accepted");
  await submit(t, t.getByTestId("close-form"));
  await expect(t.getByTestId("inspection-status")).toHaveAttribute("data-status", "closed");

  await open(t, `/inspections/${id}/record`);
  await expect(t.locator("main")).toContainText("BIÊN BẢN KIỂM TRA");
  await expect(t.locator("main")).toContainText("90.000.000");
  const overflow = await t.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "nothing wider than the screen").toBeLessThanOrEqual(0);

  await team.context.close();
  await agency.context.close();
});
