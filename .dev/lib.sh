# Shared by run.sh, test.sh and bench.sh (sourced, not run): installs what this machine lacks,
# once, into a cache outside the clone, and puts it on PATH.
#
# Toolchain, per TOOLCHAIN notes:
#   A. rustup with the channel pinned in rust-toolchain.toml (wasm32 std prebuilt);
#   B. Debian's rustc-web when rustup cannot fetch: std for wasm32 is built with -Zbuild-std,
#      through the "hanh-trang-debian" cargo-leptos project.
# HANH_TRANG_TOOLCHAIN=rustup|debian forces one path; the default tries A, then B.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${HANH_TRANG_CACHE:-$HOME/.cache/hanh-trang}"
TOOLS="$CACHE/tools"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
CARGO_LEPTOS_VERSION="0.3.11"
BINARYEN_VERSION="132.0.0"
LEPTOS_PROJECT="hanh-trang"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=""
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

toolchain_rustup() {
  command -v rustup >/dev/null 2>&1 || return 1
  # rustup's proxies first, so rust-toolchain.toml decides, even if Debian's cargo is installed too.
  export PATH="$(dirname "$(command -v rustup)"):$PATH"
  # Installs the channel, components and targets that rust-toolchain.toml names (no-op when present).
  (cd "$ROOT" && rustup toolchain install >/dev/null 2>&1) || (cd "$ROOT" && rustup show active-toolchain >/dev/null 2>&1) || return 1
  (cd "$ROOT" && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown) || return 1
  (cd "$ROOT" && cargo --version >/dev/null 2>&1) || return 1
}

toolchain_debian() {
  apt_install rustc-web cargo-web rust-web-src lld-22
  export PATH="/usr/bin:$PATH"
  export RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
  # rustc links wasm with `rust-lld`; Debian's lld-22 ships the same linker as `wasm-ld-22`.
  if ! command -v rust-lld >/dev/null 2>&1; then
    local wasm_ld
    wasm_ld="$(command -v wasm-ld-22 || command -v wasm-ld || true)"
    [ -n "$wasm_ld" ] || die "no wasm linker: neither rust-lld nor wasm-ld is installed"
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$wasm_ld"
  fi
  LEPTOS_PROJECT="hanh-trang-debian"
  TOOLCHAIN_PATH="debian"
}

setup_toolchain() {
  TOOLCHAIN_PATH="rustup"
  case "${HANH_TRANG_TOOLCHAIN:-auto}" in
    rustup) toolchain_rustup || die "rustup could not provide the toolchain in rust-toolchain.toml" ;;
    debian) toolchain_debian ;;
    *) toolchain_rustup || { log "rustup cannot fetch the toolchain; using Debian's rustc-web"; toolchain_debian; } ;;
  esac
  log "toolchain: $TOOLCHAIN_PATH ($(cd "$ROOT" && rustc --version))"
}

# The wasm-bindgen version the lock file pins; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

setup_web_tools() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  mkdir -p "$TOOLS"
  export PATH="$TOOLS/npm/node_modules/binaryen/bin:$TOOLS/bin:$PATH"
  if [ "$(cargo-leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 26 minutes, once)"
    (cd "$ROOT" && cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --root "$TOOLS")
  fi
  local wb; wb="$(wasm_bindgen_version)"
  [ -n "$wb" ] || die "no wasm-bindgen in Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb" ]; then
    log "installing wasm-bindgen-cli $wb (about 6 minutes, once)"
    # Not --locked: with it, resolution fails on this registry mirror.
    (cd "$ROOT" && cargo install wasm-bindgen-cli --version "$wb" --root "$TOOLS")
  fi
  # npm's binaryen, never Debian's (108): that one breaks the release wasm in the browser.
  if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
    log "installing binaryen $BINARYEN_VERSION from npm"
    mkdir -p "$TOOLS/npm"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS/npm" "binaryen@$BINARYEN_VERSION" >/dev/null
  fi
  command -v wasm-opt | grep -q "$TOOLS/npm" || die "wasm-opt on PATH is not npm's binaryen"
}

build_release() {
  log "building the app in release mode (cargo leptos build --release --project $LEPTOS_PROJECT)"
  (cd "$ROOT" && cargo leptos build --release --project "$LEPTOS_PROJECT") || return 1
  [ -s "$ROOT/target/site/pkg/hanh-trang.wasm" ] || { log "no wasm was built"; return 1; }
  # Precompressed copies: the static file service sends them to browsers that accept them.
  if command -v brotli >/dev/null 2>&1; then
    local f
    for f in "$ROOT"/target/site/pkg/*.{wasm,js,css}; do
      [ -f "$f" ] || continue
      brotli -f -q 11 -k "$f" -o "$f.br"
      gzip -f -9 -k "$f"
    done
  fi
}

# Waits until `url` answers, for at most two minutes, or until process `pid` has died.
wait_for() { # url pid
  for _ in $(seq 1 240); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

server_env() {
  export LEPTOS_SITE_ROOT="$ROOT/target/site" LEPTOS_SITE_PKG_DIR="pkg" LEPTOS_OUTPUT_NAME="hanh-trang"
  export LEPTOS_ENV="${LEPTOS_ENV:-PROD}"
  SERVER_BIN="$CARGO_TARGET_DIR/release/server"
}

# The build cache lives outside the clone and outlasts it; keep it from filling the disk.
# Every clone (a CI run, a worktree) builds our own crates anew under its own hashes, and a test
# binary or an example is over a gigabyte: a few runs filled 80 GB on 2026-12-02. So incremental
# data and our crates' debug artifacts and examples not touched for 30 minutes go; dependencies
# stay. Test databases left in the temp dir go too.
prune_build_cache() {
  local d="$CARGO_TARGET_DIR/debug"
  if [ -d "$d" ]; then
    find "$d/incremental" -mindepth 1 -maxdepth 1 -mmin +30 -exec rm -rf {} + 2>/dev/null || true
    find "$d/deps" "$d/examples" -maxdepth 1 -type f \( -name 'libserver-*' -o -name 'api-*' \
      -o -name 'server-*' -o -name 'libapp-*' -o -name 'app-*' -o -name 'libmigration-*' \
      -o -name 'migration-*' -o -name 'bare_case*' -o -name 'hello*' -o -name 'import_write*' \) \
      -mmin +30 -delete 2>/dev/null || true
  fi
  rm -f "${TMPDIR:-/tmp}"/hanh-trang-test_*.db* 2>/dev/null || true
}

# PostgreSQL from Debian, started if needed, with the test role; exports TEST_DATABASE_URL.
start_postgres() {
  apt_install postgresql
  local version
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)"
  [ -n "$version" ] || { log "no PostgreSQL cluster found"; return 1; }
  pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1==v && $2=="main" && $4=="online"' | grep -q . \
    || as_root pg_ctlcluster "$version" main start || return 1
  local i
  for i in $(seq 1 30); do
    as_root runuser -u postgres -- psql -qAtc "select 1" >/dev/null 2>&1 && break
    sleep 1
  done
  as_root runuser -u postgres -- psql -qAt -v ON_ERROR_STOP=1 <<'SQL' >/dev/null || return 1
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hanhtrang_test') THEN
    CREATE ROLE hanhtrang_test LOGIN CREATEDB PASSWORD 'hanhtrang_test';
  END IF;
END $$;
SQL
  export TEST_DATABASE_URL="postgres://hanhtrang_test:hanhtrang_test@127.0.0.1:5432/postgres"
}

