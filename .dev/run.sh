#!/usr/bin/env bash
# Builds and runs Hành Trang: installs what is missing, builds in release mode, migrates,
# seeds demo data into an empty database, and serves on http://127.0.0.1:3000.
#   DATABASE_URL   sqlite://data/hanh-trang.db?mode=rwc (default) or postgres://user:pass@host/db
#   BIND_ADDR      127.0.0.1:3000
#   DEMO           1 here: demo mode, with its data and published demo accounts (0: none)
#   SEED_WORKERS   3000 demo workers (0: no demo data)
#   RUST_LOG, LOG_FORMAT=json
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

apt_install brotli
setup_toolchain
setup_web_tools
build_release
server_env
cd "$ROOT"
# The README's run command is the demo; `server serve` alone seeds nothing.
export DEMO="${DEMO:-1}"
exec "$SERVER_BIN" serve
