// Helpers for job orders and cases (see app/src/domain/README.md, "Case lifecycle"). Every form
// is a native POST, so they work with JavaScript on and off.
import { expect, Locator, Page } from "@playwright/test";
import { open, ready, submit } from "./accounts";

/** Today in Vietnam (UTC+7), as the server's calendar has it: `YYYY-MM-DD`. */
export function vietnamToday(offsetDays = 0): string {
  return new Date(Date.now() + 7 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Fills the named inputs (text, date, select) inside `scope`. */
export async function fill(scope: Locator, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const field = scope.locator(`[name="${name}"]`);
    const tag = await field.evaluate((el) => el.tagName.toLowerCase());
    if (tag === "select") await field.selectOption(value);
    else await field.fill(value);
  }
}

/** The form of a step on the case page; opens its <details> if it is closed. */
export async function stepForm(page: Page, step: string): Promise<Locator> {
  const details = page.locator(`details[data-step="${step}"]`);
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator("summary").click();
  }
  return page.getByTestId(`step-${step}`);
}

export async function eventForm(page: Page, event: string): Promise<Locator> {
  const details = page.locator(`details[data-event="${event}"]`);
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator("summary").click();
  }
  return page.getByTestId(`event-${event}`);
}

/** Takes a step on the case page and checks the case reached `state`. */
export async function takeStep(page: Page, caseId: number, step: string, values: Record<string, string>, state: string): Promise<void> {
  await open(page, `/cases/${caseId}`);
  const form = await stepForm(page, step);
  await fill(form, values);
  await submit(page, form);
  await expect(page, `after ${step}`).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect(page.getByTestId("case-state").first()).toHaveAttribute("data-state", state);
}

/** The id at the end of the current path (`/orders/12` → 12). */
export function idInPath(page: Page): number {
  return Number(new URL(page.url()).pathname.split("/").pop());
}

/** A whole number of đồng with the Vietnamese thousands separator, as typed into a form: `81.600.001`. */
export function grouped(amount: number): string {
  const sign = amount < 0 ? "-" : "";
  return sign + Math.abs(Math.trunc(amount)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** An amount as the Vietnamese pages write it: `81.600.000 ₫`. */
export function vnd(amount: number): string {
  return `${grouped(amount)} ₫`;
}

/** The first amount of đồng written in a text (`Đang giữ: 1.700.000.000 ₫` → 1700000000). */
export function vndIn(text: string): number {
  const m = /(-?)(\d{1,3}(?:\.\d{3})*)\s*₫/.exec(text);
  if (!m) throw new Error(`no amount of đồng in ${JSON.stringify(text)}`);
  return Number(m[1] + m[2].replace(/\./g, ""));
}

/** A `YYYY-MM-DD` day as the Vietnamese pages write it: `dd/mm/yyyy`. */
export function vietnamDate(day: string): string {
  const [y, m, d] = day.split("-");
  return `${d}/${m}/${y}`;
}

/**
 * Clicks a submit button other than the form's house button (one of two answers, say) and waits
 * until the answer is loaded, as `submit` does.
 */
export async function press(page: Page, button: Locator): Promise<void> {
  const navigated = page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame() });
  await Promise.all([navigated, button.click()]);
  await page.waitForLoadState("load");
  await ready(page);
}

/** Opens the <details> inside `scope` whose summary reads `summary`, unless it is open already. */
export async function openDetails(scope: Locator, summary: string): Promise<Locator> {
  const details = scope.locator("details").filter({ has: scope.page().locator("summary", { hasText: summary }) });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator("summary").click();
  }
  return details;
}
