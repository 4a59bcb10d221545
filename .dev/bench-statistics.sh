#!/usr/bin/env bash
# Officers' statistics at national scale, on SQLite and on PostgreSQL: `server seed national
# --cases N` (default 1,000,000), then the statistics page for 2024 as the app computes it
# (market × sex; and province × market for women and for men, which together are the
# market × sex × province breakdown) against the same aggregate statements run raw in sqlite3 or
# psql in the same run (`server statistics sql` prints what the page runs: the table and its
# three charts). Aims: the page at most 1.2× raw, and under a second on SQLite. Then the
# cases behind every departure of 2018–2025 exported as XLSX (over a million rows) with the server's peak RSS.
# Run by .dev/bench.sh; alone: bash .dev/bench-statistics.sh (it builds what it needs).
#   BENCH_NATIONAL_CASES (default 1000000), BENCH_RUNS (default 5)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CASES="${BENCH_NATIONAL_CASES:-1000000}"
RUNS="${BENCH_RUNS:-5}"
apt_install sqlite3 curl oathtool unzip
setup_toolchain
if [ -z "${BENCH_BUILT:-}" ]; then
  setup_web_tools
  build_release || die "the release build failed"
fi
server_env
WORK="$(mktemp -d)"
export DEMO=1 RUST_LOG=warn

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
now_s() { date +%s.%N; }

# Signs the national officer in (password, then the demo's published TOTP secret); prints the token.
sign_in_officer() { # port
  local jar="$WORK/jar-$1"
  curl -s -o /dev/null -c "$jar" -X POST -H "Origin: http://127.0.0.1:$1" \
    --data-urlencode "_action=signin" --data-urlencode "identifier=cuc@hanhtrang.test" \
    --data-urlencode "password=Demo@HanhTrang2026" "http://127.0.0.1:$1/signin"
  curl -s -o /dev/null -b "$jar" -c "$jar" -X POST -H "Origin: http://127.0.0.1:$1" \
    --data-urlencode "_action=signin_code" \
    --data-urlencode "code=$(oathtool --totp -b HANHTRANGDEMOKEYHANHTRANGDEMOKEY)" \
    "http://127.0.0.1:$1/signin/code"
  awk '$6=="ht_session" {print $7}' "$jar"
}

statistics_bench() { # label database-url port raw-runner...
  local label="$1" url="$2" port="$3"
  shift 3
  local t0 app token
  t0=$(now_s)
  (cd "$ROOT" && DATABASE_URL="$url" "$SERVER_BIN" seed national --cases "$CASES") >"$WORK/seed.log" 2>&1 \
    || die "seeding $label failed: $(tail -5 "$WORK/seed.log")"
  echo
  echo "$label: $(tail -1 "$WORK/seed.log") ($(awk -v a="$t0" -v b="$(now_s)" 'BEGIN { printf "%.0f", b - a }') s with the demo)"
  (cd "$ROOT" && DATABASE_URL="$url" BIND_ADDR="127.0.0.1:$port" EXPORT_ROW_CAP=5000000 \
    exec "$SERVER_BIN" serve >"$WORK/server-$port.log" 2>&1) &
  app=$!
  wait_for "http://127.0.0.1:$port/healthz" "$app" || die "app did not start: $(tail -5 "$WORK/server-$port.log")"
  token=$(sign_in_officer "$port")
  [ -n "$token" ] || die "the national officer could not sign in on $label"
  local view qs page raw ratio sql
  for view in "rows=market&cols=sex" "rows=province&cols=market&sex=female" "rows=province&cols=market&sex=male"; do
    qs="measure=departures&period=2024&$view"
    sql="$WORK/page.sql"
    (cd "$ROOT" && DATABASE_URL="$url" "$SERVER_BIN" statistics sql "$qs") >"$sql" \
      || die "server statistics sql failed for $qs"
    local code
    code=$(curl -s -o "$WORK/page.html" -w '%{http_code}' -H "Cookie: ht_session=$token" "http://127.0.0.1:$port/statistics?$qs")
    [ "$code" = 200 ] && grep -q 'data-testid="stats-table"' "$WORK/page.html" \
      || die "the statistics page answered $code without its table on $label"
    "$@" "$sql" >/dev/null # warm the database's cache as the page's first request did
    page=$(for _ in $(seq "$RUNS"); do
      curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: ht_session=$token" "http://127.0.0.1:$port/statistics?$qs"
    done | median)
    raw=$(for _ in $(seq "$RUNS"); do
      local a
      a=$(now_s)
      "$@" "$sql" >/dev/null
      awk -v a="$a" -v b="$(now_s)" 'BEGIN { print b - a }'
    done | median)
    ratio=$(awk -v p="$page" -v r="$raw" 'BEGIN { if (r > 0) printf "%.2f", p / r; else print "?" }')
    printf '%-14s %-44s page %6.3f s   raw SQL %6.3f s   page/raw %s×\n' "$label" "$view" "$page" "$raw" "$ratio"
    aim "page at most 1.2× raw SQL ($label, $view)" "$(awk -v x="$ratio" 'BEGIN { print (x + 0 <= 1.2) ? 1 : 0 }')" "${ratio}×"
    if [ "$label" = "SQLite" ]; then
      aim "page under 1 s ($label, $view)" "$(awk -v x="$page" 'BEGIN { print (x + 0 < 1) ? 1 : 0 }')" "$page s"
    fi
  done
  # The cases behind every departure of 2018–2025 as XLSX (over a million rows: a sheet holds
  # 1,048,575 under its heading, the rest go on a second): rows written, time, peak RSS.
  local before after t rows
  before=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$app/status")
  t=$(now_s)
  local status
  status=$(curl -s -o "$WORK/cases.xlsx" -w '%{http_code}' -H "Cookie: ht_session=$token" -H "Origin: http://127.0.0.1:$port" -X POST \
    --data-urlencode "measure=departures" --data-urlencode "period=2018-2025" \
    --data-urlencode "format=xlsx" --data-urlencode "purpose=Đo hiệu năng xuất dữ liệu quốc gia" \
    "http://127.0.0.1:$port/statistics/cases/export")
  t=$(awk -v a="$t" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }')
  after=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$app/status")
  [ "$status" = 200 ] || die "the XLSX export answered $status on $label"
  rows=$(unzip -p "$WORK/cases.xlsx" 'xl/worksheets/sheet*.xml' | grep -o '<row ' | wc -l)
  [ "$rows" -gt 1000000 ] || die "the XLSX export holds $rows rows on $label"
  printf '%-14s XLSX of the cases behind 2018–2025 departures: %s rows (with the headings), %s bytes, %s s; server peak RSS %s MiB before, %s MiB after\n' \
    "$label" "$rows" "$(stat -c %s "$WORK/cases.xlsx")" "$t" "$before" "$after"
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
}

aim() { # label value-met(0/1) text
  if [ "$2" = 1 ]; then printf '  aim met: %s (%s)\n' "$1" "$3"; else printf '  AIM NOT MET: %s (%s)\n' "$1" "$3"; fi
}

echo "Officers' statistics with $CASES national cases — $(nproc) cores, median of $RUNS runs"
sqlite_raw() { sqlite3 "$WORK/national.db" <"$1"; }
statistics_bench "SQLite" "sqlite://$WORK/national.db?mode=rwc" 3230 sqlite_raw
if start_postgres; then
  as_root runuser -u postgres -- dropdb --if-exists hanhtrang_bench_national
  as_root runuser -u postgres -- createdb -O hanhtrang_test hanhtrang_bench_national
  PG_URL="postgres://hanhtrang_test:hanhtrang_test@127.0.0.1:5432/hanhtrang_bench_national"
  psql_raw() { psql -q -X "$PG_URL" -f "$1" -o /dev/null; }
  statistics_bench "PostgreSQL" "$PG_URL" 3240 psql_raw
else
  echo "PostgreSQL could not be started; its figures are missing"
fi
rm -rf "$WORK"
