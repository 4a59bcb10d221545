import { expect, test } from "../lib/fixtures";
import { ready } from "../lib/accounts";

// Demo agencies whose standing the seed fixes (app/src/backend/seed.rs, planned_standing).
const ACTIVE = "Công ty Cổ phần Cung ứng Nhân lực Quốc tế Sao Mai";
const SUSPENDED = "Công ty Cổ phần Cung ứng Nhân lực Quốc tế Á Châu";
const REVOKED = "Công ty TNHH Xuất khẩu Lao động Hồng Hà";

test("the home page speaks Vietnamese, shows where each of its four roles starts and a registry figure", async ({ page, javaScriptEnabled }) => {
  const res = await page.goto("/");
  expect(res?.status()).toBe(200);
  await ready(page, javaScriptEnabled);
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Doanh nghiệp này có được cấp phép không?");
  for (const role of ["worker", "agency", "inspector", "officer"]) {
    await expect(page.locator(`[data-role="${role}"] a.role-action`)).toHaveAttribute("href", /^\/(orders|signin)$/);
  }
  await expect(page.locator(".stats strong").first()).toHaveText(/^\d[\d.]*$/);
  await expect(page.getByText("Sắp ra mắt")).toHaveCount(0);
});

test("search finds an agency by part of its name, accents optional", async ({ page, javaScriptEnabled }) => {
  await page.goto("/agencies");
  await ready(page, javaScriptEnabled);
  const cards = page.locator(".agency-card");
  await expect(cards).toHaveCount(20);
  if (javaScriptEnabled) {
    // The list narrows as one types, without submitting.
    await page.locator("#q").pressSequentially("sao mai", { delay: 40 });
  } else {
    await page.fill("#q", "sao mai");
    await page.press("#q", "Enter");
  }
  await expect(page).toHaveURL(/q=sao(\+|%20)mai/);
  await expect(cards).toHaveCount(1);
  await expect(cards.first().locator(".agency-name")).toHaveText(ACTIVE);
  await expect(cards.first().locator(".badge")).toHaveAttribute("data-standing", "active");
});

test("typing Ha Noi without accents lists only agencies from Hà Nội", async ({ page }) => {
  await page.goto("/agencies?q=Ha+Noi");
  const provinces = page.locator(".agency-card .facts div:nth-child(2) dd");
  await expect(provinces.first()).toHaveText("Hà Nội");
  const all = await provinces.allTextContents();
  expect(all.length).toBeGreaterThan(0);
  expect(new Set(all)).toEqual(new Set(["Hà Nội"]));
});

test("the revoked filter lists only revoked agencies, and a suspended agency shows its badge and where it is suspended", async ({ page, javaScriptEnabled }) => {
  await page.goto("/agencies");
  await ready(page, javaScriptEnabled);
  await page.selectOption("#status", "revoked");
  if (!javaScriptEnabled) {
    await page.getByRole("button", { name: "Tìm" }).click();
  }
  await expect(page).toHaveURL(/status=revoked/);
  const badges = page.locator(".agency-card .badge");
  await expect(badges.first()).toHaveAttribute("data-standing", "revoked");
  const standings = await badges.evaluateAll((els) => els.map((e) => e.getAttribute("data-standing")));
  expect(new Set(standings)).toEqual(new Set(["revoked"]));
  await expect(page.locator(".agency-list")).toContainText(REVOKED);

  await page.goto("/agencies?status=suspended");
  const suspended = page.locator(".agency-card", { hasText: SUSPENDED });
  await expect(suspended.locator(".badge")).toHaveText("Bị đình chỉ một phần");
  await expect(suspended.locator(".suspended-in")).toContainText("Đình chỉ tại");
});

test("an agency's page shows its licence, status history and workers sent", async ({ page, javaScriptEnabled }) => {
  await page.goto("/agencies?q=sao+mai");
  await ready(page, javaScriptEnabled);
  await page.getByRole("link", { name: ACTIVE }).click();
  await expect(page).toHaveURL(/\/agencies\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(ACTIVE);
  await expect(page.getByTestId("licence-number")).toHaveText(/^\d{3}\/\d{4}\/(LĐTBXH|BNV)-GP$/);
  await expect(page.getByTestId("licence-history")).toContainText("Cấp giấy phép");
  await expect(page.getByTestId("workers-sent")).toHaveText(/^\d[\d.]*$/);

  await page.goto("/agencies?q=hong+ha&status=revoked");
  await page.getByRole("link", { name: REVOKED }).click();
  await expect(page.locator(".notice-danger")).toContainText("đã bị thu hồi");
  await expect(page.getByTestId("licence-history")).toContainText("Thu hồi giấy phép");
});

test("the language switch turns the pages English and sticks", async ({ page, javaScriptEnabled }) => {
  await page.goto("/agencies?q=sao");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("lang-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page).toHaveURL(/\/agencies\?q=sao$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Licensed agencies");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Is this agency licensed?");
  await page.getByTestId("lang-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Doanh nghiệp này có được cấp phép không?");
});

test("an unknown page or agency gets a 404 page in the current language", async ({ page }) => {
  let res = await page.goto("/agencies/999999");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
  res = await page.goto("/khong-co-trang-nay");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
  await page.context().addCookies([{ name: "lang", value: "en", url: page.url() }]);
  res = await page.goto("/agencies/999999");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});

test("the home page and agency list fit a small phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/", "/agencies", "/agencies?status=suspended"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});
