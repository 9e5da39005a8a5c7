#!/bin/sh
# Score extraction against the corpus labels (needs ../shared/corpus next to the repo's parent).
CORPUS=${CORPUS:-/work/shared/corpus}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PY=${PY:-/work/main/.venv/bin/python}
cd "$CORPUS" && "$PY" ../tools/eval_extract.py labels . --cmd "env PYTHONPATH=$HERE $PY $HERE/bench/extract_page.py" "$@"
