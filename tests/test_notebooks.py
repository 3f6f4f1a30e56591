"""Checks on the committed outputs of the curated notebooks, beyond what nbval compares.

nbval re-runs each notebook and compares its outputs with the committed ones, but it
skips images and cannot tell a committed traceback or a machine path from a wanted
output. These tests read the committed ``.ipynb`` files: charts are there, nothing
machine-specific leaked into them, 04 takes its corpus from ``TOOLKIT_CORPUS``, and a
changed number makes nbval fail (the regression test bites).

Regenerate the outputs with ``make notebooks`` after changing the toolkit.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SANITIZE = NOTEBOOKS / "sanitize.cfg"

# notebook -> the least number of charts (image/png outputs) it must hold
CHARTS = {
    "01-quickstart.ipynb": 1,
    "02-who-said-what-about-whom.ipynb": 2,
    "03-claims.ipynb": 1,
    "04-corpus.ipynb": 6,
    "05-audit.ipynb": 0,  # HTML views, no charts
}
ALLOWED_IMPORTS = {"toolkit", "pandas", "matplotlib"}  # plus the standard library

ABSOLUTE_PATH = re.compile(r"(?<![\w.~-])/(?:work|tmp|home|root|Users|var/folders)(?:/|\b)")
MEMORY_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{4,}\b")
PROGRESS_BAR = re.compile(r"\d+%\|.*\||\d+it \[|it/s\]|s/it\]|[█▏▎▍▌▋▊▉]")
TIMING = re.compile(r"Wall time|CPU times|\b\d+(?:\.\d+)?\s?(?:ms|µs|seconds?)\b")


def _load(name: str) -> dict:
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))


def _code_cells(nb: dict) -> list[dict]:
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def cell_source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _text(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def _text_outputs(nb: dict):
    """(cell number, kind, text) of every non-image output of every code cell."""
    for number, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            kind = output["output_type"]
            if kind == "stream":
                yield number, f"stream:{output['name']}", _text(output["text"])
            elif kind == "error":
                yield number, "error", "\n".join([output.get("ename", ""),
                                                  output.get("evalue", ""),
                                                  *output.get("traceback", [])])
            else:
                for mime, data in output.get("data", {}).items():
                    if not mime.startswith("image/"):  # base64 may hold anything
                        yield number, mime, _text(data) if not isinstance(data, dict) \
                            else json.dumps(data)


def _images(nb: dict) -> int:
    return sum("image/png" in output.get("data", {})
               for cell in nb["cells"] for output in cell.get("outputs", []))


def test_every_notebook_is_listed():
    assert sorted(path.name for path in NOTEBOOKS.glob("*.ipynb")) == sorted(CHARTS)


@pytest.mark.parametrize("name", CHARTS)
def test_notebook_is_executed_top_to_bottom(name):
    counts = [cell.get("execution_count") for cell in _code_cells(_load(name))]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{name}: run `make notebooks` so outputs come from one fresh top-to-bottom run")


@pytest.mark.parametrize("name", CHARTS)
def test_notebook_holds_its_charts(name):
    assert _images(_load(name)) >= CHARTS[name], f"{name} lost a chart (image/png output)"


@pytest.mark.parametrize("name", CHARTS)
def test_no_tracebacks_or_warnings_in_outputs(name):
    for number, kind, text in _text_outputs(_load(name)):
        assert kind != "error", f"{name} cell {number}: committed error output"
        assert "Traceback" not in text, f"{name} cell {number}: traceback in output"
        assert kind != "stream:stderr", f"{name} cell {number}: stderr output:\n{text}"


@pytest.mark.parametrize("name", CHARTS)
@pytest.mark.parametrize("pattern", [ABSOLUTE_PATH, MEMORY_ADDRESS, PROGRESS_BAR, TIMING],
                         ids=["absolute-path", "memory-address", "progress-bar", "timing"])
def test_no_machine_specific_outputs(name, pattern):
    for number, kind, text in _text_outputs(_load(name)):
        match = pattern.search(text)
        assert match is None, f"{name} cell {number} ({kind}): {match.group(0)!r} in output"


@pytest.mark.parametrize("name", CHARTS)
def test_no_widget_outputs(name):
    # tqdm.notebook progress bars are widgets; nbval cannot compare them.
    for cell in _load(name)["cells"]:
        for output in cell.get("outputs", []):
            assert not any("widget" in mime for mime in output.get("data", {}))


@pytest.mark.parametrize("name", CHARTS)
def test_notebook_imports_only_toolkit_pandas_matplotlib(name):
    stdlib = set(sys.stdlib_module_names)
    for cell in _code_cells(_load(name)):
        # IPython magics are not Python
        code = "\n".join(line for line in cell_source(cell).splitlines()
                         if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                assert top in ALLOWED_IMPORTS or top in stdlib, f"{name} imports {module}"


@pytest.mark.parametrize("name", CHARTS)
def test_first_code_cell_fixes_display_and_seeds(name):
    first = cell_source(_code_cells(_load(name))[0])
    assert "%matplotlib inline" in first
    assert "display.width" in first and "random.seed" in first


def test_corpus_notebook_reads_toolkit_corpus_in_a_parameter_cell():
    cells = [cell for cell in _code_cells(_load("04-corpus.ipynb"))
             if "parameters" in cell.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, "04-corpus.ipynb needs one cell tagged 'parameters'"
    source = cell_source(cells[0])
    assert 'os.environ.get("TOOLKIT_CORPUS")' in source
    assert '"../seeds"' in source  # the default: the seed, relative to notebooks/
    assert not cells[0].get("outputs"), "the parameter cell should print nothing"


def test_analyze_runs_without_progress_bar_in_every_notebook():
    for name in CHARTS:
        calls = [line for cell in _code_cells(_load(name)) for line in
                 cell_source(cell).splitlines() if "tk.analyze(" in line]
        assert calls and all("progress=False" in line for line in calls), name


def test_nbval_fails_when_a_committed_number_changes(tmp_path):
    """The regression test bites: one changed count in 01's outputs fails nbval.

    The copy of 01 (its first cells, up to the quotes table) is executed afresh first,
    so the test holds while the toolkit's numbers change and the committed outputs
    wait for ``make notebooks``; then the quotes count is changed in the summary and
    nbval must fail on exactly that cell.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOKS / "01-quickstart.ipynb", as_version=4)
    code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    quotes_cell = next(i for i in code if "result.quotes" in cell_source(nb.cells[i]))
    nb.cells = nb.cells[: quotes_cell + 1]

    # The copy sits in a notebooks/ folder next to the seeds, as in the repository,
    # because nbval runs a notebook with its folder as the working directory.
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "seeds").symlink_to(ROOT / "seeds", target_is_directory=True)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path / "notebooks")}}).execute()

    changed = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and "quotes:" in output["text"]:
                old = output["text"]
                output["text"] = re.sub(r"(quotes:\s+)(\d+)",
                                        lambda m: m.group(1) + str(int(m.group(2)) + 1), old)
                changed.append(old != output["text"])
    assert changed == [True], "no quote count in the outputs to change"
    copy = tmp_path / "notebooks" / "01-quickstart.ipynb"
    nbformat.write(nb, copy)

    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-current-env", "--nbval-sanitize-with", str(SANITIZE), str(copy)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    report = run.stdout + run.stderr
    assert run.returncode == 1, report  # 1: tests ran and some failed (not a usage error)
    # exactly the doctored cell failed; the fresh outputs of the others still match
    assert re.search(r"\b1 failed, [1-9]\d* passed\b", report), report
    assert "mismatch 'stdout'" in report and "print(result.summary())" in report, report


def test_audit_notebook_holds_rendered_views_without_script():
    views = [_text(output["data"]["text/html"])
             for cell in _code_cells(_load("05-audit.ipynb"))
             for output in cell.get("outputs", [])
             if "tk-audit" in _text(output.get("data", {}).get("text/html", ""))]
    assert len(views) >= 2, "05-audit should show the seed article and a filtered view"
    for view in views:
        assert 'class="spk' in view and 'class="pop"' in view
        assert "<script" not in view.lower()
