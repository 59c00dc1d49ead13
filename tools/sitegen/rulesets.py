"""The ruleset catalogue (docs/rulesets/): each ruleset in rulesets/ gets docs/rulesets/<name>/<lang>/
with the standard document that the document backend (`pcr doc`) writes (index.md, boundary.svg,
standard.html), for lang zh and en, and docs/rulesets/<name>/source.md with the ruleset's text;
the libraries of the standard library (pcrlang/stdlib/) get a page each; the index has the coverage table."""
from __future__ import annotations

from pcrlang.backends import document
from pcrlang.compiler import compile_file

from .common import GENERATED_NOTE, cell, library_files, ruleset_files

LANGUAGES = ("en", "zh")


def ruleset_pages() -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    rows = []
    for path in ruleset_files():
        name = path.stem
        c = compile_file(str(path), run_examples=False)
        if not c.ok:
            raise SystemExit(f"{path} does not compile; fix it before generating the site")
        rs = c.ruleset
        for lang in LANGUAGES:
            for file, content in document.render(rs, c.fingerprint, lang).items():
                out[f"rulesets/{name}/{lang}/{file}"] = content.encode("utf-8")
        source = path.read_text(encoding="utf-8")
        out[f"rulesets/{name}/source.md"] = (
            f"{GENERATED_NOTE}# {rs.title.en or rs.identifier}: source\n\n"
            f"The ruleset `rulesets/{name}.pcr` as written ({rs.identifier} {rs.version}, fingerprint "
            f"`{c.fingerprint}`). The standard document generated from it: [English](en/index.md) · "
            f"[中文](zh/index.md).\n\n```pcrlang\n{source.rstrip()}\n```\n").encode("utf-8")
        rows.append((name, rs))
    libraries = library_files()
    for path in libraries:
        c = compile_file(str(path), run_examples=False)
        if not c.ok:
            raise SystemExit(f"{path} does not compile; fix it before generating the site")
        out[f"rulesets/lib/{path.stem}.md"] = (
            f"{GENERATED_NOTE}# Library `{path.stem}.pcr`\n\n"
            f"`pcrlang/stdlib/{path.stem}.pcr`, a library of pcrlang's standard library that rules bring in "
            f"with `import \"{path.stem}.pcr\"` (see [Modules](../../language.md#modules)).\n\n"
            f"```pcrlang\n{path.read_text(encoding='utf-8').rstrip()}\n```\n").encode("utf-8")
    index = [GENERATED_NOTE, "# Rulesets\n\n",
             "The product rules shipped in `rulesets/`. Each is shown as the standard document that "
             "`pcr doc RULESET --lang zh|en` generates from it, in Chinese and in English, with the same clause "
             "numbers the checker and the calculator's trace cite, and as its source text. They are illustrative "
             "rules, modelled on published practice but not themselves published standards.\n\n",
             "| ruleset | version | status | title | 标题 | document | self-contained page | source |\n"
             "|---|---|---|---|---|---|---|---|\n"]
    for name, rs in rows:
        index.append(f"| `{rs.identifier}` | {rs.version} | {rs.status} | {cell(rs.title.en or '')} | "
                     f"{cell(rs.title.zh or '')} | [English]({name}/en/index.md) · [中文]({name}/zh/index.md) | "
                     f"[English]({name}/en/standard.html) · [中文]({name}/zh/standard.html) | "
                     f"[{name}.pcr]({name}/source.md) |\n")
    if libraries:
        index.append("\nShared libraries of the standard library (`pcrlang/stdlib/`), for rules to import: "
                     + ", ".join(f"[`{p.stem}.pcr`](lib/{p.stem}.md)" for p in libraries) + ".\n")
    index.append(coverage_table(rows))
    index.append("\nThe self-contained pages are single HTML files with the formulas as MathML and no script, for "
                 "printing or sending on. To check and compile a ruleset yourself, see "
                 "[Getting started](../getting-started.md).\n")
    out["rulesets/index.md"] = "".join(index).encode("utf-8")
    return out


COVERAGE = (
    ("boundary", "boundary type"),
    ("tables", "keyed factor tables"),
    ("imports", "imported libraries"),
    ("dated", "factors in force for a period"),
    ("derived", "derived functional unit"),
    ("allocation", "allocation (method; chained: `then by`)"),
    ("cutoff", "cut-off"),
    ("policy", "energy factor policy"),
    ("electricity", "electricity and heat (factor kind; heat, supplies)"),
    ("recycling", "recycling (approach)"),
    ("quality", "data quality"),
    ("grading", "grading"),
    ("removals", "removals or biogenic"),
    ("separate", "packaging, aircraft, biogenic carbon content"),
    ("rows", "tables of rows"),
    ("transport", "transport blocks"),
    ("provenance", "provenance (factors with it / all)"),
    ("period_data", "reference period as data"),
    ("checks", "consistency checks"),
    ("examples", "worked examples"),
)


def features(rs) -> dict[str, str]:
    """Which language features a ruleset uses, read from its IR."""
    yes = "✓"
    own = rs.source_file
    separate = [label for label, used in (
        ("packaging", any(c.packaging for c in rs.contributions)),
        ("aircraft", any(c.carbon_kind == "aircraft" for c in rs.contributions)),
        ("biogenic C", rs.biogenic_content is not None)) if used]
    return {
        "boundary": rs.boundary_kind.replace("_", " "),
        "tables": yes if rs.tables else "",
        "imports": yes if any(f.span.file != own for f in list(rs.factors) + list(rs.tables)) else "",
        "dated": yes if any(f.validity for f in rs.factors) else "",
        "derived": yes if rs.production is None and rs.per_unit is not None else "",
        "allocation": ", ".join(sorted({a.method for a in rs.allocations}))
                      + (" (chained)" if any(a.then for a in rs.allocations) else ""),
        "cutoff": yes if rs.cutoff is not None else "",
        "policy": (rs.energy_factors or "").replace("_", " "),
        "electricity": "; ".join(x for x in (
            ", ".join(sorted({e.factor_kind.replace("_", " ") for e in rs.electricity})),
            ", ".join(label for label, used in (("heat", any(e.carrier == "heat" for e in rs.electricity)),
                                                ("supplies", any(e.supplies for e in rs.electricity))) if used)) if x),
        "recycling": ", ".join(sorted({r.approach.replace("_", " ") for r in rs.recyclings})),
        "quality": yes if rs.data_quality is not None else "",
        "grading": yes if rs.grading is not None else "",
        "removals": yes if any(c.direction == "removal" or c.carbon_kind == "biogenic" for c in rs.contributions) else "",
        "separate": ", ".join(separate),
        "rows": yes if any(i.kind == "rows" for i in rs.inputs) else "",
        "transport": yes if any(f.path[:1] == ("transport",) for f in rs.report) else "",
        "provenance": provenance_cell(rs),
        "period_data": yes if rs.period_inputs else "",
        "checks": str(sum(1 for s in rs.steps if getattr(s, "code", None) == "inconsistent_data") or ""),
        "examples": str(len(rs.examples)),
    }


def provenance_cell(rs) -> str:
    """How many of the ruleset's own factors and tables state their provenance, of how many."""
    own = [f for f in list(rs.factors) + list(rs.tables) if f.span is None or f.span.file == rs.source_file]
    with_it = sum(1 for f in own if f.provenance)
    return f"{with_it} / {len(own)}" if own else ""


def coverage_table(rows) -> str:
    """The coverage table: which language features each shipped ruleset uses."""
    head = "| ruleset | " + " | ".join(label for _, label in COVERAGE) + " |\n"
    rule = "|---|" + "---|" * len(COVERAGE) + "\n"
    body = "".join(f"| [{name}]({name}/source.md) | " + " | ".join(cell(features(rs)[key]) for key, _ in COVERAGE)
                   + " |\n" for name, rs in rows)
    return ("\n## Coverage\n\nWhich language features each ruleset uses (read from each ruleset's IR when the "
            "site is generated).\n\n" + head + rule + body)

