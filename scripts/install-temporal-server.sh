#!/usr/bin/env bash
# Builds the full Temporal server (`server`) and its SQL schema tool (`sql`) from the Go module proxy
# into .tools/bin, and copies the module's PostgreSQL config template next to them
# (.tools/temporal-server/). scripts/cluster.ts runs them: a cluster on PostgreSQL, one process per
# service, as production runs Temporal. Needs Go (the machine's). Not part of `npm test`.
# Idempotent: does nothing when the pinned version is there already.
#
# v1.32.0 is pinned: later 1.32.x patch releases need a newer Go than ours. A cold build (empty Go
# module and build caches) takes many minutes on 2 cores; a warm one, seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

VERSION=v1.32.0
MODULE=go.temporal.io/server
BIN="$ROOT/.tools/bin"
SHARE="$ROOT/.tools/temporal-server"
STAMP="$SHARE/installed.txt"
WANT="$MODULE@$VERSION $(go env GOVERSION 2>/dev/null || echo no-go)"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x "$BIN/server" ] && [ -x "$BIN/sql" ] \
  && [ -f "$SHARE/config/development-postgres12.yaml" ]; then
  exit 0
fi
command -v go > /dev/null || { echo "install-temporal-server: Go is needed (https://go.dev/dl/)" >&2; exit 1; }

started=$(date +%s)
echo "building $MODULE@$VERSION (server, sql schema tool) into .tools/bin" >&2
mkdir -p "$BIN" "$SHARE/config"
GOBIN="$BIN" go install "$MODULE/cmd/server@$VERSION"
GOBIN="$BIN" go install "$MODULE/cmd/tools/sql@$VERSION"
# The config template the cluster's config is generated from (the schema files are embedded in `sql`).
SRC="$(go env GOMODCACHE)/$MODULE@$VERSION"
install -m 0644 "$SRC/config/development-postgres12.yaml" "$SHARE/config/development-postgres12.yaml"
"$BIN/server" --version >&2
echo "$WANT" > "$STAMP"
echo "built in $(( $(date +%s) - started )) s" >&2
