"""The `pcr` command line: check, compile, calc, test, schema, ir, doc, form, migrate, batch."""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

from . import __version__


def _paths(paths: list[str]) -> list[str]:
    """Files named, and every .pcr file under directories named (sorted)."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in sorted(os.walk(p)):
                out.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(".pcr"))
        else:
            out.append(p)
    return out


def _report(compilation, fmt: str, stream, notes: bool = True) -> None:
    from .diagnostics import render_all
    if fmt == "text":
        wanted = [d for d in compilation.diagnostics if notes or d.is_error or d.is_warning]
        for block in render_all(wanted, compilation.text_of):  # at most 200 per file
            stream.write(block + "\n\n")


def _imports(args) -> dict:
    """Where imports are looked for and whether they are confined (see pcrlang/modules.py)."""
    return {"import_path": getattr(args, "import_path", None) or None,
            "allow_any_import": True if getattr(args, "trust_imports", False) else None}


def cmd_check(args) -> int:
    from .compiler import compile_file
    from .diagnostics import Diagnostic
    from .source import visible
    results = [compile_file(p, **_imports(args)) for p in _paths(args.paths)]
    all_diagnostics: list[Diagnostic] = [d for r in results for d in r.diagnostics]
    errors = sum(d.is_error for d in all_diagnostics)
    warnings = sum(d.is_warning for d in all_diagnostics)
    if args.format == "json":
        json.dump({"files": [{"path": visible(r.path), "ok": r.ok, "fingerprint": r.fingerprint,
                              "diagnostics": [d.as_dict() for d in r.diagnostics]} for r in results],
                   "errors": errors, "warnings": warnings}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for r in results:
            _report(r, "text", sys.stderr, notes=args.notes)
        for r in results:
            status = "ok" if r.ok and not (args.strict and any(d.is_warning for d in r.diagnostics)) else "FAILED"
            notes = sum(not d.is_error and not d.is_warning for d in r.diagnostics)
            sys.stdout.write(f"{visible(r.path)}: {status} ({sum(d.is_error for d in r.diagnostics)} errors, "
                             f"{sum(d.is_warning for d in r.diagnostics)} warnings"
                             f"{f', {notes} notes' if notes else ''})"
                             f"{'  ' + r.fingerprint if r.fingerprint else ''}\n")
    if errors or (args.strict and warnings) or not results:
        return 1
    return 0


def _compile_one(path: str, run_examples: bool = True, args=None):
    from .compiler import compile_file
    from .source import visible
    compilation = compile_file(path, run_examples=run_examples, **_imports(args))
    if compilation.ok and compilation.ruleset is None:
        sys.stderr.write(f"{visible(path)}: a library has no calculator; import it from a ruleset\n")
        return None
    if not compilation.ok:
        _report(compilation, "text", sys.stderr)
        sys.stderr.write(f"{visible(path)}: not compiled, {sum(d.is_error for d in compilation.diagnostics)} errors\n")
        return None
    return compilation


def _write(text: str, output: str | None) -> None:
    if output in (None, "-"):
        sys.stdout.write(text)
    else:
        with open(output, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


def cmd_compile(args) -> int:
    """A standalone calculator: a Python module (the default), an ES module and, beside it, its
    TypeScript declarations (--target js), or the SQL `pcr batch` runs (--target sql)."""
    target = getattr(args, "target", "python")
    if target == "sql":
        return cmd_compile_sql(args)
    js = target == "js"
    if js:
        from .backends.js import declarations, generate
    else:
        from .backends.python import generate
    c = _compile_one(args.ruleset, args=args)
    if c is None:
        return 1
    _write(generate(c.ruleset, c.fingerprint), args.output)
    if args.output not in (None, "-"):
        written = args.output
        if js:
            types = _declarations_path(args.output)
            _write(declarations(c.ruleset), types)
            written += f" and {types}"
        _wrote(written, c)
    return 0


def _declarations_path(output: str) -> str:
    """The TypeScript declarations beside a module, named as TypeScript looks for them:
    calc.mjs -> calc.d.mts, calc.js -> calc.d.ts, calc.cjs -> calc.d.cts."""
    base, ext = os.path.splitext(output)
    return base + {".mjs": ".d.mts", ".cjs": ".d.cts"}.get(ext, ".d.ts")


def _wrote(what: str, c) -> None:
    sys.stderr.write(f"wrote {what} ({c.ruleset.identifier} {c.ruleset.version}, {c.fingerprint})\n")


def cmd_form(args) -> int:
    """The data-entry page: one self-contained HTML file running the JavaScript calculator."""
    from .backends.js.form import form
    c = _compile_one(args.ruleset, args=args)
    if c is None:
        return 1
    _write(form(c.ruleset, c.fingerprint, args.lang), args.output)
    if args.output not in (None, "-"):
        _wrote(args.output, c)
    return 0


def cmd_compile_sql(args) -> int:
    """The SQL `pcr batch` runs (pcrlang/backends/sql): for the columns of --input, or for a
    relation `input` whose columns are the rule's inputs."""
    from .batch import BatchError
    from .batch.duck import sql_for
    from .batch.formats import check_input, format_of
    c = _compile_one(args.ruleset, run_examples=False)
    if c is None:
        return 1
    try:
        if args.input is not None:
            check_input(args.input)
        text = sql_for(c, args.input, format_of(args.input) if args.input else None, args.dialect)
    except BatchError as error:
        sys.stderr.write(f"pcr compile: {error.message}\n")
        return error.status
    _write(text + "\n", args.output)
    return 0


def cmd_batch(args) -> int:
    """Every record of INPUT through the rule, into OUTPUT (docs/batch.md). Exit 0 when the batch
    ran (refused records are data, counted in the summary), 1 when the ruleset has errors,
    2 for a usage or input problem, 4 when the engine fails."""
    from .batch import BatchError, describe, run_batch
    from .batch.progress import Progress
    c = _compile_one(args.ruleset, run_examples=False)
    if c is None:
        return 1
    progress = Progress(enabled=False if args.quiet else None)
    try:
        result = run_batch(c, args.input, args.output, engine=args.engine, in_fmt=args.input_format,
                           out_fmt=args.output_format, master=args.master, progress=progress, threads=args.threads)
    except BatchError as error:
        sys.stderr.write(f"pcr batch: {error.message}\n")
        return error.status
    if not args.quiet:
        sys.stderr.write(f"wrote {args.output}: {describe(result, args.engine)}\n")
    return 0


def _load_json(path: str):
    """JSON inputs read as every calculator reads them (pcrlang/semantics/runtime.py: read_json)."""
    from .semantics.runtime import CalculationError, read_json, refuse
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as error:
        try:
            refuse("invalid_json", "read", path=path, detail=error.strerror or str(error))
        except CalculationError as refused:
            return None, refused, 2  # a usage error: no such file
    try:
        return read_json(data), None, 0
    except CalculationError as refused:
        return None, refused, 3


def _refused(error, status: int = 3) -> int:
    """A refused calculation as JSON on stdout; exit 3 (2 is a usage error)."""
    from .semantics.runtime import write_json
    write_json(error.as_dict(), sys.stdout)
    return status


def cmd_calc(args) -> int:
    from .interpret import CalculationError, calculate, to_json_numbers
    from .semantics.runtime import write_json
    c = _compile_one(args.ruleset, run_examples=False, args=args)
    if c is None:
        return 1
    percent = None
    if args.sensitivity is not None:
        percent = _percent(args.sensitivity)
        if percent is None:
            sys.stderr.write(f"pcr calc: --sensitivity takes a percentage above 0 and below 100, not "
                             f"{args.sensitivity!r}\n")
            return 2
    raw, problem, status = _load_json(args.input)
    if problem:
        return _refused(problem, status)
    try:
        if percent is not None:
            from .sensitivity import analyse
            result = analyse(c.ruleset, raw, c.fingerprint, percent) if isinstance(raw, dict) else \
                calculate(c.ruleset, raw, c.fingerprint)
        else:
            result = calculate(c.ruleset, raw, c.fingerprint)
    except CalculationError as error:
        return _refused(error)
    write_json(to_json_numbers(result), sys.stdout)
    return 0


def _percent(text: str):
    from fractions import Fraction
    try:
        p = Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None
    return p if 0 < p < 100 else None


def cmd_test(args) -> int:
    """Examples through the interpreter (as `check` does) and through the compiled calculator."""
    from .backends.python import generate
    failed = 0
    for path in _paths(args.paths):
        c = _compile_one(path, args=args)
        if c is None:
            failed += 1
            continue
        interpreter_failures = [d for d in c.diagnostics if d.is_error]
        for d in interpreter_failures:
            sys.stdout.write(f"interpreter: {d.message}\n")
        with tempfile.TemporaryDirectory() as tmp:
            calc = os.path.join(tmp, "calculator.py")
            with open(calc, "w", encoding="utf-8") as f:
                f.write(generate(c.ruleset, c.fingerprint))
            run = subprocess.run([sys.executable, calc, "--selftest"], capture_output=True, text=True)
        calculator_ok = run.returncode == 0
        ok = calculator_ok and not interpreter_failures
        n = len(c.ruleset.examples)
        sys.stdout.write(f"{path}: {n} examples; interpreter {'ok' if not interpreter_failures else 'FAILED'}; "
                         f"calculator {'ok' if calculator_ok else 'FAILED'}\n")
        if not calculator_ok:
            sys.stdout.write("".join("    " + line + "\n" for line in (run.stdout + run.stderr).splitlines()))
        failed += not ok
    return 1 if failed else 0


def cmd_schema(args) -> int:
    from .backends.schema import schemas
    c = _compile_one(args.ruleset, run_examples=False, args=args)
    if c is None:
        return 1
    all_schemas = schemas(c.ruleset)
    chosen = all_schemas if args.part == "all" else all_schemas[args.part]
    _write(json.dumps(chosen, ensure_ascii=False, indent=2) + "\n", args.output)
    return 0


def cmd_ir(args) -> int:
    from .core import serialize
    if args.schema:
        from .core.schema import ir_schema
        _write(json.dumps(ir_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n", args.output)
        return 0
    if args.ruleset is None:
        sys.stderr.write("pcr ir: give a ruleset, or --schema\n")
        return 2
    c = _compile_one(args.ruleset, run_examples=False, args=args)
    if c is None:
        return 1
    data = serialize.document(c.ruleset)
    data["fingerprint"] = c.fingerprint
    data["publication_fingerprint"] = c.publication_fingerprint
    data["compiler"] = f"pcrlang {__version__}"
    _write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", args.output)
    return 0


def cmd_doc(args) -> int:
    from .backends import document
    c = _compile_one(args.ruleset, args=args)
    if c is None:
        return 1
    fmt = args.format
    try:
        if fmt == "site":
            paths = document.write(c.ruleset, c.fingerprint, args.lang, args.output)
        else:
            if fmt == "docx":
                data = document.render_docx(c.ruleset, c.fingerprint, args.lang)
            else:
                from .backends.document.pdf import PdfUnavailable
                try:
                    data = document.render_pdf(c.ruleset, c.fingerprint, args.lang)
                except PdfUnavailable as e:
                    sys.stderr.write(f"pcr doc: {e}\n")
                    return 1
            path = args.output
            if os.path.isdir(path):
                stem = re.sub(r"[^A-Za-z0-9._-]+", "_", c.ruleset.identifier).strip("_") or "standard"
                path = os.path.join(path, f"{stem}.{args.lang}.{fmt}")
            with open(path, "wb") as f:
                f.write(data)
            paths = [path]
    except OSError as e:
        sys.stderr.write(f"pcr doc: cannot write {e.filename or args.output}: {e.strerror}\n")
        return 1
    sys.stderr.write(f"wrote {', '.join(paths)} ({c.ruleset.identifier} {c.ruleset.version}, {args.lang})\n")
    return 0


def cmd_migrate(args) -> int:
    """Rewrite deprecated constructs: a unified diff by default, the files with --write.
    Exit 0 when nothing is left to rewrite, 1 when a diff is shown, 2 when a file cannot be read."""
    import difflib
    from .migrate import migrate
    status = 0
    for path in _paths(args.paths):
        try:
            with open(path, encoding="utf-8", newline="") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as error:
            sys.stderr.write(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}\n")
            status = 2
            continue
        new_text, fixes = migrate(text, path)
        if not fixes:
            continue
        if args.write:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(new_text)
            sys.stderr.write(f"{path}: {len(fixes)} deprecated construct{'s' if len(fixes) != 1 else ''} rewritten\n")
        else:
            sys.stdout.writelines(difflib.unified_diff(text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                                       path, path + " (migrated)"))
            status = max(status, 1)
    return status


def _import_options(s: argparse.ArgumentParser) -> None:
    s.add_argument("--import-path", metavar="DIR", action="append",
                   help="a folder to look for imports in, after the importing file's (repeatable; "
                        "PCRLANG_PATH's folders follow, then the standard library)")
    s.add_argument("--trust-imports", action="store_true",
                   help="allow imports from anywhere (absolute paths, `..` out of the project): only for files "
                        "you trust; also PCRLANG_TRUST_IMPORTS=1")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pcr", description="pcrlang: check and compile product carbon footprint rules")
    p.add_argument("--version", action="version", version=f"pcrlang {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("check", help="check rulesets and run their examples")
    s.add_argument("paths", nargs="+", help=".pcr files or directories")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.add_argument("--strict", action="store_true", help="warnings fail too")
    s.add_argument("--notes", action="store_true",
                   help="also show notes (values the rule itself marks unverified); they are counted either way")
    _import_options(s)
    s.set_defaults(run=cmd_check)
    s = sub.add_parser("compile", help="compile a ruleset into a standalone calculator (Python or JavaScript) or its batch SQL")
    s.add_argument("ruleset")
    s.add_argument("-o", "--output", help="output file (default: standard output)")
    s.add_argument("--target", choices=("python", "js", "sql"), default="python",
                   help="python: one module, standard library only (default); js: one ES module without "
                        "dependencies, and its TypeScript declarations beside -o (calc.mjs -> calc.d.mts); "
                        "sql: the query `pcr batch` runs")
    s.add_argument("--dialect", choices=("duckdb", "spark"), default="duckdb", help="SQL dialect (--target sql)")
    s.add_argument("--input", help="with --target sql: the query for this input file's columns")
    _import_options(s)
    s.set_defaults(run=cmd_compile)
    s = sub.add_parser("form", help="a self-contained bilingual data-entry page (HTML) running the JavaScript calculator")
    s.add_argument("ruleset")
    s.add_argument("-o", "--output", help="output file (default: standard output)")
    s.add_argument("--lang", choices=("zh", "en"), default="zh", help="the page's first language (default: zh)")
    _import_options(s)
    s.set_defaults(run=cmd_form)
    s = sub.add_parser("batch", help="compute every record of a CSV, Parquet or JSON-lines file (DuckDB or Spark)")
    s.add_argument("ruleset")
    s.add_argument("input", help="records: .csv, .parquet or .jsonl")
    s.add_argument("-o", "--output", required=True, help="results: .csv, .parquet or .jsonl")
    s.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    s.add_argument("--master", help="Spark master URL (default local[*])")
    s.add_argument("--from", dest="input_format", choices=("csv", "parquet", "json"), help="input format")
    s.add_argument("--to", dest="output_format", choices=("csv", "parquet", "json"), help="output format")
    s.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    s.set_defaults(run=cmd_batch)
    s = sub.add_parser("calc", help="compute a footprint with the reference interpreter")
    s.add_argument("ruleset")
    s.add_argument("--input", "-i", required=True, help="JSON file of inputs, or - for standard input")
    s.add_argument("--sensitivity", nargs="?", const="10", metavar="PERCENT",
                   help="vary each input and factor one at a time (by PERCENT, default 10, or its declared range) "
                        "and rank the effect on the total, exactly")
    _import_options(s)
    s.set_defaults(run=cmd_calc)
    s = sub.add_parser("test", help="run examples through the interpreter and the compiled calculator")
    s.add_argument("paths", nargs="+")
    _import_options(s)
    s.set_defaults(run=cmd_test)
    s = sub.add_parser("schema", help="JSON Schema of the calculator's input and result")
    s.add_argument("ruleset")
    s.add_argument("--part", choices=("all", "input", "result", "error"), default="all")
    s.add_argument("-o", "--output")
    _import_options(s)
    s.set_defaults(run=cmd_schema)
    s = sub.add_parser("ir", help="the canonical IR as JSON (what the fingerprints hash), or its JSON Schema")
    s.add_argument("ruleset", nargs="?")
    s.add_argument("--schema", action="store_true", help="print the JSON Schema of the IR instead")
    s.add_argument("-o", "--output")
    _import_options(s)
    s.set_defaults(run=cmd_ir)
    s = sub.add_parser("doc", help="the standard document: Markdown, SVG and HTML (site), Word (docx) or PDF")
    s.add_argument("ruleset")
    s.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the document (default: zh)")
    s.add_argument("--format", choices=("site", "docx", "pdf"), default="site",
                   help="site: index.md, boundary.svg and standard.html into a directory (default); docx: a Word "
                        "file; pdf: the Word file rendered by LibreOffice")
    s.add_argument("-o", "--output", required=True,
                   help="site: the directory to write into; docx, pdf: the file, or a directory for IDENTIFIER.LANG.FORMAT")
    _import_options(s)
    s.set_defaults(run=cmd_doc)
    s = sub.add_parser("migrate", help="rewrite deprecated constructs (PCR-W10): a diff, or the files with --write")
    s.add_argument("paths", nargs="+", help=".pcr files or directories")
    s.add_argument("--write", action="store_true", help="rewrite the files instead of printing a diff")
    s.set_defaults(run=cmd_migrate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130
