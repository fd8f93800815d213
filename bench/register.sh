#!/usr/bin/env bash
# The register-of-decisions benchmark: a throwaway PostgreSQL cluster, a city's registry,
# 100 000 decisions with their lines, applications and appeals, the register timed for the
# director, a benefits clerk and a social worker, the cluster stopped again.
# BENCH_DECISIONS changes the number of decisions; extra arguments go to `register.py run`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

# shellcheck source=../.ci/postgres.sh
source .ci/postgres.sh
trap stop_throwaway_postgres EXIT
start_throwaway_postgres
export DATABASE_URL="$THROWAWAY_DATABASE_URL"
export OSTOJA_VAR_DIR="$PG_DIR/var"
export OSTOJA_LOG_LEVEL=WARNING
mkdir -p "$OSTOJA_VAR_DIR"

"$PY" manage.py migrate --no-input -v0
"$PY" bench/generate.py ${BENCH_GENERATE_ARGS:---households 20000 --persons 48000 --months 1}
"$PY" bench/register.py generate --decisions "${BENCH_DECISIONS:-100000}"
"$PY" bench/register.py run "$@"
