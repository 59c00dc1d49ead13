"""docs/errors.md: the run-time error catalogue (pcrlang/semantics/errors.py) as a page: every code
a calculation can be refused with, what it names, and each message in English and Chinese."""
from __future__ import annotations

from pcrlang.semantics.errors import ERRORS

from .common import GENERATED_NOTE, cell as _cell


def errors_page() -> str:
    out = [GENERATED_NOTE, "# Run-time errors", "",
           "A calculation is refused, never answered in part, with one of these codes: the reference interpreter, "
           "every generated calculator and every batch target use this catalogue (`pcrlang/semantics/errors.py`), "
           "and the same case gives the same code in every target. A refusal is "
           '`{"error": {"code", "message", "field", "formula", "clause"}}`; messages are in English or, with '
           "`--lang zh`, in Chinese. Codes are stable: a code is never renamed or reused.", "",
           "| code | title | 标题 | names | what to do |", "|---|---|---|---|---|"]
    for code, entry in ERRORS.items():
        names = ", ".join(f"`{f}`" for f in entry["fields"]) or "—"
        out.append(f"| [`{code}`](#{code}) | {_cell(entry['title'][0])} | {_cell(entry['title'][1])} "
                   f"| {names} | {_cell(entry['help'][0])} |")
    for code, entry in ERRORS.items():
        out += ["", f"## {code}", "", f"**{_cell(entry['title'][0])}** · {_cell(entry['title'][1])}", "",
                f"{_cell(entry['help'][0])}  ", f"{_cell(entry['help'][1])}", "",
                "| variant | message | 消息 |", "|---|---|---|"]
        for variant, (en, zh) in entry["messages"].items():
            out.append(f"| `{variant}` | `{_cell(en)}` | `{_cell(zh)}` |")
    return "\n".join(out) + "\n"
