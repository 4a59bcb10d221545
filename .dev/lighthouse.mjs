// Lighthouse (pinned 12.2.3, mobile profile) in Debian's Chromium: each page three times, and
// the median performance score, largest contentful paint and accessibility score per page, then
// the worst of each, against the gates (performance >= 95, LCP <= 1.5 s, accessibility 100).
//   node .dev/lighthouse.mjs BASE_URL COOKIE label=path ...
// (run from end2end/, where lighthouse is installed)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, cookie, ...pages] = process.argv.slice(2);
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const chrome = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const dir = mkdtempSync(join(tmpdir(), "lh-"));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const page of pages) {
  const at = page.indexOf("=");
  const [label, path] = [page.slice(0, at), page.slice(at + 1)];
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const out = join(dir, `${runs.length}.json`);
    const args = [
      "lighthouse",
      `${base}${path}`,
      `--chrome-path=${chrome}`,
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
      "--only-categories=performance,accessibility",
      "--output=json",
      `--output-path=${out}`,
      "--quiet",
    ];
    if (path.startsWith("/cases/") && cookie) {
      args.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
    }
    try {
      execFileSync("npx", args, { stdio: ["ignore", "ignore", "inherit"], timeout: 180_000 });
      const r = JSON.parse(readFileSync(out, "utf8"));
      runs.push({
        perf: Math.round(r.categories.performance.score * 100),
        lcp: r.audits["largest-contentful-paint"].numericValue / 1000,
        a11y: Math.round(r.categories.accessibility.score * 100),
        failing: Object.values(r.audits)
          .filter((a) => a.score === 0 && r.categories.accessibility.auditRefs.some((ref) => ref.id === a.id))
          .map((a) => a.id),
      });
    } catch (e) {
      console.log(`${label}: lighthouse failed (${e.message.split("\n")[0]})`);
    }
  }
  if (!runs.length) continue;
  const row = {
    label,
    perf: median(runs.map((r) => r.perf)),
    lcp: median(runs.map((r) => r.lcp)),
    a11y: median(runs.map((r) => r.a11y)),
    failing: [...new Set(runs.flatMap((r) => r.failing))],
  };
  rows.push(row);
  console.log(
    `${label.padEnd(34)} performance ${String(row.perf).padStart(3)}   LCP ${row.lcp.toFixed(2)} s   accessibility ${row.a11y}` +
      (row.failing.length ? `   (${row.failing.join(", ")})` : ""),
  );
}
rmSync(dir, { recursive: true, force: true });
if (rows.length) {
  const worst = {
    perf: Math.min(...rows.map((r) => r.perf)),
    lcp: Math.max(...rows.map((r) => r.lcp)),
    a11y: Math.min(...rows.map((r) => r.a11y)),
  };
  const met = worst.perf >= 95 && worst.lcp <= 1.5 && worst.a11y === 100;
  console.log(
    `worst: performance ${worst.perf} (gate >= 95), LCP ${worst.lcp.toFixed(2)} s (gate <= 1.5 s), accessibility ${worst.a11y} (gate 100): ${met ? "gates met" : "GATES NOT MET"}`,
  );
}
