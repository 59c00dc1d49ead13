"""`pcr verify`: every case of a suite through a calculator, compared field by field.

A case passes when the calculator's answer has every field the case compares, each figure within
its tolerance (|got - expected| <= tolerance), every verdict, name and key exactly; or, for a
refused case, when it refuses with the case's code. Anything else fails with its reasons: the
field, expected and got, and the clause that defines the field. A crash, a hang, garbage or an
HTTP failure fails the case it happened on (the calculator is restarted), never the verifier.
The calculator's declared identity (its answer to the greeting) is reported, and a declared
rule fingerprint other than the suite's fails the verification.
"""
from __future__ import annotations

import hashlib
import json
import math
import time
from typing import Callable, Optional

from .. import __version__
from . import DEFAULT_TIMEOUT, DEFAULT_TOTAL, GROUPS
from .protocol import HELLO, Answer

FORMAT = 1
MAX_CRASHES_IN_A_ROW = 5  # then the remaining cases are not run: the calculator cannot answer at all
MISSING = object()


def verify(suite: dict, calculator, groups: Optional[set] = None, timeout: float = DEFAULT_TIMEOUT,
           total: float = DEFAULT_TOTAL, date: Optional[str] = None, suite_text: Optional[str] = None,
           clock: Callable[[], float] = time.monotonic) -> dict:
    """The verification report (see schemas/report.schema.json). `calculator` is started already
    (protocol.ProcessCalculator or HttpCalculator); it is stopped at the end."""
    groups = set(GROUPS) if groups is None else set(groups)
    started = clock()
    identity = _hello(calculator, timeout)
    expected_fp = suite["ruleset"]["fingerprint"]
    declared_fp = _declared_fingerprint(identity)
    records, in_a_row = [], 0
    try:
        for case in suite["cases"]:
            if clock() - started > total:
                records.append(_record(case, "not_run", [], f"the total time limit of {total:g} s was reached"))
                continue
            if in_a_row >= MAX_CRASHES_IN_A_ROW:
                records.append(_record(case, "not_run", [], f"the calculator failed {in_a_row} cases in a row "
                                                             "without answering; the rest were not run"))
                continue
            answer = calculator.ask(case["input"], timeout)
            status, problems, reason = judge(case, answer, groups)
            in_a_row = in_a_row + 1 if status == "error" else 0
            records.append(_record(case, status, problems, reason))
    finally:
        calculator.stop()
    counts = {s: sum(r["status"] == s for r in records) for s in ("pass", "fail", "error", "not_run", "skipped")}
    judged = len(records) - counts["skipped"]
    mismatch = declared_fp is not None and declared_fp != expected_fp
    verdict_fields = [f for c in suite["cases"] if c["expect"] == "result" for f in c["fields"]
                      if type(f.get("value")) is bool and f["group"] in groups]
    bad_verdicts = sum(1 for r in records for p in r["problems"] if p.get("verdict"))
    ok = counts["pass"] == judged and judged > 0 and not mismatch
    never = _never_answered(suite, records, groups)
    return {
        "pcrlang_verification": FORMAT,
        "date": date or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "pcrlang": f"pcrlang {__version__}",
        "ruleset": dict(suite["ruleset"]),
        "suite": {"format": suite["pcrlang_suite"], "compiler": suite.get("compiler"),
                  "seed": suite.get("generator", {}).get("seed"), "random": suite.get("generator", {}).get("random"),
                  "tolerance": suite.get("generator", {}).get("tolerance"), "cases": len(suite["cases"]),
                  "sha256": "sha256:" + hashlib.sha256(suite_text.encode("utf-8")).hexdigest() if suite_text else None},
        "calculator": dict(calculator.describe(), declared=identity,
                           fingerprint=declared_fp, fingerprint_matches=None if declared_fp is None else not mismatch),
        "groups": sorted(groups, key=GROUPS.index),
        "clauses": suite.get("clauses", {}),
        "summary": {"cases": len(records), "passed": counts["pass"], "failed": counts["fail"],
                    "errors": counts["error"], "not_run": counts["not_run"], "skipped": counts["skipped"],
                    "pass_rate": counts["pass"] / judged if judged else 0.0,
                    "verdicts_compared": len(verdict_fields), "verdicts_differing": bad_verdicts,
                    "seconds": round(clock() - started, 3), "verdict": "pass" if ok else "fail",
                    "groups_never_answered": never,
                    "problems": ([f"the calculator declares the rule fingerprint {declared_fp}, the suite is for "
                                  f"{expected_fp}"] if mismatch else [])
                    + (["no case compared anything: choose other --fields"] if judged == 0 else [])},
        "cases": records,
    }


def judge(case: dict, answer: Answer, groups: set) -> tuple:
    """(status, problems, reason) of one case: pass, fail, error (no usable answer) or skipped."""
    if answer.kind != "answer":
        return "error", [], f"{answer.kind}: {answer.reason}"
    problems = compare(case, answer, groups)
    if _compared(case, groups) == 0 and case["expect"] == "result":
        return "skipped", [], None
    return ("fail" if problems else "pass"), problems, None


def first_failure(suite: dict, calculator, timeout: float = DEFAULT_TIMEOUT) -> Optional[str]:
    """The id of the first case the calculator does not pass (every group compared), or None."""
    groups = set(GROUPS)
    for case in suite["cases"]:
        status, _, _ = judge(case, calculator.ask(case["input"], timeout), groups)
        if status != "pass":
            return case["id"]
    return None


def _never_answered(suite: dict, records: list, groups: set) -> list:
    """Groups whose fields are missing from every answer that computed a result: the calculator
    may not give them at all (then --fields can leave them out)."""
    missing: dict = {}
    answered = 0
    by_id = {c["id"]: c for c in suite["cases"]}
    for r in records:
        case = by_id[r["id"]]
        if case["expect"] != "result" or r["status"] not in ("pass", "fail") or \
                any(p["group"] == "error" for p in r["problems"]):
            continue
        answered += 1
        gone = {p["group"] for p in r["problems"] if p["reason"] == "missing from the answer"}
        for g in {f["group"] for f in case["fields"]} & groups:
            missing[g] = missing.get(g, 0) + (g in gone)
    return sorted((g for g, n in missing.items() if answered and n == answered), key=GROUPS.index)


def _hello(calculator, timeout: float) -> Optional[dict]:
    answer = calculator.ask(HELLO, timeout)
    value = answer.value if answer.kind == "answer" else None
    return value if type(value) is dict and value.get("pcr") == "hello" else None


def _declared_fingerprint(identity: Optional[dict]) -> Optional[str]:
    if identity is None:
        return None
    rule = identity.get("ruleset")
    fp = rule.get("fingerprint") if type(rule) is dict else identity.get("fingerprint")
    return fp if type(fp) is str else None


def _record(case: dict, status: str, problems: list, reason: Optional[str] = None) -> dict:
    out = {"id": case["id"], "kind": case.get("kind"), "status": status}
    if status != "pass":
        out.update(title=case.get("title"), clause=case.get("clause"), input=case["input"], problems=problems)
        if reason:
            out["reason"] = reason
    else:
        out["problems"] = []
    return out


def _compared(case: dict, groups: set) -> int:
    if case["expect"] == "error":
        return 1 if "error" in groups else 0
    return sum(f["group"] in groups for f in case["fields"])


# ---- comparison -------------------------------------------------------------------------------------
def compare(case: dict, answer: Answer, groups: set) -> list:
    """The problems of one answer against one case (empty: the case passes)."""
    got = answer.value
    if type(got) is not dict:
        return [_problem(None, "answer", case.get("clause"), "an object", _kind(got), "the answer is not a JSON object")]
    refused = got.get("error")
    if case["expect"] == "error":
        if "error" not in groups:
            return []
        want = case["error"]
        if type(refused) is not dict:
            return [_problem(["error", "code"], "error", want.get("clause"), want["code"], None,
                             f"computed a result where the rule refuses the inputs ({want['code']})")]
        if refused.get("code") != want["code"]:
            return [_problem(["error", "code"], "error", want.get("clause"), want["code"], refused.get("code"),
                             "refused with another code")]
        return []
    if refused is not None:
        code = refused.get("code") if type(refused) is dict else refused
        message = refused.get("message") if type(refused) is dict else None
        return [_problem(["error"], "error", case.get("clause"), "a result", code,
                         "refused where the rule computes" + (f": {message}" if message else ""))]
    out = []
    for f in case["fields"]:
        if f["group"] not in groups:
            continue
        value = _at(got, f["path"])
        reason = _differs(f, value)
        if reason:
            if "length" in f:
                value = len(value) if type(value) is list else value
            problem = _problem(f["path"], f["group"], f.get("clause"), f.get("value", f.get("length")),
                               None if value is MISSING else value, reason,
                               verdict="tolerance" not in f and type(f.get("value")) is bool)
            if f.get("defined_by"):
                problem["defined_by"] = f["defined_by"]
            out.append(problem)
    return out


def _differs(f: dict, got) -> Optional[str]:
    """Why got does not match the field (None: it matches)."""
    if got is MISSING:
        return "missing from the answer"
    if "length" in f:
        if type(got) is not list:
            return f"{_kind(got)}, not a list"
        return None if len(got) == f["length"] else f"{len(got)} items, not {f['length']}"
    want = f["value"]
    if "tolerance" in f:
        if type(got) is str:
            return "a string, not a number"
        if type(got) not in (int, float):
            return f"{_kind(got)}, not a number"
        if not math.isfinite(got):
            return f"{got!r} is not a finite number (NaN and Infinity are no JSON numbers)"
        difference = abs(got - want)
        if not difference <= f["tolerance"]:
            return f"differs by {difference:.6g} (tolerance {f['tolerance']:.3g})"
        return None
    if type(want) is bool:
        return None if type(got) is bool and got == want else f"the verdict differs ({_kind(got)})" \
            if type(got) is not bool else "the verdict differs"
    if type(got) is not type(want) or got != want:
        return "differs"
    return None


def _at(value, path: list):
    for key in path:
        if type(key) is int:
            if type(value) is not list or not 0 <= key < len(value):
                return MISSING
        elif type(value) is not dict or key not in value:
            return MISSING
        value = value[key]
    return value


def _kind(x) -> str:
    return {bool: "a boolean", str: "a string", list: "a list", dict: "an object", type(None): "null",
            int: "a number", float: "a number"}.get(type(x), type(x).__name__)


def _problem(path, group, clause, expected, got, reason, verdict: bool = False) -> dict:
    out = {"path": path, "group": group, "clause": clause, "expected": expected, "got": _safe(got), "reason": reason}
    if verdict:
        out["verdict"] = True
    return out


def _safe(value):
    """A got value for the report: small, and valid JSON (NaN and Infinity as text, containers as
    their JSON text)."""
    if type(value) is float and not math.isfinite(value):
        return repr(value)
    if type(value) in (dict, list):
        text = json.dumps(value, ensure_ascii=False, default=str)
        return text if len(text) <= 400 else text[:400] + "..."
    if type(value) is str and len(value) > 400:
        return value[:400] + "..."
    return value
