"""The documentation site offline: built strictly, it loads nothing from outside (no CDN, no web
fonts), its formulas render with the network off, and Chinese search finds Chinese words.

The site is built once (mkdocs build --strict, with the hook tools/sitegen/offline.py that
vendors MathJax), served on 127.0.0.1 and opened in headless Chromium with every other host
unresolvable (--host-resolver-rules). Screenshots go to $PCRLANG_ARTIFACTS/site/.
Skipped without mkdocs or Chromium; the MathJax package comes from the npm client the first time
(then from the cache).
"""
from __future__ import annotations

import html
import http.server
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from helpers import ROOT

CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None,
                       reason="mkdocs-material is not installed (pip install -e '.[docs]')"),
]
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
OFFLINE = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
           # nothing but this machine resolves: any CDN or font host would fail, as offline
           "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
WAIT = 12  # seconds a page is kept loading (search runs in a worker, in real time)


def artifacts() -> Path:
    where = Path(os.environ.get("PCRLANG_ARTIFACTS") or ROOT / "test-artifacts") / "site"
    where.mkdir(parents=True, exist_ok=True)
    return where


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], capture_output=True,
                         text=True, cwd=ROOT, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


class _Server:
    """The built site on 127.0.0.1; /__wait answers after WAIT seconds, so a page that loads it
    stays loading while the search worker builds its index."""

    def __init__(self, root: Path):
        directory = str(root)

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **k):
                super().__init__(*a, directory=directory, **k)

            def log_message(self, *a):
                pass

            def do_GET(self):
                parsed = urllib.parse.urlparse(self.path)
                if parsed.path == "/__wait":
                    time.sleep(WAIT)
                    self.send_response(204)
                    self.end_headers()
                    return
                if parsed.query and "wait" in urllib.parse.parse_qs(parsed.query):
                    page = Path(directory) / parsed.path.lstrip("/") / "index.html"
                    body = page.read_bytes().replace(b"</body>", b'<img src="/__wait" alt=""></body>')
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.end_headers()
                    self.wfile.write(body)
                    return
                return super().do_GET()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"


@pytest.fixture(scope="module")
def server(site):
    s = _Server(site)
    yield s
    s.httpd.shutdown()


def chromium(*args, timeout=120) -> str:
    return subprocess.run([CHROMIUM, *OFFLINE, *args], capture_output=True, text=True, timeout=timeout).stdout


# ---- nothing from outside ------------------------------------------------------------------------
_EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", re.I)


def test_the_site_loads_nothing_from_outside(site):
    offenders = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        for m in _EXTERNAL.finditer(text):
            offenders.append(f"{page.relative_to(site)}: {text[m.start():m.end() + 60]}")
        for host in ("fonts.googleapis", "fonts.gstatic", "unpkg.com", "cdn.jsdelivr", "cdnjs"):
            if host in text:
                offenders.append(f"{page.relative_to(site)}: {host}")
    for css in site.rglob("*.css"):
        if re.search(r"@import\s+url\(\s*['\"]?https?:", css.read_text(encoding="utf-8", errors="replace")):
            offenders.append(str(css.relative_to(site)))
    assert not offenders, offenders[:10]
    assert (site / "assets" / "mathjax" / "tex-mml-chtml.js").stat().st_size > 500_000
    assert (site / "assets" / "mathjax" / "LICENSE").is_file()
    assert len(list((site / "assets" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))) >= 20


# ---- formulas render with the network off ------------------------------------------------------------
@needs_browser
@pytest.mark.parametrize("page", ["rulesets/cement/zh/", "rulesets/lithium_ion_battery/en/"])
def test_formulas_render_offline(site, server, page):
    dom = chromium("--virtual-time-budget=15000", "--dump-dom", server.url(page))
    assert dom.count("<mjx-container") >= 5, "MathJax typeset no formula"
    # no formula is left as raw TeX: every arithmatex element holds MathJax output
    raw = re.findall(r'<(?:div|span) class="arithmatex">\s*(\\\[|\\\(|\$\$)', dom)
    assert not raw, f"{len(raw)} formulas shown as raw TeX"
    name = page.strip("/").replace("/", "-")
    (artifacts() / f"{name}-dom.html").write_text(dom, encoding="utf-8")
    shot = artifacts() / f"{name}.png"
    chromium("--virtual-time-budget=15000", "--window-size=1280,2400", f"--screenshot={shot}", server.url(page))
    assert shot.stat().st_size > 20_000


# ---- Chinese search ----------------------------------------------------------------------------------------
def pages_containing(site: Path, word: str) -> set:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages: dict = {}
    for d in index["docs"]:
        loc = d["location"].split("#")[0]
        pages[loc] = pages.get(loc, "") + d["title"] + " " + d["text"]
    return {p for p, t in pages.items() if word in re.sub(r"[\u200b\s]", "", html.unescape(t))}


@needs_browser
@pytest.mark.parametrize("word", ["碳足迹", "排放因子"])
def test_chinese_search_finds_the_pages_that_contain_the_word(site, server, word):
    """Material's search with the site's own index (jieba-segmented), in the browser, offline: it
    finds at least 90 % of the pages whose text contains the word, and what it lists contains it."""
    containing = pages_containing(site, word)
    assert len(containing) >= 5
    url = server.url("") + "?wait=1&q=" + urllib.parse.quote(word)
    dom = chromium("--virtual-time-budget=5000", "--dump-dom", url, timeout=WAIT + 120)
    meta = re.search(r'class="md-search-result__meta"[^>]*>\s*([0-9]+)', dom)
    assert meta, "no search result count: " + (re.search(r'md-search-result__meta[^>]*>([^<]*)', dom) or [""])[0]
    found = int(meta.group(1))
    listed = {urllib.parse.urlparse(urllib.parse.urljoin(url, h)).path.lstrip("/").split("#")[0]
              for h in re.findall(r'<li class="md-search-result__item">.*?<a href="([^"]+)"', dom, re.S)}
    assert listed and listed <= containing | {""}, listed - containing
    rate = found / len(containing)
    (artifacts() / f"search-{word}.txt").write_text(
        f"{word}: {found} matching documents, {len(containing)} pages contain it, rate {rate:.0%}\n", encoding="utf-8")
    assert rate >= 0.9, f"{word}: found {found} of {len(containing)} pages"
