#!/usr/bin/env bash
# Prints throughput and latency of bare axum vs /agencies at 64 connections (wrk, loopback only,
# asking for brotli as a phone does), the SQL statements each page sends (counted by the server),
# the server's peak memory, sign-in latency and memory under a burst of sign-ins (Argon2id), the
# check and write phases of a 5,000-row import (aim: write under 2 s on SQLite), and the release
# wasm size raw and brotli-compressed; then .dev/bench-statistics.sh (statistics at national scale).
#   BENCH_SECONDS (default 15), BENCH_CONNECTIONS (default 64)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_PER_RUN="${BENCH_SECONDS:-15}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
apt_install wrk brotli curl oathtool
setup_toolchain
setup_web_tools
build_release
(cd "$ROOT" && cargo build --release -p server --example hello --example bare_case --example import_write)
server_env
# The benchmark serves and seeds the demo.
export DEMO=1
WORK="$(mktemp -d)"

measure() { # label url pid [cookie]
  local cookie=()
  [ -n "${4:-}" ] && cookie=(-H "Cookie: $4")
  curl -fs --compressed "${cookie[@]}" "$2" >/dev/null # warm up
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Accept-Encoding: br" "${cookie[@]}" "$2" >"$WORK/wrk.txt"
  local rps p50 p99 hwm
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
  LAST_RPS="$rps"
  # wrk prints 850.00us, 1.20ms or 1.02s; the aims are in milliseconds.
  LAST_P99_MS=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' "$WORK/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")
  hwm=$(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' "/proc/$3/status")
  printf '%-36s %10s req/s   p50 %9s   p99 %9s   peak RSS %s\n' "$1" "$rps" "$p50" "$p99" "$hwm"
  grep -E "Non-2xx|Socket errors" "$WORK/wrk.txt" || true
}

BIND_ADDR=127.0.0.1:3200 "$CARGO_TARGET_DIR/release/examples/hello" &
HELLO=$!
wait_for http://127.0.0.1:3200/ "$HELLO" || die "hello server did not start"

(cd "$ROOT" && DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc" BIND_ADDR=127.0.0.1:3201 RUST_LOG=warn SIGNIN_ADDRESS_LIMIT=1000000 COUNT_STATEMENTS=1 \
  exec "$SERVER_BIN" serve >"$WORK/server.log" 2>&1) &
APP=$!
trap 'kill $HELLO $APP 2>/dev/null' EXIT
wait_for http://127.0.0.1:3201/healthz "$APP" || die "app did not start: $(tail -5 "$WORK/server.log")"

echo
echo "Hành Trang benchmark — $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s, loopback"
echo "(wrk shares the 2 cores with the server, so these are lower bounds)"
# share_of: the page's throughput as a percentage of hello world's, against an aim of 10%.
share_of() { # rps-of-page rps-of-hello
  awk -v p="$1" -v h="$2" 'BEGIN { if (h > 0) printf "%.1f", 100 * p / h; else print "?" }'
}
aim() { # label value-met(0/1) text
  printf '  aim %-44s %s\n' "$1" "$([ "$2" = 1 ] && echo "met: $3" || echo "NOT MET: $3")"
}
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0) ? 1 : 0 }'; }
measure "bare axum hello world" http://127.0.0.1:3200/ "$HELLO"
HELLO_RPS="$LAST_RPS"
measure "/agencies (SQLite, 40)" http://127.0.0.1:3201/agencies "$APP"
REGISTRY_SHARE=$(share_of "$LAST_RPS" "$HELLO_RPS")
aim "/agencies at least 10% of hello" "$(at_least "$REGISTRY_SHARE" 10)" "$REGISTRY_SHARE% of hello"
measure "/agencies?q=sao+mai" "http://127.0.0.1:3201/agencies?q=sao+mai" "$APP"
measure "/agencies?status=suspended" "http://127.0.0.1:3201/agencies?status=suspended" "$APP"

# What a first visit to each page a worker meets downloads as script: the wasm and JavaScript the
# page links to (as a phone gets them, brotli), against the budget of 100 KB. A page without an
# island links to none.
BUDGET_BYTES=102400
page_weight() { # label path [cookie]
  local cookie=() html assets a n total=0
  [ -n "${3:-}" ] && cookie=(-H "Cookie: $3")
  html=$(curl -fs "${cookie[@]}" "http://127.0.0.1:3201$2") || { printf '%-30s could not be fetched\n' "$1"; return; }
  assets=$(grep -oE '(href|src)="/pkg/[^"]+\.(js|wasm)"' <<<"$html" | sed -E 's/^[a-z]+="([^"]+)"$/\1/' | sort -u || true)
  for a in $assets; do
    n=$(curl -fs -H 'Accept-Encoding: br' "http://127.0.0.1:3201$a" | wc -c || echo 0)
    total=$((total + n))
  done
  WORST_BYTES=$(( total > ${WORST_BYTES:-0} ? total : ${WORST_BYTES:-0} ))
  printf '%-30s %7s B script (brotli)   %s\n' "$1" "$total" "$([ "$total" -le $BUDGET_BYTES ] && echo "within 100 KB" || echo "OVER 100 KB")"
}
echo
echo "First visit, script shipped per page (budget: at most 100 KB brotli)"
first_id() { # path prefix: the first /prefix/N linked from the page at path
  curl -fs "http://127.0.0.1:3201$1" | grep -o "href=\"$2/[0-9]*\"" | head -1 | grep -o '[0-9]*' || true
}
DEMO_AGENCY=$(first_id /agencies /agencies)
DEMO_ORDER=$(first_id /orders /orders)
page_weight "home /" /
page_weight "registry /agencies" /agencies
page_weight "an agency /agencies/$DEMO_AGENCY" "/agencies/$DEMO_AGENCY"
page_weight "orders board /orders" /orders
page_weight "an order /orders/$DEMO_ORDER" "/orders/$DEMO_ORDER"
page_weight "sign-up /signup" /signup
page_weight "sign-in /signin" /signin
BENCH_JAR="$WORK/jar-demo"
curl -s -o /dev/null -c "$BENCH_JAR" -X POST -H "Origin: http://127.0.0.1:3201" \
  --data-urlencode "_action=signin" --data-urlencode "identifier=worker@hanhtrang.test" \
  --data-urlencode "password=Demo@HanhTrang2026" http://127.0.0.1:3201/signin
DEMO_TOKEN=$(awk '$6=="ht_session" {print $7}' "$BENCH_JAR")
DEMO_CASE=$(curl -s -b "$BENCH_JAR" http://127.0.0.1:3201/account | grep -o 'href="/cases/[0-9]*"' | head -1 | grep -o '[0-9]*' || true)
page_weight "the worker's case /cases/$DEMO_CASE" "/cases/$DEMO_CASE" "ht_session=$DEMO_TOKEN"
printf 'worst page: %s B script (brotli): %s\n' "$WORST_BYTES" "$([ "$WORST_BYTES" -le $BUDGET_BYTES ] && echo "gate met" || echo "GATE NOT MET")"

# SQL statements per page, as the server counts them (COUNT_STATEMENTS=1): one request at a time,
# after a first one has filled the caches, so the difference is this page's alone.
statements() { # label path [cookie]
  local cookie=() before after
  LAST_STATEMENTS=""
  [ -n "${3:-}" ] && cookie=(-H "Cookie: $3")
  curl -fs -o /dev/null "${cookie[@]}" "http://127.0.0.1:3201$2" || { printf '%-34s could not be fetched\n' "$1"; return; }
  before=$(curl -fs http://127.0.0.1:3201/_statements) || { echo "the server does not count statements"; return; }
  curl -fs -o /dev/null "${cookie[@]}" "http://127.0.0.1:3201$2" || { printf '%-34s failed the second time\n' "$1"; return; }
  after=$(curl -fs http://127.0.0.1:3201/_statements) || return
  LAST_STATEMENTS=$((after - before))
  printf '%-34s %3s SQL statements\n' "$1" "$LAST_STATEMENTS"
}
echo
echo "SQL statements per page (counted by the server)"
statements "home /" /
statements "registry /agencies" /agencies
statements "an agency /agencies/$DEMO_AGENCY" "/agencies/$DEMO_AGENCY"
statements "orders board /orders" /orders
statements "an order /orders/$DEMO_ORDER" "/orders/$DEMO_ORDER"
statements "sign-up /signup" /signup
statements "sign-in /signin" /signin
statements "the worker's case /cases/$DEMO_CASE" "/cases/$DEMO_CASE" "ht_session=$DEMO_TOKEN"
CASE_STATEMENTS="$LAST_STATEMENTS"
statements "the worker's money /cases/$DEMO_CASE/money" "/cases/$DEMO_CASE/money" "ht_session=$DEMO_TOKEN"
# Agency staff sign in with their second factor (the demo's published TOTP secret).
STAFF_JAR="$WORK/jar-staff"
curl -s -o /dev/null -c "$STAFF_JAR" -X POST -H "Origin: http://127.0.0.1:3201" \
  --data-urlencode "_action=signin" --data-urlencode "identifier=agency1.admin@hanhtrang.test" \
  --data-urlencode "password=Demo@HanhTrang2026" http://127.0.0.1:3201/signin
curl -s -o /dev/null -b "$STAFF_JAR" -c "$STAFF_JAR" -X POST -H "Origin: http://127.0.0.1:3201" \
  --data-urlencode "_action=signin_code" \
  --data-urlencode "code=$(oathtool --totp -b HANHTRANGDEMOKEYHANHTRANGDEMOKEY)" \
  http://127.0.0.1:3201/signin/code
STAFF_TOKEN=$(awk '$6=="ht_session" {print $7}' "$STAFF_JAR")
# A session still waiting for its code would be sent to /signin/code, not shown the board.
if curl -fs -o /dev/null -w '%{http_code}' -H "Cookie: ht_session=$STAFF_TOKEN" http://127.0.0.1:3201/cases | grep -q '^200$'; then
  statements "the agency's board /cases" /cases "ht_session=$STAFF_TOKEN"
else
  echo "the agency's board: agency staff could not sign in with the demo's second factor"
fi
printf "the worker's case page: %s statements: %s\n" "$CASE_STATEMENTS" \
  "$([ -n "$CASE_STATEMENTS" ] && [ "$CASE_STATEMENTS" -le 3 ] && echo "gate met (at most 3)" || echo "GATE NOT MET (at most 3)")"

# Lighthouse, mobile profile, median of three runs per page (one run swings by points here).
echo
echo "Lighthouse 12.2.3, mobile profile, Debian's Chromium, median of ${LIGHTHOUSE_RUNS:-3} runs"
(apt_install chromium) || echo "Chromium could not be installed"
(cd "$ROOT/end2end" && ([ -d node_modules/lighthouse ] || npm ci --no-audit --no-fund >/dev/null) \
  && node "$ROOT/.dev/lighthouse.mjs" http://127.0.0.1:3201 "ht_session=$DEMO_TOKEN" \
    "home /=/" "registry=/agencies" "an agency=/agencies/$DEMO_AGENCY" "orders board=/orders" \
    "an order=/orders/$DEMO_ORDER" "sign-up=/signup" "sign-in=/signin" "the worker's case=/cases/$DEMO_CASE") \
  || echo "Lighthouse could not run"

# Sign-in: each one is an Argon2id hash (19 MiB, 2 passes), two at a time at most.
signin() { # identifier
  curl -s -o /dev/null -w '%{time_total}\n' -X POST -H "Origin: http://127.0.0.1:3201" \
    --data-urlencode "_action=signin" --data-urlencode "identifier=$1" \
    --data-urlencode "password=not the password" http://127.0.0.1:3201/signin
}
echo
for i in $(seq 1 20); do signin "bench$i@example.vn"; done | sort -n >"$WORK/signin.txt"
printf 'sign-in, one at a time (20): median %s s, slowest %s s\n' \
  "$(sed -n 10p "$WORK/signin.txt")" "$(tail -1 "$WORK/signin.txt")"
BURST=()
for i in $(seq 1 48); do signin "burst$i@example.vn" >>"$WORK/burst.txt" & BURST+=($!); done
wait "${BURST[@]}"
printf 'sign-in burst, 48 at once: slowest %s s; server RSS after it %s (peak %s)\n' \
  "$(sort -n "$WORK/burst.txt" | tail -1)" \
  "$(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' "/proc/$APP/status")" \
  "$(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' "/proc/$APP/status")"

# A 5,000-row import: the check only reads; the write is the one transaction other writers wait on.
echo
"$CARGO_TARGET_DIR/release/examples/import_write" || echo "import benchmark failed (SQLite)"
if start_postgres; then
  as_root runuser -u postgres -- dropdb --if-exists hanhtrang_bench_import
  as_root runuser -u postgres -- createdb -O hanhtrang_test hanhtrang_bench_import
  DATABASE_URL="postgres://hanhtrang_test:hanhtrang_test@127.0.0.1:5432/hanhtrang_bench_import" \
    "$CARGO_TARGET_DIR/release/examples/import_write" || echo "import benchmark failed (PostgreSQL)"
fi

# The worker's case page with 100,000 cases in the database, on SQLite and on PostgreSQL: the
# Leptos page against a bare axum handler doing the same session lookup and the same use case
# (examples/bare_case.rs), and against hello world.
CASES="${BENCH_CASES:-100000}"
case_page_bench() { # label database-url port
  local label="$1" url="$2" port="$3" t0 app bare jar token case_id
  t0=$(date +%s)
  (cd "$ROOT" && DATABASE_URL="$url" SEED_WORKERS="$CASES" RUST_LOG=warn "$SERVER_BIN" seed >/dev/null) \
    || die "seeding $label failed"
  echo
  echo "$label: seeded $CASES workers and their cases in $(( $(date +%s) - t0 )) s"
  (cd "$ROOT" && DATABASE_URL="$url" BIND_ADDR="127.0.0.1:$port" RUST_LOG=warn SIGNIN_ADDRESS_LIMIT=1000000 \
    exec "$SERVER_BIN" serve >"$WORK/case-server.log" 2>&1) &
  app=$!
  DATABASE_URL="$url" BIND_ADDR="127.0.0.1:$((port + 1))" "$CARGO_TARGET_DIR/release/examples/bare_case" &
  bare=$!
  wait_for "http://127.0.0.1:$port/healthz" "$app" || die "app did not start: $(tail -5 "$WORK/case-server.log")"
  jar="$WORK/jar-$port"
  curl -s -o /dev/null -c "$jar" -X POST -H "Origin: http://127.0.0.1:$port" \
    --data-urlencode "_action=signin" --data-urlencode "identifier=worker@hanhtrang.test" \
    --data-urlencode "password=Demo@HanhTrang2026" "http://127.0.0.1:$port/signin"
  token=$(awk '$6=="ht_session" {print $7}' "$jar")
  case_id=$(curl -s -b "$jar" "http://127.0.0.1:$port/account" | grep -o 'href="/cases/[0-9]*"' | head -1 | grep -o '[0-9]*')
  [ -n "$token" ] && [ -n "$case_id" ] || die "could not sign the demo worker in on $label"
  measure "bare axum hello world" http://127.0.0.1:3200/ "$HELLO"
  local hello="$LAST_RPS"
  measure "case page, bare axum ($label)" "http://127.0.0.1:$((port + 1))/cases/$case_id" "$bare" "ht_session=$token"
  local bare_share
  bare_share=$(share_of "$LAST_RPS" "$hello")
  measure "case page, Leptos ($label)" "http://127.0.0.1:$port/cases/$case_id" "$app" "ht_session=$token"
  local share p99="$LAST_P99_MS"
  share=$(share_of "$LAST_RPS" "$hello")
  aim "case page at least 10% of hello ($label)" "$(at_least "$share" 10)" "$share% of hello"
  # What bounds it: the same session lookup and use case without Leptos reach this share.
  printf '  bound: the same database work in a bare axum handler reaches %s%% of hello; Leptos keeps %s%% of that\n' \
    "$bare_share" "$(awk -v a="$share" -v b="$bare_share" 'BEGIN { if (b > 0) printf "%.0f", 100 * a / b; else print "?" }')"
  if [ -n "$p99" ]; then
    aim "case page p99 at most 20 ms ($label)" "$(at_least 20 "$p99")" "p99 $p99 ms"
  else
    aim "case page p99 at most 20 ms ($label)" 0 "wrk printed no p99"
  fi
  kill "$app" "$bare" 2>/dev/null || true
  wait "$app" "$bare" 2>/dev/null || true
}
case_page_bench "SQLite" "sqlite://$WORK/cases.db?mode=rwc" 3210
if start_postgres; then
  as_root runuser -u postgres -- dropdb --if-exists hanhtrang_bench
  as_root runuser -u postgres -- createdb -O hanhtrang_test hanhtrang_bench
  case_page_bench "PostgreSQL" "postgres://hanhtrang_test:hanhtrang_test@127.0.0.1:5432/hanhtrang_bench" 3220
else
  echo "PostgreSQL could not be started; its figures are missing"
fi

WASM="$ROOT/target/site/pkg/hanh-trang.wasm"
JS="$ROOT/target/site/pkg/hanh-trang.js"
CSS="$ROOT/target/site/pkg/hanh-trang.css"
echo
printf 'release wasm: %s bytes raw, %s brotli, %s gzip\n' \
  "$(stat -c %s "$WASM")" "$(brotli -c -q 11 "$WASM" | wc -c)" "$(gzip -c -9 "$WASM" | wc -c)"
printf 'JS glue: %s bytes raw, %s brotli;  CSS: %s bytes raw, %s brotli\n' \
  "$(stat -c %s "$JS")" "$(brotli -c -q 11 "$JS" | wc -c)" "$(stat -c %s "$CSS")" "$(brotli -c -q 11 "$CSS" | wc -c)"

# Officers' statistics with a million national cases, on SQLite and PostgreSQL.
echo
BENCH_BUILT=1 bash "$ROOT/.dev/bench-statistics.sh" || echo "the statistics benchmark failed"
