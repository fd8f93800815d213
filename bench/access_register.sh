#!/usr/bin/env bash
# The access-register benchmark: a throwaway PostgreSQL cluster, a small registry, 5 million
# access events, the officer's screens timed, the cluster stopped again. Run as root.
# BENCH_EVENTS changes the number of events; extra arguments go to `access_register.py run`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

# shellcheck source=../.ci/postgres.sh
source .ci/postgres.sh
export PG_EXTRA_OPTIONS=${PG_EXTRA_OPTIONS:-"-c shared_buffers=2GB -c max_wal_size=8GB"}
trap stop_throwaway_postgres EXIT
start_throwaway_postgres
export DATABASE_URL="$THROWAWAY_DATABASE_URL"
export OSTOJA_VAR_DIR="$PG_DIR/var"
export OSTOJA_LOG_LEVEL=WARNING
mkdir -p "$OSTOJA_VAR_DIR"

"$PY" manage.py migrate --no-input -v0
"$PY" bench/generate.py ${BENCH_GENERATE_ARGS:---households 2000 --persons 5000 --months 1}
"$PY" bench/access_register.py generate --events "${BENCH_EVENTS:-5000000}"
"$PY" bench/access_register.py run "$@"
