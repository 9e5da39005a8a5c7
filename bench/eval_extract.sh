#!/bin/sh
# Score `headlines extract` against the corpus's labelled pages.
# Usage: bench/eval_extract.sh CORPUS_DIR   (the folder holding labels/ and html/)
set -eu
CORPUS=${1:?usage: bench/eval_extract.sh CORPUS_DIR}
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$CORPUS"
exec "$HERE/.venv/bin/python" ../tools/eval_extract.py labels . --cmd "$HERE/.venv/bin/headlines extract"
