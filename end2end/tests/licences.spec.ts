import { expect, test } from "../lib/fixtures";
import { DEMO_PASSWORD, open, signInStaff, submit } from "../lib/accounts";

// Licence decisions as DOLAB's officer makes them (see app/src/ui/pages/licences.rs): from the
// account page to the licence desk; a dossier short of capital is refused next to the field with
// what was typed kept; the licence issues once the capital is there; a 6-month suspension in
// Japan is recorded and the public registry says so with its legal clause. JavaScript on and
// off, on a phone.

test.use({ viewport: { width: 360, height: 740 } });

test("a national officer issues a licence once its conditions are met and suspends it in Japan, and the registry says so", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const n = `${Date.now() % 100_000_000}`.padStart(8, "0");
  const code = `0${testInfo.project.name.includes("off") ? 8 : 9}${n}`;
  const name = `Công ty Nhân lực Thử nghiệm ${n}`;
  await signInStaff(page, "cuc@hanhtrang.test", DEMO_PASSWORD);
  await open(page, "/account");
  await page.getByRole("link", { name: /Giấy phép: cấp, sửa đổi/ }).click();
  await expect(page).toHaveURL(/\/licences$/);

  const form = page.getByTestId("issue-form");
  const fill = async (field: string, value: string) => form.locator(`[name="${field}"]`).fill(value);
  await fill("decision_no", `${n}/QĐ-QLLĐNN`);
  await fill("signer", "Nguyễn Văn Cục, Cục trưởng");
  await fill("licence_number", `${n}/2026/BNV-GP`);
  await fill("name", name);
  await fill("enterprise_code", code);
  await form.locator('select[name="province"]').selectOption("01");
  await fill("address", "Số 5 Láng Hạ, Hà Nội");
  await fill("phone", "024 3777 1234");
  await fill("website", "https://thunghiem.com.vn");
  await fill("charter_capital_vnd", "4.000.000.000");
  await form.locator('[name="domestic_owners"]').check();
  await fill("deposit_vnd", "2.000.000.000");
  await fill("deposit_bank", "Vietcombank");
  await fill("deposit_on", await form.locator('[name="decided_on"]').inputValue());
  await fill("representative", "Trần Văn Sen");
  await form.locator('[name="representative_graduate"]').check();
  await fill("representative_years", "6");
  await fill("staff", "12");
  await form.locator('[name="staff_qualified"]').check();
  await fill("training_capacity", "120");
  await submit(page, form);

  const refused = page.getByTestId("issue-form");
  await expect(refused.getByTestId("error-charter_capital_vnd")).toContainText("5.000.000.000");
  await expect(refused.locator('[name="name"]')).toHaveValue(name);
  await expect(refused.locator('[name="staff_qualified"]')).toBeChecked();
  await refused.locator('[name="charter_capital_vnd"]').fill("5.000.000.000");
  await submit(page, refused);
  await expect(page).toHaveURL(/\/licences\/\d+$/);
  await expect(page.getByTestId("licence-conditions")).toContainText("5.000.000.000");

  const card = page.getByTestId("suspend-card");
  await card.locator("summary").click();
  const suspend = page.getByTestId("suspend-form");
  const today = await suspend.locator('[name="decided_on"]').inputValue();
  await suspend.locator('[name="decision_no"]').fill(`${n}/QĐ-XPVPHC`);
  await suspend.locator('[name="signer"]').fill("Nguyễn Văn Cục, Cục trưởng");
  await suspend.locator('select[name="market"]').selectOption("JP");
  await suspend.locator('[name="effective_on"]').fill(today);
  await suspend.locator('[name="months"]').fill("6");
  await suspend.locator('[name="clause"]').fill("Điểm b khoản 3 Điều 43 Nghị định 283/2026/NĐ-CP");
  await suspend.locator('[name="reason"]').fill("Thu tiền dịch vụ vượt mức trần");
  await submit(page, suspend);
  await expect(page.locator('[data-testid="licence-decision"][data-kind="suspended"]')).toContainText(`${n}/QĐ-XPVPHC`);

  const id = page.url().split("/").pop();
  await open(page, `/agencies/${id}`);
  await expect(page.locator("[data-standing]").first()).toHaveAttribute("data-standing", "suspended");
  await expect(page.locator("main")).toContainText("Điểm b khoản 3 Điều 43 Nghị định 283/2026/NĐ-CP");
  await expect(page.getByTestId("decision-ref").first()).toContainText("Nguyễn Văn Cục, Cục trưởng ký");

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "nothing wider than the screen").toBeLessThanOrEqual(0);
});
