"""The site works offline and from mainland China: no CDN, no web fonts from outside.

An mkdocs hook (mkdocs.yml `hooks:`) that copies MathJax into the built site after the build, so
formulas render with the network off. MathJax is not committed: the pinned release is fetched once
with the npm client (`npm pack mathjax@VERSION`, the package's own registry), its sha512 checked
against the integrity pinned here, and cached under $XDG_CACHE_HOME/pcrlang (or ~/.cache/pcrlang).
Only what the pages use is copied (the combined TeX+MathML component with CommonHTML output,
its woff-v2 fonts and the licence, Apache-2.0): about 1.5 MB.

The theme's fonts are off (`theme.font: false`, system fonts instead of Google Fonts); search
runs in the browser from the site's own index (Chinese is segmented by jieba at build time, see
the search plugin's `separator` in mkdocs.yml).

Also usable without mkdocs: `python -m tools.sitegen.offline SITE_DIR`.
"""
from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

MATHJAX_VERSION = "3.2.2"
MATHJAX_INTEGRITY = "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
TARGET = "assets/mathjax"  # under the site directory; mkdocs.yml's extra_javascript names the script there
SCRIPT = "tex-mml-chtml.js"
_MEMBERS = ("package/LICENSE", f"package/es5/{SCRIPT}")
_FONTS = "package/es5/output/chtml/fonts/woff-v2/"


class OfflineError(RuntimeError):
    pass


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pcrlang"


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def mathjax_tarball() -> Path:
    """The pinned MathJax package, from the cache or fetched with `npm pack`; its hash is checked."""
    where = cache_dir()
    tarball = where / f"mathjax-{MATHJAX_VERSION}.tgz"
    if tarball.exists() and _integrity(tarball) == MATHJAX_INTEGRITY:
        return tarball
    npm = shutil.which("npm")
    if npm is None:
        raise OfflineError(f"the site vendors MathJax {MATHJAX_VERSION}: install npm (Debian: apt-get install npm) "
                           f"or put mathjax-{MATHJAX_VERSION}.tgz into {where}")
    where.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([npm, "pack", f"mathjax@{MATHJAX_VERSION}", "--silent"], cwd=tmp, capture_output=True,
                              text=True, timeout=300)
        got = Path(tmp) / f"mathjax-{MATHJAX_VERSION}.tgz"
        if done.returncode != 0 or not got.exists():
            raise OfflineError(f"npm pack mathjax@{MATHJAX_VERSION} failed: {done.stderr.strip()}")
        if _integrity(got) != MATHJAX_INTEGRITY:
            raise OfflineError(f"mathjax-{MATHJAX_VERSION}.tgz does not match the pinned sha512")
        shutil.move(str(got), tarball)
    return tarball


def vendor_mathjax(site_dir: str | os.PathLike) -> list:
    """Copy MathJax's script, fonts and licence into SITE_DIR/assets/mathjax; returns the files."""
    out = Path(site_dir) / TARGET
    written = []
    with tarfile.open(mathjax_tarball(), "r:gz") as tar:
        for member in tar.getmembers():
            name = member.name
            if not member.isfile():
                continue
            if name in _MEMBERS:
                rel = Path(name).name
            elif name.startswith(_FONTS) and name.endswith(".woff"):
                rel = "output/chtml/fonts/woff-v2/" + Path(name).name
            else:
                continue
            dest = out / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src:
                dest.write_bytes(src.read())
            written.append(dest)
    if not any(p.name == SCRIPT for p in written):
        raise OfflineError(f"{SCRIPT} is missing from the MathJax package")
    return written


# ---- the mkdocs hook -------------------------------------------------------------------------------
def on_post_build(config, **kwargs) -> None:
    try:
        vendor_mathjax(config["site_dir"])
    except OfflineError as e:  # the build must not pass with formulas left as raw TeX
        from mkdocs.exceptions import PluginError
        raise PluginError(str(e)) from None


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tools.sitegen.offline SITE_DIR")
    for path in vendor_mathjax(sys.argv[1]):
        print(path)
