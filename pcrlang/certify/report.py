"""The verification report as files: report.json (schemas/report.schema.json) and one
self-contained HTML page per language (report.en.html, report.zh.html).

The pages hold no script and load nothing: one inline style sheet, every text from the report
escaped (ruleset titles, case titles, calculator output are data, never markup). They cite the
rule's identifier, version and fingerprints, the calculator's declared identity, the suite's
seed and tolerance, the date and pcrlang's version; every failing case shows its fields with
expected, got, the reason and the clause that defines the field.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

SCHEMA = Path(__file__).resolve().parent / "schemas" / "report.schema.json"
MAX_SHOWN = 200  # failing cases shown on the page (all of them are in report.json)

TEXT = {
    "title": ("Verification report", "验证报告"),
    "verdict_pass": ("PASS: the calculator implements the rule on every case", "通过：计算器在全部用例上符合规则"),
    "verdict_fail": ("FAIL: the calculator does not implement the rule on every case", "不通过：计算器并非在全部用例上符合规则"),
    "rule": ("Rule", "规则"), "identifier": ("Identifier", "标识"), "version": ("Version", "版本"),
    "status": ("Status", "状态"), "rule_title": ("Title", "名称"),
    "fingerprint": ("Semantic fingerprint", "语义指纹"), "publication": ("Publication fingerprint", "出版指纹"),
    "suite": ("Suite", "用例集"), "compiler": ("Made by", "生成工具"), "seed": ("Seed", "随机种子"),
    "random": ("Random cases", "随机用例数"), "tolerance": ("Tolerance", "容差"),
    "cases": ("Cases", "用例数"), "sha256": ("SHA-256 of the suite file", "用例集文件 SHA-256"),
    "calculator": ("Calculator", "计算器"), "protocol": ("Protocol", "协议"), "command": ("Command", "命令"),
    "url": ("URL", "URL"), "declared": ("Declared identity", "声明的身份"),
    "declared_fp": ("Declared rule fingerprint", "声明的规则指纹"),
    "matches": ("matches the suite", "与用例集一致"), "differs": ("DIFFERS from the suite", "与用例集不一致"),
    "none": ("none declared", "未声明"),
    "run": ("Run", "运行"), "date": ("Date", "日期"), "pcrlang": ("Verifier", "验证工具"),
    "groups": ("Fields compared", "比较的字段"), "seconds": ("Time (s)", "用时（秒）"),
    "summary": ("Summary", "概要"), "passed": ("Passed", "通过"), "failed": ("Failed", "未通过"),
    "errors": ("Crashed, hung or unreadable", "崩溃、超时或无法读取"), "not_run": ("Not run", "未运行"),
    "skipped": ("Nothing compared", "无比较字段"), "pass_rate": ("Pass rate", "通过率"),
    "verdicts": ("Verdicts compared (cut-off, grades, data quality)", "比较的判定（取舍、分级、数据质量）"),
    "verdicts_differing": ("Verdicts differing", "不一致的判定"),
    "problems": ("Problems", "问题"),
    "failing": ("Failing cases", "未通过的用例"), "no_failing": ("No case failed.", "没有未通过的用例。"),
    "more": ("… and {n} more failing cases: see report.json.", "……另有 {n} 个未通过的用例，见 report.json。"),
    "never": ("Fields no answer holds", "所有回答都缺少的字段"),
    "default": ("default", "默认"), "given": ("given", "指定"),
    "case": ("Case", "用例"), "field": ("Field", "字段"), "expected": ("Expected", "期望"), "got": ("Got", "实际"),
    "reason": ("Reason", "原因"), "clause": ("Clause", "条款"), "input": ("Input", "输入"),
}


def _t(key: str, lang: str) -> str:
    return TEXT[key][lang == "zh"]


def write(report: dict, directory: Path) -> list:
    """report.json, report.en.html and report.zh.html in directory; returns the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / "report.json"]
    paths[0].write_text(dumps(report), encoding="utf-8", newline="\n")
    for lang in ("en", "zh"):
        path = directory / f"report.{lang}.html"
        path.write_text(page(report, lang), encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def dumps(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","PingFang SC","Microsoft YaHei",sans-serif;
margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f23;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f6f8fa;width:16rem}td.num{text-align:right}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;word-break:break-all}
.verdict{padding:.8rem 1rem;font-weight:bold;border-radius:4px}.pass{background:#dafbe1;color:#116329}
.fail{background:#ffebe9;color:#82071e}details{margin:.3rem 0}
"""


def page(report: dict, lang: str) -> str:
    e = html.escape
    r, s, c, m = report["ruleset"], report["suite"], report["calculator"], report["summary"]
    ok = m["verdict"] == "pass"
    title = (r.get("title") or {}).get(lang) or (r.get("title") or {}).get("en") or ""
    out = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f'<title>{e(_t("title", lang))}: {e(r["identifier"])} {e(r["version"])}</title>\n<style>{STYLE}</style>\n'
           f'</head>\n<body>\n<h1>{e(_t("title", lang))}: {e(r["identifier"])} {e(r["version"])}</h1>\n'
           f'<p class="verdict {"pass" if ok else "fail"}">{e(_t("verdict_pass" if ok else "verdict_fail", lang))}</p>']
    if m["problems"]:
        out.append("<ul>" + "".join(f"<li>{e(p)}</li>" for p in m["problems"]) + "</ul>")
    declared = c.get("declared") or {}
    own = declared.get("calculator") if isinstance(declared.get("calculator"), dict) else None
    fp_text = _t("none", lang) if c.get("fingerprint") is None else \
        f'{c["fingerprint"]} ({_t("matches" if c.get("fingerprint_matches") else "differs", lang)})'
    tolerance = s.get("tolerance") or {}
    sections = [
        ("rule", [("identifier", r["identifier"]), ("version", r["version"]), ("status", r.get("status")),
                  ("rule_title", title), ("fingerprint", r["fingerprint"]),
                  ("publication", r.get("publication_fingerprint"))]),
        ("suite", [("compiler", s.get("compiler")), ("seed", s.get("seed")), ("random", s.get("random")),
                   ("tolerance", f'{tolerance.get("relative")} ({_t(tolerance["basis"], lang)})'
                    if tolerance.get("basis") in ("default", "given") else None),
                   ("cases", s.get("cases")), ("sha256", s.get("sha256"))]),
        ("calculator", [("protocol", c.get("protocol")), ("command", c.get("command")), ("url", c.get("url")),
                        ("declared", json.dumps(own, ensure_ascii=False, sort_keys=True) if own else _t("none", lang)),
                        ("declared_fp", fp_text)]),
        ("run", [("date", report["date"]), ("pcrlang", report["pcrlang"]), ("groups", ", ".join(report["groups"])),
                 ("seconds", m["seconds"])]),
        ("summary", [("cases", m["cases"]), ("passed", m["passed"]), ("failed", m["failed"]), ("errors", m["errors"]),
                     ("not_run", m["not_run"]), ("skipped", m["skipped"]), ("pass_rate", f'{m["pass_rate"]:.2%}'),
                     ("verdicts", m["verdicts_compared"]), ("verdicts_differing", m["verdicts_differing"]),
                     ("never", ", ".join(m.get("groups_never_answered") or []) or None)]),
    ]
    for heading, rows in sections:
        out.append(f"<h2>{e(_t(heading, lang))}</h2>\n<table>")
        for key, value in rows:
            if value is None:
                continue
            cls = ' class="mono"' if key in ("fingerprint", "publication", "sha256", "command", "url", "declared",
                                              "declared_fp") else ""
            out.append(f"<tr><th>{e(_t(key, lang))}</th><td{cls}>{e(str(value))}</td></tr>")
        out.append("</table>")
    out.append(f"<h2>{e(_t('failing', lang))}</h2>")
    failing = [x for x in report["cases"] if x["status"] in ("fail", "error", "not_run")]
    if not failing:
        out.append(f"<p>{e(_t('no_failing', lang))}</p>")
    for x in failing[:MAX_SHOWN]:
        out.append(_case(x, report.get("clauses", {}), lang))
    if len(failing) > MAX_SHOWN:
        out.append(f"<p>{e(_t('more', lang).format(n=len(failing) - MAX_SHOWN))}</p>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)


def _case(x: dict, clauses: dict, lang: str) -> str:
    e = html.escape
    title = (x.get("title") or {}).get(lang) or (x.get("title") or {}).get("en") or ""
    parts = [f'<h3><code>{e(x["id"])}</code> {e(title)} <small>({e(x["status"])})</small></h3>']
    if x.get("reason"):
        parts.append(f"<p>{e(x['reason'])}</p>")
    if x["problems"]:
        parts.append(f"<table><tr><th>{e(_t('field', lang))}</th><th>{e(_t('expected', lang))}</th>"
                     f"<th>{e(_t('got', lang))}</th><th>{e(_t('reason', lang))}</th><th>{e(_t('clause', lang))}</th></tr>")
        for p in x["problems"]:
            path = ".".join(str(k) for k in p["path"]) if p["path"] else "-"
            clause = p.get("clause") or ""
            clause_title = (clauses.get(clause) or {}).get(lang) or ""
            if p.get("defined_by"):
                clause_title += " (" + ", ".join(f"{n} {(clauses.get(n) or {}).get(lang) or ''}".strip()
                                                  for n in p["defined_by"]) + ")"
            parts.append(f'<tr><td class="mono">{e(path)}</td><td class="mono">{e(_show(p["expected"]))}</td>'
                         f'<td class="mono">{e(_show(p["got"]))}</td><td>{e(p["reason"])}</td>'
                         f"<td>{e(clause)} {e(clause_title)}</td></tr>")
        parts.append("</table>")
    parts.append(f"<details><summary>{e(_t('input', lang))}</summary><pre class=\"mono\">"
                 f"{e(json.dumps(x.get('input'), ensure_ascii=False, indent=1))}</pre></details>")
    return "\n".join(parts)


def _show(value) -> str:
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def text(report: dict) -> str:
    """A few lines for the terminal: the verdict, the counts and the first failures."""
    m, r = report["summary"], report["ruleset"]
    lines = [f"{r['identifier']} {r['version']} ({r['fingerprint']})",
             f"{m['passed']}/{m['cases']} cases passed ({m['pass_rate']:.2%}); {m['failed']} failed, {m['errors']} "
             f"crashed, hung or unreadable, {m['not_run']} not run"
             + (f", {m['skipped']} compared nothing" if m["skipped"] else "")]
    lines += [f"problem: {p}" for p in m["problems"]]
    if m.get("groups_never_answered"):
        lines.append("note: no answer holds " + ", ".join(m["groups_never_answered"]) + "; if the calculator does not "
                     "give them, compare the rest with --fields " + ",".join(g for g in report["groups"]
                                                                           if g not in m["groups_never_answered"]))
    shown = 0
    for x in report["cases"]:
        if x["status"] not in ("fail", "error", "not_run") or shown >= 10:
            continue
        shown += 1
        lines.append(f"  {x['status'].upper()} {x['id']}: {(x.get('title') or {}).get('en', '')}")
        if x.get("reason"):
            lines.append(f"      {x['reason']}")
        for p in x["problems"][:3]:
            path = ".".join(str(k) for k in p["path"]) if p["path"] else "answer"
            by = f"; defined by {', '.join(p['defined_by'])}" if p.get("defined_by") else ""
            lines.append(f"      {path}: expected {_show(p['expected'])}, got {_show(p['got'])}: {p['reason']}"
                         f" (clause {p.get('clause') or '-'}{by})")
    bad = sum(x["status"] in ("fail", "error", "not_run") for x in report["cases"])
    if bad > shown:
        lines.append(f"  ... and {bad - shown} more (see the report)")
    lines.append("verdict: " + m["verdict"].upper())
    return "\n".join(lines) + "\n"
