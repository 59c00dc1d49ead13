"""The `pcr` command line: check, compile, calc, test, schema, ir, doc, form, pact, template, migrate, batch, fmt, lsp; suite, verify, diff, bundle."""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

from . import __version__


class UsageError(Exception):
    """A mistake in the command itself (exit 2): a folder with no rulesets, an output that cannot
    be written. One line on standard error, never a traceback."""


def _paths(paths: list[str]) -> list[str]:
    """Files named, and every .pcr file under directories named (sorted). A directory named that
    holds no .pcr file is a usage error (exit 2), as mypy treats a folder with no Python files."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            found = [os.path.join(root, f) for root, _, files in sorted(os.walk(p))
                     for f in sorted(files) if f.endswith(".pcr")]
            if not found:
                from .source import visible
                raise UsageError(f"no .pcr files in {visible(p)}")
            out.extend(found)
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
    from .cli_zh import line
    from .compiler import compile_file
    from .diagnostics import Diagnostic
    from .source import visible
    if "-" in args.paths and len(args.paths) > 1:
        raise UsageError("`-` (standard input) is checked alone")
    results = [_compile_stdin(args) if args.paths == ["-"] else compile_file(p, **_imports(args))
               for p in _paths(args.paths)]
    all_diagnostics: list[Diagnostic] = [d for r in results for d in r.diagnostics]
    errors = sum(d.is_error for d in all_diagnostics)
    warnings = sum(d.is_warning for d in all_diagnostics)
    if args.format in ("json", "sarif"):
        from .reports import json_report, sarif_report
        report = json_report(results, errors, warnings) if args.format == "json" else sarif_report(results)
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for r in results:
            _report(r, "text", sys.stderr, notes=args.notes)
        for r in results:
            ok = r.ok and not (args.strict and any(d.is_warning for d in r.diagnostics))
            notes = sum(not d.is_error and not d.is_warning for d in r.diagnostics)
            sys.stdout.write(line("checked", path=visible(r.path), status=line("ok" if ok else "failed"),
                                  errors=sum(d.is_error for d in r.diagnostics),
                                  warnings=sum(d.is_warning for d in r.diagnostics),
                                  notes=line("notes", notes=notes) if notes else "",
                                  fingerprint="  " + r.fingerprint if r.fingerprint else "") + "\n")
    if errors or (args.strict and warnings) or not results:
        return 1
    return 0


STDIN = "<stdin>"


def _compile_stdin(args):
    """`pcr check -`: the ruleset on standard input; its imports are looked up from the current
    folder, as for a file there."""
    from .compiler import Compilation, compile_text
    from .diagnostics import diagnostic, msg
    from .source import MAX_TEXT_CHARS, Span
    data = sys.stdin.buffer.read(4 * MAX_TEXT_CHARS + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Compilation(STDIN, None, [diagnostic("PCR003", msg("stdin"),
                                                    Span(STDIN, 1, 1, 1, 2))])
    if len(text) > MAX_TEXT_CHARS:
        return Compilation(STDIN, None, [diagnostic("PCR010", msg("stdin", limit=MAX_TEXT_CHARS),
                                                    Span(STDIN, 1, 1, 1, 2))])
    return compile_text(text, STDIN, **_imports(args))


def _compile_one(path: str, run_examples: bool = True, args=None):
    from .compiler import compile_file
    from .source import visible
    compilation = compile_file(path, run_examples=run_examples, **_imports(args))
    if compilation.ok and compilation.ruleset is None:
        raise UsageError(f"{visible(path)} is a library: it has no calculator; import it from a ruleset")
    if not compilation.ok:
        _report(compilation, "text", sys.stderr)
        _not_compiled(path, compilation)
        return None
    return compilation


def _cannot_write(path: str, error: OSError) -> UsageError:
    from .source import visible
    if isinstance(error, IsADirectoryError) or os.path.isdir(path):
        reason = "it is a directory; name a file"
    elif isinstance(error, FileNotFoundError):
        reason = "no such directory" if os.path.dirname(path) and not os.path.isdir(os.path.dirname(path)) \
            else (error.strerror or str(error))
    else:
        reason = error.strerror or str(error)
    return UsageError(f"cannot write {visible(path)}: {reason}")


def _write(text: str, output: str | None) -> None:
    if output in (None, "-"):
        sys.stdout.write(text)
        return
    try:
        if os.path.isdir(output):
            raise IsADirectoryError(21, "Is a directory", output)
        with open(output, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        raise _cannot_write(output, error if isinstance(error, OSError) else OSError(str(error))) from None


def _not_compiled(path: str, compilation) -> None:
    from .cli_zh import line
    from .source import visible
    errors = sum(d.is_error for d in compilation.diagnostics)
    sys.stderr.write(line("not_compiled", path=visible(path), errors=errors) + "\n")


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
            from .cli_zh import line
            types = _declarations_path(args.output)
            _write(declarations(c.ruleset), types)
            written = line("and", first=written, second=types)
        _wrote(written, c)
    return 0


def _declarations_path(output: str) -> str:
    """The TypeScript declarations beside a module, named as TypeScript looks for them:
    calc.mjs -> calc.d.mts, calc.js -> calc.d.ts, calc.cjs -> calc.d.cts."""
    base, ext = os.path.splitext(output)
    return base + {".mjs": ".d.mts", ".cjs": ".d.cts"}.get(ext, ".d.ts")


def _wrote(what: str, c) -> None:
    from .cli_zh import line
    sys.stderr.write(line("wrote", what=what, identifier=c.ruleset.identifier, version=c.ruleset.version,
                          fingerprint=c.fingerprint) + "\n")


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
    from .batch import BatchError, run_batch
    from .cli_zh import line
    from .source import visible
    from .batch.progress import Progress
    c = _compile_one(args.ruleset, run_examples=False)
    if c is None:
        return 1
    from .semantics.errors import set_language as set_refusal_language
    set_refusal_language("en")  # the output's messages are English whatever the locale (docs/batch.md): the
    # query's and the runtime's alike, whichever computes a record
    progress = Progress(enabled=False if args.quiet else None)
    try:
        result = run_batch(c, args.input, args.output, engine=args.engine, in_fmt=args.input_format,
                           out_fmt=args.output_format, master=args.master, progress=progress, threads=args.threads)
    except BatchError as error:
        sys.stderr.write(f"pcr batch: {error.message}\n")
        return error.status
    if not args.quiet:
        seconds = result["seconds"]
        rate = result["records"] / seconds if seconds > 0 else float("inf")
        sys.stderr.write(line("batched", output=visible(args.output), records=result["records"], refused=result["refused"],
                              exact=result["exact"], seconds=seconds, rate=rate, engine=args.engine) + "\n")
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


def _calc_inputs(path: str, compilation):
    """The inputs of a calculation: JSON, or a data-collection workbook (.xlsx, `pcr template`)."""
    if path.lower().endswith((".xlsx", ".xlsm")):
        from .backends import excel
        try:
            return excel.read(path, compilation.ruleset, compilation.fingerprint), None, 0
        except excel.WorkbookError as error:
            return None, error, 2 if error.unreadable else 3
    return _load_json(path)


def cmd_calc(args) -> int:
    from .interpret import CalculationError, calculate, to_json_numbers
    from .semantics.runtime import refuse_failed_cutoff, write_json
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
    raw, problem, status = _calc_inputs(args.input, c)
    if problem:
        return _refused(problem, status)
    try:
        if percent is not None:
            from .sensitivity import analyse
            result = analyse(c.ruleset, raw, c.fingerprint, percent) if isinstance(raw, dict) else \
                calculate(c.ruleset, raw, c.fingerprint)
        else:
            result = calculate(c.ruleset, raw, c.fingerprint)
        if isinstance(result, dict):  # a total the cut-off rule does not allow is refused, as calculators do
            refuse_failed_cutoff(result.get("cutoff"))
    except CalculationError as error:
        return _refused(error)
    if args.format == "pact":
        return _write_pact(c, [result], [raw], args.meta, args.decimals, None, "object")
    if args.meta or args.decimals is not None:
        sys.stderr.write("pcr calc: --meta and --decimals are for --format pact\n")
        return 2
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
    from .cli_zh import line
    from .compiler import compile_file
    from .diagnostics import message_of
    from .source import visible
    failed = 0
    for path in _paths(args.paths):
        c = compile_file(path, **_imports(args))
        if c.ok and c.ruleset is None:  # a library checks clean and has nothing to run
            sys.stdout.write(line("library", path=visible(path)) + "\n")
            continue
        if not c.ok:
            _report(c, "text", sys.stderr)
            _not_compiled(path, c)
            failed += 1
            continue
        interpreter_failures = [d for d in c.diagnostics if d.is_error]
        for d in interpreter_failures:
            sys.stdout.write(line("interpreter", message=message_of(d)) + "\n")
        with tempfile.TemporaryDirectory() as tmp:
            calc = os.path.join(tmp, "calculator.py")
            with open(calc, "w", encoding="utf-8") as f:
                f.write(generate(c.ruleset, c.fingerprint))
            run = subprocess.run([sys.executable, calc, "--selftest"], capture_output=True, text=True)
        calculator_ok = run.returncode == 0
        ok = calculator_ok and not interpreter_failures
        n = len(c.ruleset.examples)
        sys.stdout.write(line("tested", path=path, examples=n, interpreter=line("failed" if interpreter_failures else "ok"),
                              calculator=line("ok" if calculator_ok else "failed")) + "\n")
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
    except (OSError, ValueError) as e:
        raise _cannot_write(getattr(e, "filename", None) or args.output,
                            e if isinstance(e, OSError) else OSError(str(e))) from None
    from .cli_zh import line
    sys.stderr.write(line("wrote_doc", paths=line("path_separator").join(paths), identifier=c.ruleset.identifier,
                          version=c.ruleset.version, lang=args.lang) + "\n")
    return 0


def _read_documents(path: str, what: str):
    """One JSON document, a JSON array of them, or JSON Lines (one per line): (documents, shape) or
    (None, message)."""
    from .semantics.runtime import CalculationError, read_json
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as error:
        return None, f"{path}: cannot read {what}: {error.strerror or error}"
    try:
        value = read_json(data)
    except CalculationError as whole:
        lines = [line for line in data.splitlines() if line.strip()]
        if len(lines) < 2:
            return None, f"{path}: {what} is not JSON: {whole.message}"
        values = []
        for k, line in enumerate(lines):
            try:
                values.append(read_json(line))
            except CalculationError as error:
                return None, f"{path}: line {k + 1}: {what} is not JSON: {error.message}"
        return values, "lines"
    if isinstance(value, list):
        return value, "array"
    return [value], "object"


def _write_pact(c, results, inputs, meta_paths, decimals, output, shape) -> int:
    """Footprints of results (exact or a calculator's JSON) under the rule; exit 3 when META or the
    result lacks something PACT needs (every problem is listed)."""
    from .backends import pact
    from .semantics.runtime import write_json
    metas = []
    for path in meta_paths or []:
        documents, kind = _read_documents(path, "META")
        if documents is None:
            sys.stderr.write(f"pcr pact: {kind}\n")
            return 2
        metas.append(documents if kind != "object" else documents[0])
    per_item = next((m for m in metas if isinstance(m, list)), None)
    if per_item is not None and len(per_item) != len(results):
        sys.stderr.write(f"pcr pact: a META array has {len(per_item)} entries for {len(results)} results\n")
        return 2
    written, failed = [], False
    for k, (result, raw) in enumerate(zip(results, inputs)):
        meta = pact.merge_meta([m[k] if isinstance(m, list) else m for m in metas])
        label = f"result {k + 1}: " if len(results) > 1 else ""
        try:
            footprint = pact.build(c.ruleset, c.fingerprint, result, meta, raw, decimals)
        except pact.PactError as error:
            failed = True
            sys.stderr.write(f"pcr pact: {label}the PACT footprint cannot be written:\n"
                             + "".join(f"  {p}\n" for p in error.problems))
            continue
        for warning in footprint.warnings:
            sys.stderr.write(f"pcr pact: {label}warning: {warning}\n")
        broken = _official_errors(footprint.document)
        if broken:
            failed = True
            sys.stderr.write(f"pcr pact: {label}the footprint does not validate against the official PACT schema "
                             f"(check what META gives):\n" + "".join(f"  {where}: {message}\n" for where, message in broken))
            continue
        written.append(footprint.document)
    if failed:
        return 3
    import io
    out = io.StringIO()
    if shape == "lines":
        out.write("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in written))
    else:
        write_json(written[0] if shape == "object" else written, out)
    _write(out.getvalue(), output)
    return 0


def _official_errors(document) -> list:
    """pcrlang's own footprint against the official schema, when the schema and the pact extra are at hand
    (META's values reach the footprint as given)."""
    from .backends.pact import official
    try:
        return official.errors(document, official.locate())
    except official.SchemaUnavailable:
        return []


def cmd_pact(args) -> int:
    """`pcr pact RESULT.json --ruleset R --meta M`: results as PACT footprints;
    `pcr pact validate FILE [--ruleset R]`: check a received footprint."""
    if args.what == "validate":
        return _pact_validate(args)
    if args.file is not None:
        sys.stderr.write(f"pcr pact: one result file, or `pcr pact validate FILE`; got {args.what} {args.file}\n")
        return 2
    if args.ruleset is None:
        sys.stderr.write("pcr pact: give the rule the results were computed with: --ruleset RULESET\n")
        return 2
    c = _compile_one(args.ruleset, run_examples=False, args=args)
    if c is None:
        return 1
    results, shape = _read_documents(args.what, "the result")
    if results is None:
        sys.stderr.write(f"pcr pact: {shape}\n")
        return 2
    inputs = [None] * len(results)
    if args.input is not None:
        documents, kind = _read_documents(args.input, "the inputs")
        if documents is None:
            sys.stderr.write(f"pcr pact: {kind}\n")
            return 2
        if len(documents) != len(results):
            sys.stderr.write(f"pcr pact: {len(documents)} inputs for {len(results)} results\n")
            return 2
        inputs = documents
    return _write_pact(c, results, inputs, args.meta, args.decimals, args.output, shape)


def _pact_validate(args) -> int:
    from .backends.pact import official
    from .backends.pact.validate import validate
    if args.file is None:
        sys.stderr.write("pcr pact validate: give the footprint file to check\n")
        return 2
    if args.meta or args.input or args.decimals is not None:
        sys.stderr.write("pcr pact validate: --meta, --input and --decimals are for writing footprints\n")
        return 2
    schema = None
    if not args.no_schema:
        try:
            schema = official.locate(args.schema)
            official.schema_version(schema)
        except official.SchemaUnavailable as error:
            sys.stderr.write(f"pcr pact validate: {error} (or pass --no-schema to run the other checks only)\n")
            return 2
    rs = None
    if args.ruleset is not None:
        c = _compile_one(args.ruleset, run_examples=False, args=args)
        if c is None:
            return 1
        rs = c.ruleset
    documents, shape = _read_documents(args.file, "the footprint")
    if documents is None:
        sys.stderr.write(f"pcr pact validate: {shape}\n")
        return 2
    if shape == "object" and isinstance(documents[0], dict) and isinstance(documents[0].get("data"), list):
        documents = documents[0]["data"]  # a PACT API response: {"data": [footprints]}
    reports = [validate(d, schema, rs) for d in documents]
    if args.format == "json":
        body = [r.as_dict() for r in reports]
        sys.stdout.write(json.dumps(body[0] if len(body) == 1 else body, ensure_ascii=False, indent=2) + "\n")
    else:
        from .cli_zh import line
        where = (line("official_schema", version=reports[0].schema_version, schema=schema) if schema
                 else line("schema_not_checked"))
        rule = line("validated_rule", identifier=rs.identifier, version=rs.version) if rs else ""
        for k, report in enumerate(reports):
            label = args.file if len(reports) == 1 else f"{args.file}[{k}]"
            errors = sum(f.severity == "error" for f in report.findings)
            warnings = len(report.findings) - errors
            sys.stdout.write(line("validated", label=label, status=line("ok" if report.ok else "failed"), errors=errors,
                                  warnings=warnings, where=where, rule=rule) + "\n")
            for f in report.findings:
                sys.stdout.write(f"  {f.severity} [{f.check}] {f.field}: {f.message}\n")
    return 0 if all(r.ok for r in reports) else 1


def cmd_template(args) -> int:
    """The data-collection workbook of a rule (annex A): `pcr template RULESET -o form.xlsx`."""
    from .backends import excel
    c = _compile_one(args.ruleset, run_examples=False, args=args)
    if c is None:
        return 1
    try:
        data = excel.template(c.ruleset, c.fingerprint, c.publication_fingerprint)
    except excel.WorkbookError as error:
        sys.stderr.write(f"pcr template: {error.message}\n")
        return 2
    try:
        with open(args.output, "wb") as f:
            f.write(data)
    except OSError as error:
        sys.stderr.write(f"pcr template: cannot write {args.output}: {error.strerror or error}\n")
        return 2
    _wrote(args.output, c)
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
            from .cli_zh import line
            sys.stderr.write(line("migrated_one" if len(fixes) == 1 else "migrated", path=path, count=len(fixes)) + "\n")
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


def _lang_option(s: argparse.ArgumentParser, default=None) -> None:
    s.add_argument("--lang", dest="ui_lang", choices=("zh", "en"), default=default,
                   help="language of diagnostics' titles and help and of refusal messages (default: zh when "
                        "the locale, LC_ALL, LC_MESSAGES or LANG, starts with zh, else en)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pcr", description="pcrlang: check and compile product carbon footprint rules")
    p.add_argument("--version", action="version", version=f"pcrlang {__version__}")
    _lang_option(p)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("check", help="check rulesets and run their examples")
    s.add_argument("paths", nargs="+", help=".pcr files or directories, or - for standard input")
    s.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                   help="text (default), json (docs/schemas/diagnostics.schema.json) or sarif (SARIF 2.1.0)")
    s.add_argument("--strict", action="store_true", help="warnings fail too")
    _lang_option(s, argparse.SUPPRESS)
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
    _lang_option(s, argparse.SUPPRESS)  # the summary's language (the output's messages are English)
    s.set_defaults(run=cmd_batch)
    s = sub.add_parser("calc", help="compute a footprint with the reference interpreter")
    s.add_argument("ruleset")
    s.add_argument("--input", "-i", required=True,
                   help="JSON file of inputs, - for standard input, or a workbook from `pcr template` (.xlsx)")
    s.add_argument("--format", choices=("json", "pact"), default="json",
                   help="the result (json), or a PACT v3 ProductFootprint (pact, with --meta)")
    s.add_argument("--meta", action="append", metavar="META.json",
                   help="with --format pact: what the rule cannot know (company, product, dates); may repeat, "
                        "later files winning (see rulesets/inputs/pact_meta.json)")
    s.add_argument("--decimals", type=int, help="with --format pact: decimals of the figures (default: the rule's "
                                                "rounding, else 6)")
    _lang_option(s, argparse.SUPPRESS)
    s.add_argument("--sensitivity", nargs="?", const="10", metavar="PERCENT",
                   help="vary each input and factor one at a time (by PERCENT, default 10, or its declared range) "
                        "and rank the effect on the total, exactly")
    _import_options(s)
    s.set_defaults(run=cmd_calc)
    s = sub.add_parser("test", help="run examples through the interpreter and the compiled calculator")
    s.add_argument("paths", nargs="+")
    _lang_option(s, argparse.SUPPRESS)
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
    s = sub.add_parser("pact", help="results as PACT v3 footprints (pcr pact RESULT.json --ruleset R --meta M), "
                                    "or check a received one (pcr pact validate FILE [--ruleset R])")
    s.add_argument("what", metavar="RESULT.json | validate",
                   help="a result of `pcr calc` or of a calculator (one JSON object, an array, or JSON Lines), "
                        "or `validate`")
    s.add_argument("file", nargs="?", metavar="FILE", help="for validate: the footprint to check")
    s.add_argument("--ruleset", help="the rule: the results' rule, or the rule a footprint must agree with")
    s.add_argument("--meta", action="append", metavar="META.json",
                   help="what the rule cannot know (company, product, dates); may repeat, later files winning")
    s.add_argument("--input", metavar="INPUTS.json", help="the results' inputs, for fields META binds to an input")
    s.add_argument("--decimals", type=int, help="decimals of the figures (default: the rule's rounding, else 6)")
    s.add_argument("-o", "--output", help="output file (default: standard output)")
    s.add_argument("--schema", metavar="openapi-v3.yaml",
                   help="for validate: the official PACT v3 OpenAPI schema (default: $PCRLANG_PACT_SCHEMA, or "
                        "shared/pact/openapi-v3.yaml here or in a parent directory)")
    s.add_argument("--no-schema", action="store_true", help="for validate: skip the schema, run the other checks")
    s.add_argument("--format", choices=("text", "json"), default="text", help="for validate: the report's format")
    _import_options(s)
    s.set_defaults(run=cmd_pact)
    s = sub.add_parser("template", help="the data-collection workbook of a rule (.xlsx; needs pcrlang[excel])")
    s.add_argument("ruleset")
    s.add_argument("-o", "--output", required=True, help="the workbook to write (form.xlsx)")
    _import_options(s)
    s.set_defaults(run=cmd_template)
    s = sub.add_parser("migrate", help="rewrite deprecated constructs (PCR-W10): a diff, or the files with --write")
    s.add_argument("paths", nargs="+", help=".pcr files or directories")
    s.add_argument("--write", action="store_true", help="rewrite the files instead of printing a diff")
    s.set_defaults(run=cmd_migrate)
    s = sub.add_parser("fmt", help="format rulesets in the one canonical layout (--check: report, do not rewrite)")
    s.add_argument("paths", nargs="+", help=".pcr files or directories, or - for standard input")
    s.add_argument("--check", action="store_true", help="exit 1 with a diff when a file is not formatted")
    s.set_defaults(run=lambda args: __import__("pcrlang.fmt", fromlist=["command"]).command(args))
    s = sub.add_parser("lsp", help="the language server for editors (LSP over standard input and output)")
    s.set_defaults(run=lambda args: __import__("pcrlang.lsp", fromlist=["command"]).command(args))
    _certifier_commands(sub)
    return p


def _certifier_commands(sub) -> None:
    """suite, verify, diff and bundle: the certifier's toolkit (pcrlang/certify/commands.py)."""
    from .certify import commands
    commands.register(sub)


def _chosen_lang(argv: list[str]) -> str | None:
    """The language `--lang` chooses, read before parsing so that `--help` is in it."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in ("zh", "en") else None
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1] if arg.split("=", 1)[1] in ("zh", "en") else None
    return None


def main(argv: list[str] | None = None) -> int:
    from .cli_zh import argparse_in, translate
    from .diagnostics import locale_language, set_language
    from .semantics.errors import set_language as set_refusal_language
    argv = sys.argv[1:] if argv is None else list(argv)
    help_lang = _chosen_lang(argv) or locale_language()
    parser = build_parser()
    if help_lang == "zh":
        translate(parser)
    with argparse_in(help_lang):
        args = parser.parse_args(argv)
    lang = args.ui_lang or locale_language()
    set_language(lang)
    set_refusal_language(lang)
    try:
        return args.run(args)
    except UsageError as error:
        sys.stderr.write(f"pcr {args.command}: {error}\n")
        return 2
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130
