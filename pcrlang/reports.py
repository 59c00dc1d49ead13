"""Machine-readable reports of `pcr check`: the JSON format (versioned, with a JSON Schema in
docs/schemas/diagnostics.schema.json) and SARIF 2.1.0 for code-scanning CI."""
from __future__ import annotations

import os
from urllib.parse import quote

from . import __version__
from .diagnostics import CATALOGUE, ERROR, LANGUAGE, NOTE, WARNING, Diagnostic, title_of
from .source import visible

JSON_VERSION = 1  # bumped when a field changes meaning or goes away; new fields keep the number
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {ERROR: "error", WARNING: "warning", NOTE: "note"}


def json_report(results, errors: int, warnings: int) -> dict:
    return {"version": JSON_VERSION, "tool": {"name": "pcrlang", "version": __version__},
            "files": [{"path": visible(r.path), "ok": r.ok, "fingerprint": r.fingerprint,
                       "diagnostics": [d.as_dict() for d in r.diagnostics]} for r in results],
            "errors": errors, "warnings": warnings}


def _uri(path: str) -> str:
    """A file path as a SARIF artifact URI: relative paths stay relative (to the folder `pcr`
    ran in, as GitHub code scanning expects), absolute ones become file: URIs."""
    path = path.replace(os.sep, "/")
    if os.path.isabs(path):
        return "file://" + quote(path if path.startswith("/") else "/" + path)
    return quote(path)


def sarif_report(results) -> dict:
    """One run of pcrlang: every code of the catalogue as a rule, every diagnostic as a result."""
    codes = sorted(CATALOGUE)
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        severity, _, help_text = CATALOGUE[code]
        if LANGUAGE[0] == "zh":
            from .diagnostics_zh import CATALOGUE_ZH
            help_text = CATALOGUE_ZH[code][1]
        rules.append({"id": code, "shortDescription": {"text": title_of(code)}, "help": {"text": help_text},
                      "defaultConfiguration": {"level": SARIF_LEVEL[severity]}})
    out = []
    for r in results:
        for d in r.diagnostics:
            out.append(_result(d, index))
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "language": "zh-CN" if LANGUAGE[0] == "zh" else "en-US",
        "tool": {"driver": {"name": "pcrlang", "version": __version__, "semanticVersion": __version__,
                            "rules": rules}},
        "columnKind": "unicodeCodePoints",  # columns count characters, as pcrlang's spans do
        "results": out,
    }]}


def _result(d: Diagnostic, index: dict) -> dict:
    shown = d.as_dict()
    s = d.span
    region = {"startLine": max(s.line, 1), "startColumn": max(s.column, 1),
              "endLine": max(s.end_line, s.line, 1), "endColumn": max(s.end_column, 1)}
    if region["endLine"] == region["startLine"] and region["endColumn"] < region["startColumn"]:
        region["endColumn"] = region["startColumn"]
    return {"ruleId": d.code, "ruleIndex": index[d.code], "level": SARIF_LEVEL[d.severity],
            "message": {"text": f"{shown['message']} ({'帮助：' if LANGUAGE[0] == 'zh' else 'help: '}{shown['help']})"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(shown["span"]["file"])},
                                                "region": region}}]}
