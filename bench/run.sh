#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster, migrate, generate the city, benchmark, stop the cluster.
# Run as root (the cluster runs as the postgres user). Extra arguments go to bench/run.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

# shellcheck source=../.ci/postgres.sh
source .ci/postgres.sh
# A production-like buffer cache (a quarter of this machine's memory would be 6 GB; 2 GB holds
# the whole generated registry). The default 128 MB makes every household page a disk read.
export PG_EXTRA_OPTIONS=${PG_EXTRA_OPTIONS:-"-c shared_buffers=2GB"}
trap stop_throwaway_postgres EXIT
start_throwaway_postgres
export DATABASE_URL="$THROWAWAY_DATABASE_URL"
export OSTOJA_VAR_DIR="$PG_DIR/var"
export OSTOJA_LOG_LEVEL=WARNING
mkdir -p "$OSTOJA_VAR_DIR"

"$PY" manage.py migrate --no-input -v0
"$PY" bench/generate.py ${BENCH_GENERATE_ARGS:-}
"$PY" bench/run.py "$@"
