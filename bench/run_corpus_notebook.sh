#!/usr/bin/env bash
# Run notebooks/04-corpus.ipynb on a corpus, outside the test suite, and time it.
#
#   bench/run_corpus_notebook.sh [CORPUS] [OUT.ipynb]
#
# CORPUS defaults to ../shared/corpora/wikinews/articles.jsonl (relative to the
# repository root); OUT defaults to bench/out/04-corpus-<name>.ipynb (bench/out/ is
# git-ignored). The executed copy holds that corpus's outputs: never commit it over
# notebooks/04-corpus.ipynb, whose committed outputs are the seed's (nbval compares
# them). The PNG charts are extracted next to OUT (OUT without .ipynb, plus -N.png)
# so they can be looked at without opening JupyterLab.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${1:-$ROOT/../shared/corpora/wikinews/articles.jsonl}"
[ -e "$CORPUS" ] || { echo "no such corpus: $CORPUS" >&2; exit 2; }
CORPUS="$(cd "$(dirname "$CORPUS")" && pwd)/$(basename "$CORPUS")"  # absolute: the kernel runs in notebooks/
NAME="$(basename "${CORPUS%.*}")"
[ "$NAME" = "articles" ] && NAME="$(basename "$(dirname "$CORPUS")")"
OUT="${2:-$ROOT/bench/out/04-corpus-$NAME.ipynb}"
mkdir -p "$(dirname "$OUT")"
OUT="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"

echo "corpus: $CORPUS"
echo "output: $OUT"
rm -f "$OUT"
# Wall time, and CPU time of nbconvert and its kernel: on a shared machine the wall
# time also counts other people's work.
TIMEFORMAT='executed 04-corpus.ipynb in %1R s wall (%1U s user + %1S s sys CPU)'
time {
    TOOLKIT_CORPUS="$CORPUS" "$ROOT/.venv/bin/jupyter" nbconvert --to notebook --execute \
        --ExecutePreprocessor.timeout=3600 --ExecutePreprocessor.record_timing=False \
        --output "$OUT" "$ROOT/notebooks/04-corpus.ipynb" 2>&1 | grep -v "without encryption" || true
}
[ -s "$OUT" ] || { echo "the notebook did not run to the end" >&2; exit 1; }

# Extract the charts, and fail if any cell raised.
"$ROOT/.venv/bin/python" - "$OUT" <<'PY'
import base64, json, sys
from pathlib import Path

out = Path(sys.argv[1])
nb = json.loads(out.read_text(encoding="utf-8"))
n = 0
for cell in nb["cells"]:
    for output in cell.get("outputs", []):
        if output["output_type"] == "error":
            sys.exit(f"error in a cell: {output['ename']}: {output['evalue']}")
        png = output.get("data", {}).get("image/png")
        if png:
            n += 1
            path = out.with_name(f"{out.stem}-{n}.png")
            path.write_bytes(base64.b64decode(png))
            print("chart:", path)
print(f"{n} charts")
PY
