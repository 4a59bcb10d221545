#!/usr/bin/env bash
# Runs every check and test: format, clippy (server and browser sides), unit and integration
# tests on SQLite and on PostgreSQL (installed and started here when absent), migrations
# up/down/up, the release build, and Playwright in Chromium with JavaScript on and off.
# Ends with one line of totals; exits non-zero when anything failed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set +e
STARTED=$SECONDS

PASSED=0
FAILED=0
SKIPPED=0
REPORT=()
LOGS="$(mktemp -d)"

record() { # name passed failed
  PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3))
  REPORT+=("$(printf '%-34s %5s passed %5s failed' "$1" "$2" "$3")")
}

skip() { # name reason
  SKIPPED=$((SKIPPED + 1))
  REPORT+=("$(printf '%-34s skipped: %s' "$1" "$2")")
}

check() { # name command... : one check, passed or failed
  local name="$1"; shift
  log "$name"
  if "$@"; then record "$name" 1 0; else record "$name" 0 1; fi
}

note() { # text : a line under the totals that names something
  REPORT+=("$(printf '  %s' "$1")")
}

# The suites a workspace `cargo test` must run: every lib, bin and test target and every doc-test,
# from cargo's metadata, so a suite that never ran is named instead of silently missing.
expected_suites() {
  cargo metadata --no-deps --format-version 1 | node "$ROOT/.dev/report.mjs" expected
}

cargo_tests() { # name expected-suites-file command... : counts from cargo's "test result" lines
  local name="$1" expected="$2"; shift 2
  log "$name"
  local out="$LOGS/$(echo "$name" | tr -c 'a-zA-Z0-9' '_').log"
  "$@" 2>&1 | tee "$out"
  local status=${PIPESTATUS[0]}
  local summary counts p f s
  summary="$(node "$ROOT/.dev/report.mjs" cargo "$expected" "$out")" || summary="0 1 0"
  counts="$(head -1 <<<"$summary")"
  read -r p f s <<<"$counts"
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # a build failure counts
  record "$name" "$p" "$f"
  [ "$status" -eq 0 ] || note "cargo exited with status $status"
  SKIPPED=$((SKIPPED + s))
  while IFS= read -r line; do [ -n "$line" ] && note "$line"; done < <(tail -n +2 <<<"$summary")
}

drop_test_databases() {
  as_root runuser -u postgres -- psql -qAtc \
    "select datname from pg_database where datname like 'test\_%'" 2>/dev/null |
    while read -r db; do as_root runuser -u postgres -- dropdb --if-exists "$db"; done
}

run_e2e() {
  log "end-to-end: Playwright in Chromium, JavaScript on and off"
  apt_install chromium
  local dir port pid status
  dir="$(mktemp -d)"
  port="${E2E_PORT:-3100}"
  server_env
  # A real SMTP server on loopback receives what the app sends; the specs read its files.
  # Not under end2end/test-results: Playwright empties that folder when it starts.
  local mail_dir="$dir/mail" smtp_port="${E2E_SMTP_PORT:-2526}" sink
  mkdir -p "$mail_dir"
  (cd "$ROOT/end2end" && exec node smtp-sink.mjs --port "$smtp_port" --dir "$mail_dir" >"$LOGS/smtp-sink.log" 2>&1) &
  sink=$!
  (cd "$ROOT" && DEMO=1 DATABASE_URL="sqlite://$dir/e2e.db?mode=rwc" BIND_ADDR="127.0.0.1:$port" \
    PUBLIC_URL="http://127.0.0.1:$port" SMTP_URL="smtp://127.0.0.1:$smtp_port" \
    exec "$SERVER_BIN" serve >"$LOGS/e2e-server.log" 2>&1) &
  pid=$!
  # A second app on the national dataset (the published totals, `server seed national`), for
  # tests/statistics-national.spec.ts.
  local national_port=$((port + 1)) national_db="sqlite://$dir/national.db?mode=rwc" national
  log "seeding the national dataset for the statistics spec"
  (cd "$ROOT" && DEMO=1 DATABASE_URL="$national_db" "$SERVER_BIN" seed national) \
    >"$LOGS/national-seed.log" 2>&1 || { log "the national seed failed:"; tail -20 "$LOGS/national-seed.log"; }
  tail -1 "$LOGS/national-seed.log"
  (cd "$ROOT" && DEMO=1 DATABASE_URL="$national_db" BIND_ADDR="127.0.0.1:$national_port" \
    PUBLIC_URL="http://127.0.0.1:$national_port" SMTP_URL="smtp://127.0.0.1:$smtp_port" \
    exec "$SERVER_BIN" serve >"$LOGS/e2e-national.log" 2>&1) &
  national=$!
  wait_for "http://127.0.0.1:$port/healthz" "$pid" || log "the server did not answer; see its log below"
  wait_for "http://127.0.0.1:$national_port/healthz" "$national" || log "the national server did not answer"
  (cd "$ROOT/end2end" && BASE_URL="http://127.0.0.1:$port" NATIONAL_URL="http://127.0.0.1:$national_port" \
    MAIL_DIR="$mail_dir" npx playwright test)
  status=$?
  kill "$pid" "$national" "$sink" 2>/dev/null; wait "$pid" "$national" "$sink" 2>/dev/null
  local summary p f sk
  summary="$(node "$ROOT/.dev/report.mjs" playwright "$ROOT/end2end/test-results/results.json")" \
    || summary="0 1 0"
  read -r p f sk <<<"$(head -1 <<<"$summary")"
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  record "end-to-end (Playwright)" "$p" "$f"
  SKIPPED=$((SKIPPED + sk))
  [ "$sk" -eq 0 ] || note "$sk end-to-end test(s) skipped"
  while IFS= read -r line; do [ -n "$line" ] && note "$line"; done < <(tail -n +2 <<<"$summary")
  [ "$f" -eq 0 ] || tail -40 "$LOGS/e2e-server.log"
}

apt_install brotli curl
setup_toolchain
setup_web_tools
prune_build_cache
cd "$ROOT"

# Debian's rustc-web ships no rustfmt or clippy: there they are reported as skipped. The rustup
# toolchain names both in rust-toolchain.toml, so their absence there fails the run.
missing_tool() { # name reason
  if [ "$TOOLCHAIN_PATH" = "debian" ]; then skip "$1" "$2"; else record "$1 (missing)" 0 1; note "$2"; fi
}
if cargo fmt --version >/dev/null 2>&1; then
  check "format (cargo fmt --check)" cargo fmt --all --check
else
  missing_tool "format (cargo fmt --check)" "no rustfmt in this toolchain ($TOOLCHAIN_PATH)"
fi
if ! cargo clippy --version >/dev/null 2>&1; then
  missing_tool "clippy" "no clippy in this toolchain ($TOOLCHAIN_PATH)"
elif [ "$TOOLCHAIN_PATH" = "debian" ]; then
  check "clippy, server side" cargo clippy --workspace --all-targets -- -D warnings
  check "clippy, browser side (wasm32)" cargo clippy -Zbuild-std=std,panic_abort -p app --lib \
    --features hydrate --target wasm32-unknown-unknown -- -D warnings
else
  check "clippy, server side" cargo clippy --workspace --all-targets -- -D warnings
  check "clippy, browser side (wasm32)" cargo clippy -p app --lib --features hydrate \
    --target wasm32-unknown-unknown -- -D warnings
fi
# The integration tests receive mail through end2end/smtp-sink.mjs, a real SMTP server in Node.
if ! (cd "$ROOT/end2end" && npm ci --no-audit --no-fund --silent); then
  record "npm ci (end2end)" 0 1
fi
# A hung test must fail the run, not eat the CI budget: each cargo test run gets 25 minutes.
# --no-fail-fast: a failing suite must not keep the next ones from running (and being counted).
expected_suites >"$LOGS/expected-workspace" || record "cargo metadata" 0 1
# The SQLite run never sees a PostgreSQL URL, whatever the caller's environment holds.
cargo_tests "unit + integration on SQLite" "$LOGS/expected-workspace" \
  env -u TEST_DATABASE_URL timeout 1500 cargo test --workspace --no-fail-fast
echo "api tests/api/main.rs" >"$LOGS/expected-api"
if start_postgres; then
  cargo_tests "integration on PostgreSQL" "$LOGS/expected-api" \
    timeout 1500 cargo test -p server --test api --no-fail-fast
  drop_test_databases
  unset TEST_DATABASE_URL
else
  record "PostgreSQL could not be started" 0 1
fi
if build_release; then
  record "release build (cargo leptos)" 1 0
  run_e2e
else
  record "release build (cargo leptos)" 0 1
fi

echo
printf '%s\n' "${REPORT[@]}"
echo "took $(((SECONDS - STARTED) / 60)) min $(((SECONDS - STARTED) % 60)) s"
if [ "$SKIPPED" -gt 0 ]; then
  echo "totals: $PASSED passed, $FAILED failed, $SKIPPED skipped"
else
  echo "totals: $PASSED passed, $FAILED failed"
fi
[ "$FAILED" -eq 0 ]
