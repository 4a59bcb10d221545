import AxeBuilder from "@axe-core/playwright";
import { Page } from "@playwright/test";
import { expect, test } from "../lib/fixtures";
import { DEMO_PASSWORD, open, ready, signIn } from "../lib/accounts";

// What each page a worker meets ships and how it reads: a page without an island loads no script
// at all; every page passes axe's accessibility rules, JavaScript on and off.

/** The script files (wasm and JavaScript) the page asked for while it loaded. */
async function scriptsLoadedBy(page: Page, path: string): Promise<string[]> {
  const asked: string[] = [];
  page.on("request", (r) => {
    const p = new URL(r.url()).pathname;
    if (/\.(wasm|js)$/.test(p)) asked.push(p);
  });
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  return asked;
}

test("a page without an island loads no script, and the registry loads only its island's", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "without JavaScript no page runs a script");
  for (const path of ["/", "/signin", "/orders"]) {
    expect(await scriptsLoadedBy(page, path), path).toEqual([]);
  }
  const registry = await scriptsLoadedBy(page, "/agencies");
  expect(registry.some((p) => p.endsWith(".wasm")), "the registry loads the wasm").toBe(true);
  await ready(page);
  await expect(page.locator("leptos-island [data-island-ready]")).toHaveCount(1);
});

async function expectNoAxeViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
  expect(found, `axe on ${label}`).toEqual([]);
}

test("axe finds nothing on the pages a worker meets, on a phone", async ({ browser, javaScriptEnabled }) => {
  // axe runs as a script in the page; the page's HTML is the server's with JavaScript on or off
  // (islands add listeners, not markup), so the JavaScript-on project checks it for both.
  test.skip(!javaScriptEnabled, "axe needs JavaScript in the page");
  test.setTimeout(120_000);
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await open(page, "/agencies");
  const agency = await page.locator(".agency-name").first().getAttribute("href");
  await open(page, "/orders");
  const order = await page.getByTestId("order-card").first().getByRole("link").first().getAttribute("href");
  for (const path of ["/", "/agencies", agency!, "/orders", order!, "/signup", "/signin"]) {
    await open(page, path);
    await expectNoAxeViolations(page, path);
  }
  // The demo worker signs in and lands on their case.
  await signIn(page, "worker@hanhtrang.test", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/cases\/\d+$/);
  await expectNoAxeViolations(page, "the worker's case");
  await context.close();
});
