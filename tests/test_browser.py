"""The audit pages in a real browser: headless Chromium renders a generated page; the
highlighted quotes and the speaker pop-ups are in the rendered DOM, the pop-up is drawn
when its speaker is the target, and an article's ``<script>`` runs nothing.

Needs Chromium (Debian: ``apt-get install chromium``; ``.ci/run`` installs it). Without
one the tests are skipped with a message saying so. Set ``TOOLKIT_BROWSER`` to use
another Chromium-based browser binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from html_dom import Tree

from toolkit import show
from toolkit.analysis import Analysis

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")
POPUP_RGB = (0xFF, 0xFB, 0xE6)  # the pop-up's background in toolkit.show.CSS


def find_browser() -> str | None:
    explicit = os.environ.get("TOOLKIT_BROWSER")
    if explicit:
        return shutil.which(explicit) or (explicit if Path(explicit).is_file() else None)
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


BROWSER = find_browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no headless browser: install Debian's chromium (apt-get install chromium; "
           ".ci/run does this) or set TOOLKIT_BROWSER to a Chromium binary")


def chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    run = subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    return run


def dom(tmp_path: Path, page: Path, fragment: str = ""):
    run = chromium(tmp_path, page.as_uri() + fragment, "--dump-dom")
    return Tree(run.stdout).root


def screenshot(tmp_path: Path, page: Path, name: str, fragment: str = "") -> Path:
    path = tmp_path / name
    chromium(tmp_path, page.as_uri() + fragment, f"--screenshot={path}",
             "--window-size=1100,1400")
    assert path.is_file() and path.stat().st_size > 0
    return path


def popup_pixels(png: Path) -> int:
    from PIL import Image

    with Image.open(png) as image:
        colors = image.convert("RGB").getcolors(maxcolors=1 << 24)
    return sum(count for count, color in colors if color == POPUP_RGB)


@pytest.fixture(scope="module")
def seed_pages(tmp_path_factory, seed_analysis) -> tuple[Path, Analysis]:
    folder = tmp_path_factory.mktemp("pages")
    paths = show.write_pages(seed_analysis, folder)
    return paths[0], seed_analysis


def test_quotes_and_speaker_popups_are_in_the_rendered_dom(tmp_path, seed_pages):
    page, result = seed_pages
    tree = dom(tmp_path, page)
    (text,) = tree.find_all("div", "text")
    quotes = {n.attrs["data-quote"] for n in text.find_all("span", "q")}
    assert quotes == set(result.quotes["quote_id"])
    kinds = {c for n in text.find_all("span", "q") for c in n.classes if c.startswith("q-")}
    assert kinds == {f"q-{k}" for k in result.quotes["kind"]}
    links = text.find_all("a", "spk")
    assert links and all(len(link.find_all("span", "pop")) == 1 for link in links)
    served = {q for link in links for q in link.attrs["data-quotes"].split()}
    assert served == set(result.quotes.dropna(subset=["speaker_start"])["quote_id"])
    speakers = {link.find_all("span", "pop")[0].find_all("b")[0].text() for link in links}
    assert speakers == set(result.quotes["speaker"].dropna())
    assert text.text(skip="pop") == result.articles.loc[0, "text"]


def test_speaker_popup_is_drawn_and_a_screenshot_is_saved(tmp_path, seed_pages):
    page, _ = seed_pages
    tree = dom(tmp_path, page)
    first = tree.find_all("div", "text")[0].find_all("a", "spk")[0].attrs["id"]
    plain = screenshot(tmp_path, page, "seed.png")
    opened = screenshot(tmp_path, page, "seed-speaker-popup.png", f"#{first}")
    assert popup_pixels(plain) == 0  # pop-ups hidden until hovered, focused or targeted
    assert popup_pixels(opened) > 500  # the pop-up box of the targeted speaker is drawn


HOSTILE = ("<script>alert(1)</script>"
           "<script>document.body.setAttribute('data-pwned', '1')</script>"
           '<img src="x" onerror="document.body.setAttribute(\'data-pwned\', \'2\')"> '
           '"We will win," said Jane Smith.')


def test_an_article_with_a_script_shows_it_and_runs_nothing(tmp_path):
    import pandas as pd

    import toolkit as tk

    result = tk.analyze(pd.DataFrame({"article_id": ["x"], "title": ["<script>alert(1)</script>"],
                                      "text": [HOSTILE]}))
    (page, _index) = show.write_pages(result, tmp_path / "html")
    tree = dom(tmp_path, page)
    (body,) = tree.find_all("body")
    assert "data-pwned" not in body.attrs
    assert not tree.find_all("script") and not tree.find_all("img")
    (text,) = tree.find_all("div", "text")
    assert text.text(skip="pop") == HOSTILE  # shown, character for character
    assert "<script>alert(1)</script>" in text.text()
    assert tree.find_all("title")[0].text() == "<script>alert(1)</script>"
    screenshot(tmp_path, page, "hostile.png")
