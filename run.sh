#!/usr/bin/env bash
# The two commands of the README:
#   bash run.sh all    set up (venv, dependencies, assets) and run `spacy project run all`
#   bash run.sh test   set up (venv, dependencies, assets, doccano server env) and run the tests
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}

setup() {
  if [ ! -x .venv/bin/python ]; then
    echo "▶ creating .venv"
    "$PYTHON" -m venv .venv
  fi
  echo "▶ installing pinned dependencies (requirements-dev.txt) and govreport (editable)"
  .venv/bin/python -m pip install --quiet --upgrade "pip==26.3"
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
  .venv/bin/python -m spacy project run fetch-assets
}

case "${1:-}" in
  all)
    setup
    .venv/bin/python -m spacy project run all
    ;;
  test)
    setup
    bash scripts/setup_doccano_env.sh           # doccano in its own venv: the doccano tests talk to a real server
    .venv/bin/python -m spacy project run clean  # corpus/sentences.jsonl, which the doccano tests push
    # every core, one test file per worker: a file's module fixtures (the tiny training chain) are built once
    .venv/bin/python -m pytest -q -p no:cacheprovider -n auto --dist loadfile "${@:2}"
    ;;
  *)
    echo "usage: bash run.sh all|test" >&2
    exit 2
    ;;
esac
