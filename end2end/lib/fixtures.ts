// The `test` every spec uses: Playwright's, plus the browser's own account of a failed test. Each
// page the test opens (its `page`, and pages of contexts it makes with `browser.newContext`) has
// its console messages, uncaught errors (a panic while hydrating shows here) and main-frame
// navigations recorded; when the test fails, the record is attached to it and printed by the
// list reporter.
import { test as base, expect, BrowserContext, Page } from "@playwright/test";

export { expect };

export const test = base.extend<{ browserConsole: void }>({
  browserConsole: [
    async ({ context, browser }, use, testInfo) => {
      const started = Date.now();
      const lines: string[] = [];
      const stamp = () => `+${((Date.now() - started) / 1000).toFixed(1)}s`;
      let pages = 0;
      const watch = (page: Page) => {
        const name = `page ${++pages}`;
        page.on("console", (m) => lines.push(`${stamp()} [${name}] console.${m.type()}: ${m.text()}`));
        page.on("pageerror", (e) => lines.push(`${stamp()} [${name}] uncaught: ${e.stack ?? e.message}`));
        page.on("framenavigated", (f) => {
          if (f === page.mainFrame()) lines.push(`${stamp()} [${name}] at ${f.url()}`);
        });
        page.on("requestfailed", (r) => lines.push(`${stamp()} [${name}] request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
      };
      const watchContext = (ctx: BrowserContext) => {
        ctx.pages().forEach(watch);
        ctx.on("page", watch);
      };
      watchContext(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const ctx = await newContext(options);
        watchContext(ctx);
        return ctx;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
        if (testInfo.status !== testInfo.expectedStatus) {
          await testInfo.attach("browser console", {
            body: lines.length ? lines.join("\n") : "(the browser logged nothing)",
            contentType: "text/plain",
          });
        }
      }
    },
    { auto: true },
  ],
});
