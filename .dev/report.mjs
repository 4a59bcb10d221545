// Reads what the test runners wrote and says what ran, for .dev/test.sh. Node, because the test
// command already needs it (Playwright, the SMTP sink) and both inputs are JSON or close to it.
//
//   node report.mjs expected < cargo-metadata.json     the cargo test suites a workspace run has
//   node report.mjs cargo EXPECTED_FILE LOG            counts of a cargo test log, and its gaps
//   node report.mjs playwright RESULTS_JSON            counts of a Playwright run, and its flakes
//
// `cargo` and `playwright` print one line "passed failed skipped" and then one line per thing the
// totals must name (a suite that did not run, a test that passed only on its retry).

import { readFileSync } from "node:fs";
import { basename, relative, dirname } from "node:path";

const [mode, ...args] = process.argv.slice(2);

/** A suite as cargo names it in its log: `Running <src> (<binary>-<hash>)` or `Doc-tests <crate>`. */
function suiteKey(binary, src) {
  return `${binary} ${src}`;
}

function expected() {
  const meta = JSON.parse(readFileSync(0, "utf8"));
  const members = new Set(meta.workspace_members);
  for (const p of meta.packages) {
    if (!members.has(p.id)) continue;
    const dir = dirname(p.manifest_path);
    for (const t of p.targets) {
      const crate = t.name.replace(/-/g, "_");
      const runs = t.kind.some((k) => ["lib", "rlib", "cdylib", "bin", "test", "proc-macro"].includes(k));
      if (runs && t.test) console.log(suiteKey(crate, relative(dir, t.src_path)));
      if (t.doctest) console.log(suiteKey("doc", crate));
    }
  }
}

function cargo(expectedFile, logFile) {
  const want = readFileSync(expectedFile, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
  // Cargo colours nothing when its output is piped, but be safe.
  const lines = readFileSync(logFile, "utf8").replace(/\x1b\[[0-9;]*m/g, "").split("\n");
  const blocks = []; // { key, results: [] }
  for (const line of lines) {
    let m = line.match(/^\s*Running (?:unittests )?(\S+) \((.+)\)\s*$/);
    if (m) {
      const binary = basename(m[2]).replace(/-[0-9a-f]{16}(\.exe)?$/, "");
      blocks.push({ key: suiteKey(binary, m[1]), results: [] });
      continue;
    }
    m = line.match(/^\s*Doc-tests (\S+)\s*$/);
    if (m) {
      blocks.push({ key: suiteKey("doc", m[1]), results: [] });
      continue;
    }
    m = line.match(/^test result: (\w+)\. (\d+) passed; (\d+) failed; (\d+) ignored/);
    if (m && blocks.length) blocks[blocks.length - 1].results.push(m);
  }
  let passed = 0, failed = 0, skipped = 0;
  const notes = [];
  for (const b of blocks) {
    if (b.results.length === 0) {
      failed += 1;
      notes.push(`did not finish: ${b.key} (no "test result" line; crashed or timed out)`);
    }
    for (const r of b.results) {
      passed += Number(r[2]);
      failed += Number(r[3]);
      skipped += Number(r[4]);
    }
  }
  const ran = new Set(blocks.map((b) => b.key));
  for (const key of want) {
    if (!ran.has(key)) {
      failed += 1;
      notes.push(`did not run: ${key}`);
    }
  }
  for (const key of ran) {
    if (!want.includes(key)) notes.push(`ran, though not expected: ${key}`);
  }
  if (skipped > 0) notes.push(`${skipped} test(s) marked #[ignore] did not run`);
  console.log(`${passed} ${failed} ${skipped}`);
  for (const n of notes) console.log(n);
}

function playwright(resultsFile) {
  let report;
  try {
    report = JSON.parse(readFileSync(resultsFile, "utf8"));
  } catch (e) {
    console.log("0 1 0");
    console.log(`no Playwright results (${resultsFile}): ${e.message}`);
    return;
  }
  const s = report.stats || {};
  const flaky = [], skipped = [];
  const walk = (suite, path) => {
    const here = suite.title ? [...path, suite.title] : path;
    for (const spec of suite.specs || []) {
      for (const t of spec.tests || []) {
        const name = `[${t.projectName}] ${[...here, spec.title].join(" › ")}`;
        if (t.status === "flaky") flaky.push(name);
        if (t.status === "skipped") skipped.push(name);
      }
    }
    for (const child of suite.suites || []) walk(child, here);
  };
  for (const suite of report.suites || []) walk(suite, []);
  // A flaky test passed on its retry: it counts as passed, and is named. An error outside any
  // test (a broken config, a crashed worker) counts as a failure.
  const errors = report.errors || [];
  const failed = (s.unexpected || 0) + errors.length;
  console.log(`${(s.expected || 0) + (s.flaky || 0)} ${failed} ${s.skipped || 0}`);
  for (const n of flaky) console.log(`passed only on retry (flaky): ${n}`);
  for (const n of skipped) console.log(`skipped: ${n}`);
  for (const e of errors) console.log(`error outside a test: ${(e.message || "").split("\n")[0]}`);
}

switch (mode) {
  case "expected": expected(); break;
  case "cargo": cargo(args[0], args[1]); break;
  case "playwright": playwright(args[0]); break;
  default:
    console.error("usage: report.mjs expected|cargo EXPECTED LOG|playwright RESULTS");
    process.exit(2);
}
