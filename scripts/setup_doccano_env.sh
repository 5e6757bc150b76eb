#!/usr/bin/env bash
# Create .doccano-venv/ with the doccano 1.8.4 server (idempotent: does nothing when it is already complete).
# doccano's pins clash with the project's (Django, numpy<2), so it never goes into .venv.
#   bash scripts/setup_doccano_env.sh            # at the repository root
#   DOCCANO_VENV=/path/to/venv bash scripts/...  # elsewhere
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${DOCCANO_VENV:-$root/.doccano-venv}"
pins="$root/scripts/doccano_server_pins.txt"
python="${DOCCANO_PYTHON:-python3}"
stamp="$venv/.govreport-pins.sha256"
want="$(sha256sum "$pins" | cut -d' ' -f1)"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$venv/bin/gunicorn" && -x "$venv/bin/doccano" ]]; then
    echo "doccano environment ready: $venv"
    exit 0
fi
if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$pins"
# A template database made with older pins may not match: it is rebuilt on the next server start.
rm -f "$venv/govreport-db-template.sqlite3"
"$venv/bin/python" -c "import backend, gunicorn" >/dev/null
echo "$want" > "$stamp"
echo "doccano environment installed: $venv"
