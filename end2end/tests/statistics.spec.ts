import { expect, test } from "../lib/fixtures";
import { DEMO_PASSWORD, open, signInStaff, submit } from "../lib/accounts";

// The recruitment cost indicator (SDG 10.7.1) as officers meet it (see app/src/domain/README.md,
// "Recruitment cost indicator", and app/src/ui/pages/recruitment_cost.rs): the national officer
// goes from their account page to the indicator, picks Japan in the GET form, and reads the
// median over the demo's departed workers with the number of workers behind it; Hà Nội's
// officer sees only Hà Nội's workers. JavaScript on and off, on a phone.

test.use({ viewport: { width: 360, height: 740 } });

test("the recruitment-cost indicator for Japan shows a median over the demo data with its count", async ({ page }) => {
  test.setTimeout(180_000);
  await signInStaff(page, "cuc@hanhtrang.test", DEMO_PASSWORD);
  await open(page, "/account");
  await page.getByRole("link", { name: /Chi phí tuyển dụng người lao động phải chịu/ }).click();
  await expect(page).toHaveURL(/\/statistics\/recruitment-cost$/);
  await expect(page.getByTestId("recruitment-cost")).toBeVisible();

  const filters = page.getByTestId("rc-filters");
  await filters.locator('select[name="market"]').selectOption("JP");
  await submit(page, filters);
  await expect(page).toHaveURL(/market=JP/);
  await expect(filters.locator('select[name="market"]')).toHaveValue("JP");

  const japan = page.locator('[data-testid="rc-market-row"][data-key="JP"]');
  await expect(japan).toHaveCount(1);
  const workers = Number(await japan.getByTestId("workers").innerText());
  expect(workers, "Japan's figure stands on demo workers").toBeGreaterThan(0);
  await expect(japan.getByTestId("median")).toHaveText(/^\d+,\d\d$/);
  await expect(japan.getByTestId("mean")).toHaveText(/^\d+,\d\d$/);
  // With the market filter, every table counts Japan's workers only, and so does the total.
  await expect(page.locator('[data-testid="rc-market-row"]')).toHaveCount(1);
  await expect(page.getByTestId("overall")).toContainText(`${workers} người lao động được tính`);
  const bySex = await page.locator('[data-testid="rc-sex-row"] [data-testid="workers"]').allInnerTexts();
  expect(bySex.map(Number).reduce((a, b) => a + b, 0)).toBe(workers);
  // Who is left out is said, not imputed.
  await expect(page.getByTestId("excluded").first()).toBeVisible();

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "nothing wider than the screen").toBeLessThanOrEqual(0);
});

test("a provincial officer's indicator counts only the workers of their province", async ({ page }) => {
  test.setTimeout(180_000);
  await signInStaff(page, "sonoivu.hanoi@hanhtrang.test", DEMO_PASSWORD);
  await open(page, "/statistics/recruitment-cost");
  await expect(page.getByTestId("rc-scope")).toContainText("Người lao động của tỉnh");
  const provinces = await page.locator('[data-testid="rc-province-row"]').evaluateAll((rows) =>
    rows.map((r) => r.getAttribute("data-key")),
  );
  expect(provinces.length, "Hà Nội's workers are counted").toBeGreaterThan(0);
  expect(provinces.every((p) => p === "01"), `only Hà Nội: ${provinces}`).toBe(true);
});
