"""The self-contained standard.html in a real browser: headless Chromium renders the cement
standard from a file:// URL (no server, no network), and the rendered DOM must hold the
chapters, the tables, the boundary diagram and the MathML formulas. A screenshot of each
language is kept as a test artifact in $PCRLANG_ARTIFACTS (or the test's tmp_path).

Needs `chromium` (Debian: apt-get install chromium) and a CJK font for the Chinese page
(Debian: fonts-noto-cjk); a math font with an OpenType MATH table makes the formulas look right
(Debian: fonts-dejavu-extra provides DejaVu Math TeX Gyre). Skipped when Chromium is absent.
"""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pcrlang.backends import document
from pcrlang.compiler import compile_file

from helpers import ROOT

CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium fonts-noto-cjk fonts-dejavu-extra); "
                             "the rendered standard.html cannot be checked")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars"]

CHAPTERS = {
    "zh": ["前言", "1范围", "2规范性引用文件", "3术语和定义", "4量化目的", "5量化范围", "6清单分析", "7影响评价", "8结果解释",
           "9报告", "附录 A（规范性）数据收集表", "附录 B（规范性）排放因子", "附录 C（资料性）计算示例", "参考文献"],
    "en": ["Foreword", "1Scope", "2Normative references", "3Terms and definitions", "4Goal of the quantification",
           "5Scope of the quantification", "6Inventory analysis", "7Impact assessment", "8Interpretation of results",
           "9Reporting", "Annex A (normative)Data collection form", "Annex B (normative)Emission factors",
           "Annex C (informative)Worked examples", "Bibliography"],
}


def artifacts(tmp_path: Path) -> Path:
    where = os.environ.get("PCRLANG_ARTIFACTS")
    path = Path(where) if where else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    run = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                         timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    return run


@pytest.fixture(scope="module")
def cement():
    c = compile_file(str(ROOT / "rulesets" / "cement.pcr"))
    assert c.ok
    return c


def write(c, lang: str, tmp_path: Path) -> Path:
    out = tmp_path / f"doc-{lang}"
    document.write(c.ruleset, c.fingerprint, lang, str(out))
    return out / "standard.html"


class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.counts: dict[str, int] = {}
        self.h2: list = []
        self._h2 = False

    def handle_starttag(self, tag, attrs):
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag == "h2":
            self._h2 = True
            self.h2.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self._h2 = False

    def handle_data(self, data):
        if self._h2:
            self.h2[-1] += data


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_browser_renders_chapters_tables_and_mathml(cement, lang, tmp_path):
    page = write(cement, lang, tmp_path)
    dom_text = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    (artifacts(tmp_path) / f"cement-{lang}-dom.html").write_text(dom_text, encoding="utf-8")
    dom = Dom()
    dom.feed(dom_text)
    assert dom.h2 == CHAPTERS[lang]
    rs = cement.ruleset
    assert dom.counts.get("table", 0) >= 1 + len(rs.inputs) + len(rs.contributions) + len(rs.factors) + 3
    blocks = 1 + sum(getattr(s, "role", None) == "quantity" for s in rs.steps) + len(rs.contributions)
    assert dom.counts.get("math", 0) >= blocks
    assert dom.counts.get("mfrac", 0) >= 1 and dom.counts.get("mi", 0) > 20
    assert dom.counts.get("svg") == 1 and dom.counts.get("rect", 0) >= 4
    assert "script" not in dom.counts
    assert re.search(r'<h4 id="clause-7-2-3">', dom_text)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_screenshot_of_the_standard(cement, lang, tmp_path):
    page = write(cement, lang, tmp_path)
    shot = artifacts(tmp_path) / f"cement-{lang}.png"
    if shot.exists():
        shot.unlink()
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,4000", page.as_uri())
    assert shot.exists()
    assert png_size(shot) == (1280, 4000)
    assert shot.stat().st_size > 50_000  # a page of text, tables and a figure, not a blank image


def test_a_cjk_font_is_installed_for_the_chinese_page():
    """Without one, Chromium draws the Chinese standard as boxes (tofu)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        pytest.skip("fontconfig's fc-list is absent; cannot tell which fonts Chromium will find")
    fonts = subprocess.run([fc_list, ":lang=zh-cn", "family"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no Chinese font: apt-get install fonts-noto-cjk"
