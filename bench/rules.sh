#!/usr/bin/env bash
# The rules benchmark with OpenFisca-core beside Ostoja's rules, in a virtualenv of its own
# (OpenFisca is not a dependency of Ostoja). Extra arguments go to bench/rules_bench.py.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=var/bench-openfisca
PYTHON=${PYTHON:-$(command -v python3.12 || echo "$HOME/.pyenv/versions/3.12.1/bin/python")}
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check openfisca-core pyyaml numpy
fi
"$VENV/bin/python" bench/rules_bench.py "$@"
