import { expect, test } from "../lib/fixtures";
import { DEMO_PASSWORD, open, signInStaff, submit } from "../lib/accounts";
import { fill, vietnamToday } from "../lib/cases";
import { person } from "../lib/journey";

// The agencies ranked by risk (see app/src/ui/pages/risk.rs), by the demo inspector on a phone:
// the riskiest agency comes first with the factors that make its score; its page shows every
// factor's counts and share and the records behind each count, each opening its record; the team
// plans an inspection from there, with the ranking as its basis. An agency cannot open the
// ranking. JavaScript on and off.

test("an inspector sees the riskiest agency first and why, and plans an inspection from it", async ({ browser, javaScriptEnabled }) => {
  test.setTimeout(120_000);
  const [context, t] = await person(browser, javaScriptEnabled, true);
  await signInStaff(t, "thanhtra@hanhtrang.test", DEMO_PASSWORD);

  await open(t, "/account");
  await t.getByRole("link", { name: /Xếp hạng rủi ro doanh nghiệp/ }).click();
  await expect(t).toHaveURL(/\/risk$/);
  const rows = t.getByTestId("risk-row");
  expect(await rows.count()).toBeGreaterThan(10);
  const first = rows.first();
  await expect(first.locator("td").first()).toHaveText("1");
  // Why: the factors of its score, each with its share and its counts.
  await expect(first.getByTestId("risk-why")).toContainText(/%\s*\(\d+/);
  const scores = await t.getByTestId("risk-score").allInnerTexts();
  const numbers = scores.map((s) => Number(s.replace(",", ".")));
  expect(numbers[0]).toBeGreaterThan(1);
  expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);
  await expect(t.getByTestId("risk-method")).toContainText("quy định tham chiếu");

  // The filters are a GET form: a market narrows the agencies, and the view is its URL.
  await t.selectOption("select[name=market]", "TW");
  await submit(t, t.getByTestId("risk-filters"));
  await expect(t).toHaveURL(/market=TW/);
  await expect(rows.first()).toBeVisible();
  await open(t, "/risk");

  const name = (await first.getByTestId("risk-agency").innerText()).trim();
  await first.getByTestId("risk-agency").click();
  await expect(t).toHaveURL(/\/risk\/\d+$/);
  await expect(t.locator("h1")).toHaveText(name);
  // (Other specs change the records meanwhile, so its place is read, not assumed.)
  await expect(t.getByTestId("risk-summary")).toContainText(/Hạng \d+ trên \d+ doanh nghiệp/);
  // Each count is the records listed under it.
  const sections = t.getByTestId("factor-records");
  expect(await sections.count()).toBeGreaterThan(0);
  const section = sections.first();
  const heading = await section.locator("h3").innerText();
  const count = Number(/\((\d+)\)/.exec(heading)?.[1]);
  expect(await section.getByTestId("risk-record").count()).toBe(Math.min(count, 100));

  // Planned from here, with the ranking as its basis.
  const plan = t.getByTestId("plan-form");
  await expect(plan.locator("textarea[name=basis]")).toHaveValue(/Xếp hạng rủi ro ngày .*hạng \d+\/\d+/);
  const scope = `Kiểm tra theo xếp hạng rủi ro, đợt ${Date.now() % 100_000_000}`;
  await fill(plan, {
    scope,
    team: "Nguyễn Thanh Tra (trưởng đoàn)",
    starts_on: vietnamToday(7),
    ends_on: vietnamToday(9),
  });
  await submit(t, plan);
  await expect(t).toHaveURL(/\/inspections\/\d+$/);
  await expect(t.locator("main")).toContainText(name);
  await expect(t.locator("main")).toContainText("Xếp hạng rủi ro ngày");
  await context.close();
});

test("an agency cannot open the ranking", async ({ browser, javaScriptEnabled }, testInfo) => {
  // A sign-in may wait out a second factor another spec just used: a longer timeout, and each
  // project its own account.
  test.setTimeout(90_000);
  const off = testInfo.project.name.includes("off");
  const [context, a] = await person(browser, javaScriptEnabled, true);
  await signInStaff(a, off ? "agency1.staff@hanhtrang.test" : "agency1.admin@hanhtrang.test", DEMO_PASSWORD);
  const res = await a.goto("/risk");
  expect(res?.status()).not.toBe(200);
  await expect(a.getByTestId("risk-row")).toHaveCount(0);
  await context.close();
});
