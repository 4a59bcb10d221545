// Helpers for job orders and cases (see app/src/domain/README.md, "Case lifecycle"). Every form
// is a native POST, so they work with JavaScript on and off.
import { expect, Locator, Page } from "@playwright/test";
import { open, submit } from "./accounts";

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
