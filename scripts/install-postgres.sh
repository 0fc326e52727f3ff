#!/usr/bin/env bash
# Installs Debian's PostgreSQL server (package `postgresql`). `npm start` runs the store on it (a
# cluster of its own in $DATA_DIR/postgres, on 127.0.0.1), and the tests and the benchmark start
# throw-away clusters on it; all of them through scripts/postgres-server.ts, never the system cluster.
# Run by `npm start` (prestart) and by .ci/run before the tests.
# Idempotent: does nothing when a server's initdb is there already.
set -euo pipefail

have_server() { compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null; }

if have_server; then
  exit 0
fi
if ! command -v apt-get > /dev/null; then
  echo "install-postgres.sh: no apt-get here; install a PostgreSQL server so that /usr/lib/postgresql/<version>/bin/initdb exists" >&2
  exit 1
fi
SUDO=
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo > /dev/null; then
    SUDO=sudo
  else
    echo "install-postgres.sh: installing the package postgresql needs root, and sudo is not installed; run as root: apt-get install postgresql" >&2
    exit 1
  fi
fi
echo "installing Debian's postgresql (the store's server)" >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
if ! have_server; then
  echo "install-postgres.sh: postgresql is installed but no /usr/lib/postgresql/*/bin/initdb was found" >&2
  exit 1
fi
