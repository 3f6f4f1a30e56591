"""The command line as a new user meets it: file permissions, exit status, --version,
CSV encodings, formula-like cells, write failures that leave nothing behind, and the
audit pages."""

from __future__ import annotations

import ctypes
import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from toolkit import export
from toolkit.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """One article whose title and byline look like spreadsheet formulas, and whose
    speaker's name has a letter outside Latin-1."""
    folder = tmp_path / "in"
    folder.mkdir()
    record = {"id": "story", "title": '=HYPERLINK("http://example.invalid","click")',
              "author": "@handle", "source": "+news", "text":
              "“We will win the match,” said Dragan Stamenković on Monday."}
    (folder / "story.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    return folder


def run_cli(*args: str, preexec_fn=None, tmp: Path) -> subprocess.CompletedProcess:
    """The CLI in a fresh process (for resource limits and privileges)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", MPLCONFIGDIR=str(tmp / "mpl"))
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, preexec_fn=preexec_fn)


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_output_files_honour_the_umask(tmp_path, story, umask):
    out = tmp_path / "out"
    old = os.umask(umask)
    try:
        code = cli_main(["analyze", str(story), "--out", str(out), "--no-progress"])
        assert code == 0
        code = cli_main(["analyze", str(story), "--out", str(out / "more"), "--format", "csv",
                         "--charts", "--no-progress"])
    finally:
        os.umask(old)
    assert code == 0
    paths = files_under(out)
    assert {p.suffix for p in paths} == {".parquet", ".csv", ".png"}
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path.name
    for folder in [out, *(p for p in out.rglob("*") if p.is_dir())]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask, folder.name


# --------------------------------------------------------------------------- exit status


def test_exit_status_1_when_every_input_failed(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 \x00\x01")
    (folder / "blank.txt").write_text("   \n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli_main(["analyze", str(folder), "--out", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "none of the 2 inputs could be analysed" in err
    # what went wrong is written down all the same
    errors = pd.read_parquet(out / "errors.parquet")
    assert errors["article_id"].tolist() == ["scan"]


def test_exit_status_0_with_a_warning_when_some_inputs_failed(tmp_path, story, capsys):
    (story / "scan.pdf").write_bytes(b"%PDF-1.4 \x00\x01")
    assert cli_main(["analyze", str(story), "--out", str(tmp_path / "out"),
                     "--no-progress"]) == 0
    assert "1 of 2 inputs could not be analysed" in capsys.readouterr().err


def test_usage_errors_exit_2_and_help_says_so(tmp_path, story, capsys):
    with pytest.raises(SystemExit) as exc:
        cli_main(["analyze", "--help"])
    assert exc.value.code == 0
    help_text = capsys.readouterr().out
    assert "exit status:" in help_text
    assert "  1  every input failed" in help_text and "  2  usage error" in help_text
    with pytest.raises(SystemExit) as exc:
        cli_main(["analyze", str(story), "--out", str(tmp_path / "o"), "--excel",
                  "--format", "parquet"])
    assert exc.value.code == 2
    assert "--excel writes CSV" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        cli_main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"toolkit {tk.__version__} (whosaid-toolkit)"


# --------------------------------------------------------------------------- CSV and Excel


def test_csv_is_utf8_and_excel_csv_has_a_bom(tmp_path, story):
    plain, excel = tmp_path / "csv", tmp_path / "excel"
    assert cli_main(["analyze", str(story), "--out", str(plain), "--format", "csv",
                     "--no-progress"]) == 0
    assert cli_main(["analyze", str(story), "--out", str(excel), "--excel",
                     "--no-progress"]) == 0
    for name in tk.Analysis.FRAMES:
        data = (plain / f"{name}.csv").read_bytes()
        assert not data.startswith(BOM)
        data.decode("utf-8")  # strict
        assert (excel / f"{name}.csv").read_bytes() == BOM + data
    assert "Stamenković" in (plain / "quotes.csv").read_text(encoding="utf-8")
    quotes = pd.read_csv(excel / "quotes.csv", encoding="utf-8-sig")
    assert quotes["speaker"].tolist() == ["Dragan Stamenković"]


def test_formula_like_cells_neutralised_in_csv_never_in_parquet(tmp_path, story):
    csv_out, parquet_out = tmp_path / "csv", tmp_path / "parquet"
    assert cli_main(["analyze", str(story), "--out", str(csv_out), "--format", "csv",
                     "--no-progress"]) == 0
    assert cli_main(["analyze", str(story), "--out", str(parquet_out), "--no-progress"]) == 0
    kept = pd.read_parquet(parquet_out / "articles.parquet")
    assert kept.loc[0, "title"].startswith("=HYPERLINK(")
    assert kept.loc[0, "byline"] == "@handle"
    table = pd.read_csv(csv_out / "articles.csv", dtype=str, keep_default_na=False)
    assert table.loc[0, "title"] == "'" + kept.loc[0, "title"]
    assert table.loc[0, "byline"] == "'@handle"
    assert table.loc[0, "source"] == "'+news"
    for name in tk.Analysis.FRAMES:  # no text cell of any frame starts a formula
        frame = pd.read_csv(csv_out / f"{name}.csv", dtype=str, keep_default_na=False)
        for column in frame.columns:
            assert not frame[column].str.startswith(export.FORMULA_STARTS).any(), column


@pytest.mark.parametrize("start", export.FORMULA_STARTS)
def test_spreadsheet_safe_prefixes_each_formula_start(start):
    frame = pd.DataFrame({"text": [f"{start}1+1", f"a{start}b", None],
                          "about": [[f"{start}x"], [], []], "n": [-1.5, 2.0, 3.0]})
    before = frame.copy(deep=True)
    safe = export.spreadsheet_safe(frame)
    assert safe["text"].tolist()[:2] == [f"'{start}1+1", f"a{start}b"]
    assert pd.isna(safe["text"].iloc[2])
    assert safe["n"].tolist() == [-1.5, 2.0, 3.0]
    pd.testing.assert_frame_equal(frame, before)


# --------------------------------------------------------------------------- write failures


def test_full_disk_is_a_clear_error_and_leaves_no_file(tmp_path):
    """A file-size limit (what a full disk looks like to the writer) stops the run
    with exit status 1, a message, and nothing in --out."""
    probe = tmp_path / "probe"
    assert cli_main(["analyze", str(SEEDS), "--out", str(probe), "--format", "csv",
                     "--no-progress"]) == 0
    sizes = sorted(p.stat().st_size for p in files_under(probe))
    limit = sizes[len(sizes) // 2]  # the smaller files fit, the larger ones do not
    for existing in (False, True):
        out = tmp_path / f"out-{existing}"
        if existing:
            out.mkdir()
        run = run_cli("analyze", str(SEEDS), "--out", str(out), "--format", "csv",
                      "--no-progress", tmp=tmp_path,
                      preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE,
                                                            (limit, limit)))
        assert run.returncode == 1, run.stderr
        assert "could not write the outputs" in run.stderr
        assert "file-size limit" in run.stderr and "Nothing was written" in run.stderr
        assert "Traceback" not in run.stderr
        assert out.exists() == existing  # a folder we made is removed again
        assert files_under(out) == []
        assert not list(out.glob(".*")) if existing else True


def _without_root_override() -> None:
    # Root ignores file permissions; drop that power (CAP_DAC_OVERRIDE and
    # CAP_DAC_READ_SEARCH from the bounding set) so a read-only folder stays read-only.
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unwritable_out_is_a_clear_error_and_leaves_no_file(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        check = subprocess.run(
            [sys.executable, "-c", f"open({str(locked / 'x')!r}, 'w')"],
            preexec_fn=_without_root_override, capture_output=True, text=True)
        if check.returncode == 0:
            pytest.skip("cannot make a folder unwritable for this user here")
        for out in (locked, locked / "new"):
            run = run_cli("analyze", str(SEEDS), "--out", str(out), "--no-progress",
                          tmp=tmp_path, preexec_fn=_without_root_override)
            assert run.returncode == 1, run.stderr
            assert "could not write the outputs" in run.stderr
            assert "no permission" in run.stderr and "Traceback" not in run.stderr
            assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


# --------------------------------------------------------------------------- pages, charts


def test_html_writes_a_page_per_article_and_an_index(tmp_path, story):
    (story / "second.txt").write_text('"Fine," said Ann Lee.', encoding="utf-8")
    out = tmp_path / "out"
    assert cli_main(["analyze", str(story), "--out", str(out), "--html",
                     "--no-progress"]) == 0
    pages = sorted(p.name for p in (out / "html").iterdir())
    assert pages == ["index.html", "second.html", "story.html"]
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="second.html"' in index and 'href="story.html"' in index
    page = (out / "html" / "story.html").read_text(encoding="utf-8")
    assert 'class="spk' in page and "Dragan Stamenković" in page


def test_charts_with_no_data_are_left_out(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli_main(["analyze", str(SEEDS), "--out", str(out), "--charts",
                     "--no-progress"]) == 0
    charts = sorted(p.stem for p in (out / "charts").iterdir())
    assert "quotes_over_time" not in charts  # the seed is undated
    assert {"who_about_whom", "top_speakers"} <= set(charts)
    assert "left out charts with no data: quotes_over_time" in capsys.readouterr().out


# --------------------------------------------------------------------------- make lab


@pytest.mark.parametrize(("uid", "flag"), [("0", True), ("1000", False)])
def test_make_lab_allows_root(uid, flag):
    run = subprocess.run(["make", "-n", "lab", f"LAB_UID={uid}"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        pytest.skip(f"make unavailable: {run.stderr.strip()}")
    line = next(line for line in run.stdout.splitlines() if "jupyter lab" in line)
    assert ("--allow-root" in line) == flag
