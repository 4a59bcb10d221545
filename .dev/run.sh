#!/usr/bin/env bash
# Builds and runs Hành Trang: installs what is missing, builds in release mode, migrates,
# seeds demo data into an empty database, and serves on http://127.0.0.1:3000.
#   DATABASE_URL   sqlite://data/hanh-trang.db?mode=rwc (default) or postgres://user:pass@host/db
#   BIND_ADDR      127.0.0.1:3000
#   SEED_WORKERS   3000 demo workers (0: no demo data)
#   RUST_LOG, LOG_FORMAT=json
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

apt_install brotli
setup_toolchain
setup_web_tools
build_release
server_env
cd "$ROOT"
exec "$SERVER_BIN" serve
