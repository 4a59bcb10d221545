import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, open, signInStaff, submit, uniqueSuffix } from "../lib/accounts";
import { fill, idInPath } from "../lib/cases";

// The head office changes a draft job order before sending it to DOLAB (app/src/domain/README.md,
// "Job orders"): a mistake is shown next to its field with everything typed kept, a correct change
// is saved, and once the order is sent its terms can no longer be changed. JavaScript on and off.

const AGENCY = "agency1.admin@hanhtrang.test";

test("a draft order is edited before it is sent, and not after", async ({ page, viewport }, testInfo) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix(testInfo);
  await signInStaff(page, AGENCY, DEMO_PASSWORD);
  await open(page, "/orders/new");
  const draft = page.getByTestId("order-draft-form");
  await fill(draft, {
    market_code: "JP",
    employer_name: `Hokkaido Dairy ${suffix}`,
    occupation: "Chăn nuôi",
    headcount: "8",
    wage_amount: "170.000",
    wage_currency: "JPY",
    term_months: "36",
    service_fee_vnd: "30.000.000",
    form: "licensed_agency",
    programme: "technical_intern",
  });
  await submit(page, draft);
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  const orderId = idInPath(page);

  // A wrong headcount: the message is next to the field and the new employer name is kept.
  const details = page.getByTestId("order-edit");
  await details.locator("summary").click();
  const edit = page.getByTestId("order-edit-form");
  await expect(edit.locator('[name="employer_name"]')).toHaveValue(`Hokkaido Dairy ${suffix}`);
  await fill(edit, { employer_name: `Hokkaido Milk ${suffix}`, headcount: "0" });
  await submit(page, edit);
  await expect(page.getByTestId("order-edit-form").getByTestId("error-headcount")).toBeVisible();
  await expect(page.getByTestId("order-edit-form").locator('[name="employer_name"]')).toHaveValue(`Hokkaido Milk ${suffix}`);
  await expect(page.getByTestId("order-page")).toContainText(`Hokkaido Dairy ${suffix}`);

  // Corrected, the change is saved and shown on the order.
  await fill(page.getByTestId("order-edit-form"), { headcount: "10" });
  await submit(page, page.getByTestId("order-edit-form"));
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}$`));
  await expect(page.getByTestId("order-page")).toContainText(`Hokkaido Milk ${suffix}`);
  if (viewport) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }

  // Sent to DOLAB, the terms are fixed: the edit form is gone.
  await submit(page, page.getByTestId("order-submit-form"));
  await expect(page.getByTestId("order-status")).toHaveText("Chờ Cục duyệt");
  await expect(page.getByTestId("order-edit-form")).toHaveCount(0);
});
