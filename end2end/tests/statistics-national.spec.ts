import JSZip from "jszip";
import { readFile } from "node:fs/promises";
import { expect, test } from "../lib/fixtures";
import { DEMO_PASSWORD, open, signInStaff, submit } from "../lib/accounts";

// Officers' statistics over the national dataset (`server seed national`, see README.md): the
// test command serves a second app on a database seeded with the published national totals and
// passes its address as NATIONAL_URL. The national officer picks 2024 with markets in rows and
// sex in columns, reads the published totals (DOMAIN.md, "Reporting") with a chart and its
// table, follows Japan × women to exactly that many cases, and downloads the table as XLSX with
// the same numbers; Hà Nội's officer sees only Hà Nội's workers. JavaScript on and off, on a phone.

const NATIONAL_URL = process.env.NATIONAL_URL;
test.skip(!NATIONAL_URL, "NATIONAL_URL names no server with the national dataset");
test.use({ viewport: { width: 360, height: 740 }, baseURL: NATIONAL_URL, acceptDownloads: true });

/** A figure as the Vietnamese page writes it ("69.188") read back as a number. */
function figure(text: string): number {
  const digits = text.trim().replace(/\./g, "");
  expect(digits, `a count: ${text}`).toMatch(/^\d+$/);
  return Number(digits);
}

// The published 2024 departures (DOMAIN.md, "Reporting").
const PUBLISHED_2024 = { total: 158_588, JP: 69_188, TW: 53_271, KR: 11_273 };

test("the national officer reads 2024's published totals by market and sex, drills into Japan's women and exports them", async ({ page }) => {
  test.setTimeout(240_000);
  await signInStaff(page, "cuc@hanhtrang.test", DEMO_PASSWORD);
  await open(page, "/account");
  await page.getByRole("link", { name: "Thống kê người lao động đi làm việc ở nước ngoài" }).first().click();
  await expect(page).toHaveURL(/\/statistics$/);

  const form = page.getByTestId("stats-form");
  await form.locator('select[name="measure"]').selectOption("departures");
  await form.locator('select[name="period"]').selectOption("2024");
  await form.locator('select[name="rows"]').selectOption("market");
  await form.locator('select[name="cols"]').selectOption("sex");
  await submit(page, form);
  await expect(page).toHaveURL(/period=2024/);
  await expect(form.locator('select[name="rows"]')).toHaveValue("market");
  await expect(form.locator('select[name="cols"]')).toHaveValue("sex");
  await expect(page.getByTestId("stats-scope")).toContainText("Người lao động cả nước");

  const table = page.getByTestId("stats-table");
  const total = figure(await table.getByTestId("stats-total").locator('td[data-col="total"]').innerText());
  expect(total, "2024's published total").toBe(PUBLISHED_2024.total);
  for (const market of ["JP", "TW", "KR"] as const) {
    const row = table.locator(`[data-testid="stats-row"][data-key="${market}"]`);
    expect(figure(await row.locator('td[data-col="total"]').innerText()), `2024 ${market}`).toBe(PUBLISHED_2024[market]);
  }
  // Japan's men and women make Japan.
  const japan = table.locator('[data-testid="stats-row"][data-key="JP"]');
  const women = figure(await japan.locator('td[data-col="female"]').innerText());
  const men = figure(await japan.locator('td[data-col="male"]').innerText());
  expect(women + men).toBe(PUBLISHED_2024.JP);
  expect(women, "Japan sends women too").toBeGreaterThan(0);

  // A chart drawn on the server, with its numbers in a table beside it.
  const chart = page.getByTestId("chart-months");
  await expect(chart.locator("svg")).toBeVisible();
  await expect(chart.getByTestId("chart-months-table")).toBeAttached();

  // The XLSX export of the same table holds the same numbers.
  const download = page.waitForEvent("download");
  await page.getByTestId("export-xlsx").click();
  const file = await (await download).path();
  const zip = await JSZip.loadAsync(await readFile(file));
  const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  const numbers = [...sheet.matchAll(/<v>([0-9.]+)<\/v>/g)].map((m) => Number(m[1]));
  for (const n of [PUBLISHED_2024.total, PUBLISHED_2024.JP, PUBLISHED_2024.TW, PUBLISHED_2024.KR, women, men]) {
    expect(numbers, `the XLSX holds ${n}`).toContain(n);
  }

  // Japan × women opens exactly that many cases.
  await Promise.all([page.waitForURL(/\/statistics\/cases\?/), japan.locator('td[data-col="female"] [data-testid="drill"]').click()]);
  await expect(page).toHaveURL(/row=JP/);
  await expect(page).toHaveURL(/col=female/);
  expect(figure(await page.getByTestId("drill-count").innerText()), "the cases behind the cell").toBe(women);
  await expect(page.getByTestId("drill-case").first()).toBeVisible();

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "nothing wider than the screen").toBeLessThanOrEqual(0);
});

test("Hà Nội's officer sees only Hà Nội's workers in the national statistics", async ({ page }) => {
  test.setTimeout(240_000);
  await signInStaff(page, "sonoivu.hanoi@hanhtrang.test", DEMO_PASSWORD);
  await open(page, "/statistics?measure=departures&rows=province&cols=sex&period=2024");
  await expect(page.getByTestId("stats-scope")).toContainText("Chỉ người lao động của tỉnh");
  const rows = await page.locator('[data-testid="stats-row"]').evaluateAll((rs) => rs.map((r) => r.getAttribute("data-key")));
  expect(rows, "Hà Nội only").toEqual(["01"]);
  const hanoi = figure(await page.getByTestId("stats-total").locator('td[data-col="total"]').innerText());
  expect(hanoi, "Hà Nội's departures").toBeGreaterThan(0);
  expect(hanoi, "a part of the country's").toBeLessThan(PUBLISHED_2024.total);

  // Another province through the filter gives nothing, not its figures.
  await open(page, "/statistics?measure=departures&rows=province&period=2024&province=79");
  await expect(page.locator('[data-testid="stats-row"][data-key="79"]')).toHaveCount(0);
});
