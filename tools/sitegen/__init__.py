"""Generate the documentation site's generated pages: the diagnostics catalogue, the ruleset
catalogue (with the Rulesets section of the mkdocs.yml navigation) and the unit, gas and boundary
tables of the language reference. Run `python -m tools.sitegen` from the repository root after
changing a diagnostic, a ruleset, a unit or the document backend; `python -m tools.sitegen --check`
says whether the committed files are up to date (a test does the same).

Generated Markdown is written to disk (docs/diagnostics.md, docs/rulesets/) rather than produced
by an mkdocs plugin, so the site builds with plain mkdocs and any successor that reads Markdown.
The generator is a tool of the repository, not part of the installed package; the example
snippets of the diagnostics catalogue are data files in examples/.

  common.py       the repository root, the note on every generated page
  diagnostics.py  docs/diagnostics.md, from one example per diagnostic code (examples/)
  errors.py       docs/errors.md, the run-time error catalogue
  rulesets.py     docs/rulesets/: each ruleset's standard document, source and coverage
  reference.py    the generated tables of docs/language.md
  nav.py          the Rulesets section of mkdocs.yml
"""
from __future__ import annotations

import argparse
from pathlib import Path

from .common import GENERATED_NOTE, ROOT
from .errors import errors_page
from .diagnostics import DIAGNOSTIC_EXAMPLES, MINIMAL, Example, Outcome, diagnostics_page, run_example
from .nav import NAV_BEGIN, NAV_END, _yaml, fill_nav, short_title
from .reference import REGION_PAGES, fill_regions
from .rulesets import ruleset_pages

__all__ = ["DIAGNOSTIC_EXAMPLES", "GENERATED_NOTE", "MINIMAL", "NAV_BEGIN", "NAV_END", "ROOT", "Example", "Outcome",
           "existing", "generate", "main", "run_example", "short_title", "stale", "write", "_yaml"]


# ---- the whole set ------------------------------------------------------------------------
# Paths are relative to the project root (the directory of mkdocs.yml).
GENERATED_DIRS = ("docs/rulesets",)  # every file below these is generated
GENERATED_FILES = ("docs/diagnostics.md", "docs/zh/diagnostics.md", "docs/errors.md")
REGION_FILES = tuple("docs/" + p for p in REGION_PAGES) + ("mkdocs.yml",)


def generate(root: Path = ROOT) -> dict[str, bytes]:
    """Every generated file (or file with generated regions), by path relative to the root."""
    pages = {"docs/diagnostics.md": diagnostics_page().encode("utf-8"),
             "docs/zh/diagnostics.md": diagnostics_page("zh").encode("utf-8"),
             "docs/errors.md": errors_page().encode("utf-8")}
    pages.update({"docs/" + k: v for k, v in ruleset_pages().items()})
    for name in REGION_FILES:
        path = root / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            pages[name] = (fill_nav(text) if name == "mkdocs.yml" else fill_regions(text)).encode("utf-8")
    return dict(sorted(pages.items()))


def existing(root: Path = ROOT) -> dict[str, bytes]:
    """The generated files as they are on disk."""
    out = {}
    for name in GENERATED_FILES + REGION_FILES:
        if (root / name).is_file():
            out[name] = (root / name).read_bytes()
    for d in GENERATED_DIRS:
        for p in sorted((root / d).rglob("*")):
            if p.is_file():
                out[p.relative_to(root).as_posix()] = p.read_bytes()
    return out


def stale(root: Path = ROOT) -> list[str]:
    """Generated files that differ from what generation gives, are missing, or are left over."""
    want, have = generate(root), existing(root)
    return sorted(k for k in set(want) | set(have) if want.get(k) != have.get(k))


def write(root: Path = ROOT) -> list[str]:
    """Regenerate: write what changed, remove what generation no longer gives."""
    want, have = generate(root), existing(root)
    changed = []
    for rel in sorted(set(have) - set(want)):
        (root / rel).unlink()
        changed.append(rel)
    for rel, content in want.items():
        if have.get(rel) != content:
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            changed.append(rel)
    for d in GENERATED_DIRS:  # empty directories left by removed rulesets
        for p in sorted((root / d).rglob("*"), reverse=True):
            if p.is_dir() and not any(p.iterdir()):
                p.rmdir()
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.sitegen", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=str(ROOT),
                        help="the directory holding mkdocs.yml and docs/ (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="only report stale generated files; exit 1 if any")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if args.check:
        files = stale(root)
        for f in files:
            print(f"stale: {f}")
        if files:
            print("run `python -m tools.sitegen` to regenerate")
        return 1 if files else 0
    for f in write(root):
        print(f"wrote {f}")
    return 0
