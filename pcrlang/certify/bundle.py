"""`pcr bundle`: the certification bundle of one rule version, and its reproducibility check.

A bundle is a directory:
  sources/        the ruleset and every file it imports, at their paths relative to their common folder
                  (files of pcrlang's standard library under sources/stdlib/, read from there by --check)
  ir.json         the canonical IR (what the fingerprints hash), with both fingerprints
  schema.json     the JSON Schema of the calculator's input, result and error
  doc/zh/, doc/en/  the standard document (index.md, boundary.svg, standard.html)
  calculator.py   the generated Python calculator (speaks --jsonl)
  suite/suite.json  the conformance suite (seed and random cases as given)
  manifest.json   the rule's identity, both fingerprints, the compiler, how the suite was made, and
                  the sha256 of every other file
Everything is built from the sources as written into the bundle, so `--check` can rebuild it
from them and compare byte for byte (a reproducible build), then run the bundled suite through
the bundled calculator.
"""
from __future__ import annotations

import hashlib
import json
import os
import shlex
import sys
from pathlib import Path

from .. import __version__
from ..backends import document
from ..backends.python import generate
from ..backends.schema import schemas
from ..core import serialize
from . import DEFAULT_RANDOM
from . import suite as suites

FORMAT = 1
MANIFEST = "manifest.json"


STDLIB_FOLDER = "stdlib"  # under sources/: the standard library files the rule imports


class BundleError(ValueError):
    """A bundle that cannot be built or checked; the message says why and what to do."""


def sources_of(compilation) -> dict:
    """{relative path: text} of the ruleset and its imports, relative to their common folder;
    files of pcrlang's standard library under stdlib/ (the bundle's copy is what a rebuild reads)."""
    from ..modules import STDLIB
    stdlib = os.path.realpath(STDLIB)
    paths = {os.path.abspath(p): t for p, t in compilation.texts.items() if t is not None}
    entry = os.path.abspath(compilation.path)
    paths.setdefault(entry, compilation.text)

    def in_stdlib(p):
        return os.path.realpath(p).startswith(stdlib + os.sep)
    own = [p for p in paths if not in_stdlib(p)]
    root = os.path.commonpath([os.path.dirname(p) for p in own])
    out = {}
    for p, t in sorted(paths.items()):
        if in_stdlib(p):
            out[Path(STDLIB_FOLDER, os.path.relpath(os.path.realpath(p), stdlib)).as_posix()] = t
        else:
            out[Path(os.path.relpath(p, root)).as_posix()] = t
    return dict(sorted(out.items())), Path(os.path.relpath(entry, root)).as_posix()


def render(directory: Path, entry: str, seed: int, random: int) -> dict:
    """{relative path: bytes} of everything built from the bundle's sources (the manifest excluded)."""
    from ..compiler import compile_file
    stdlib = directory / "sources" / STDLIB_FOLDER
    c = compile_file(str(directory / "sources" / entry), import_path=[str(stdlib)] if stdlib.is_dir() else [])
    if not c.ok or c.ruleset is None:
        errors = [d.message for d in c.diagnostics if d.is_error]
        raise BundleError(f"the ruleset {entry} does not compile ({len(errors)} errors"
                          + (f", first: {errors[0]}" if errors else "") + "); run `pcr check` on it")
    rs, fp, pub = c.ruleset, c.fingerprint, c.publication_fingerprint
    ir_data = serialize.document(rs)
    ir_data.update(fingerprint=fp, publication_fingerprint=pub, compiler=f"pcrlang {__version__}")
    out = {"ir.json": json.dumps(ir_data, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
           "schema.json": json.dumps(schemas(rs), ensure_ascii=False, indent=2) + "\n",
           "calculator.py": generate(rs, fp, pub),
           "suite/suite.json": suites.dumps(suites.build(rs, fp, pub, seed=seed, random=random))}
    for lang in ("zh", "en"):
        for name, text in document.render(rs, fp, lang).items():
            out[f"doc/{lang}/{name}"] = text
    files = {k: v.encode("utf-8") for k, v in out.items()}
    return {"compilation": c, "files": files}


def manifest(c, entry: str, seed: int, random: int, files: dict) -> dict:
    rs = c.ruleset
    return {"pcrlang_bundle": FORMAT,
            "ruleset": {"identifier": rs.identifier, "version": rs.version, "status": rs.status,
                        "title": {"zh": rs.title.zh, "en": rs.title.en}},
            "fingerprint": c.fingerprint, "publication_fingerprint": c.publication_fingerprint,
            "compiler": f"pcrlang {__version__}", "entry": f"sources/{entry}",
            "suite": {"seed": seed, "random": random},
            "files": {path: "sha256:" + hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())}}


def build(compilation, directory: Path, seed: int = 0, random: int = DEFAULT_RANDOM) -> dict:
    """Write the bundle of a compiled ruleset into directory (which must be empty or absent)."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BundleError(f"{directory} is not empty; give a new directory for the bundle")
    texts, entry = sources_of(compilation)
    for path, text in texts.items():
        target = directory / "sources" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    built = render(directory, entry, seed, random)
    files = {f"sources/{p}": (directory / "sources" / p).read_bytes() for p in texts}
    files.update(built["files"])
    for path, data in built["files"].items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    data = manifest(built["compilation"], entry, seed, random, files)
    (directory / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8",
                                      newline="\n")
    return data


def check(directory: Path, timeout: float = 10.0, out=None) -> list:
    """Problems of a bundle (empty: it is intact, rebuilds byte for byte, and its calculator passes
    its suite). Progress goes to `out`."""
    out = out or sys.stderr
    directory = Path(directory)
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        entry, seed, random = data["entry"], data["suite"]["seed"], data["suite"]["random"]
        listed = data["files"]
    except OSError as error:
        raise BundleError(f"cannot read {directory / MANIFEST}: {error.strerror or error}; is it a bundle "
                          "made by `pcr bundle`?") from None
    except (ValueError, KeyError, TypeError) as error:
        raise BundleError(f"{directory / MANIFEST} is not a bundle manifest ({error})") from None
    problems = []
    for path, digest in sorted(listed.items()):
        target = directory / path
        if not target.is_file():
            problems.append(f"{path}: listed in the manifest but missing")
        elif "sha256:" + hashlib.sha256(target.read_bytes()).hexdigest() != digest:
            problems.append(f"{path}: its sha256 differs from the manifest's (changed after the bundle was made)")
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()} - {MANIFEST}
    problems += [f"{p}: not listed in the manifest" for p in sorted(present - set(listed))]
    out.write(f"files: {len(listed)} listed, {len(problems)} problems\n")
    if not entry.startswith("sources/"):
        return problems + [f"the manifest's entry {entry} is not under sources/"]
    try:
        rebuilt = render(directory, entry[len("sources/"):], seed, random)
    except BundleError as error:
        return problems + [str(error)]
    c = rebuilt["compilation"]
    for key, value in (("fingerprint", c.fingerprint), ("publication_fingerprint", c.publication_fingerprint)):
        if data.get(key) != value:
            problems.append(f"the sources have the {key} {value}, the manifest says {data.get(key)}")
    differing = [p for p, b in sorted(rebuilt["files"].items())
                 if not (directory / p).is_file() or (directory / p).read_bytes() != b]
    problems += [f"{p}: rebuilt from the sources, it is not byte-identical" for p in differing]
    out.write(f"rebuilt {len(rebuilt['files'])} files from the sources: "
              f"{'byte-identical' if not differing else f'{len(differing)} differ'}\n")
    problems += _run_suite(directory, timeout, out)
    return problems


def _run_suite(directory: Path, timeout: float, out) -> list:
    from .protocol import ProcessCalculator, Unreachable
    from .verify import verify
    try:
        s = suites.load(str(directory / "suite" / "suite.json"))
    except suites.SuiteError as error:
        return [str(error)]
    calculator = ProcessCalculator(_quote(sys.executable) + " " + _quote(str(directory / "calculator.py")) + " --jsonl")
    try:
        calculator.start()
    except Unreachable as error:
        return [str(error)]
    report = verify(s, calculator, timeout=timeout)
    m = report["summary"]
    out.write(f"suite: {m['passed']}/{m['cases']} cases pass on the bundled calculator\n")
    return [] if m["verdict"] == "pass" else [f"the bundled calculator fails {m['cases'] - m['passed']} of "
                                              f"{m['cases']} cases of the bundled suite"]


def _quote(text: str) -> str:
    return shlex.quote(text)
