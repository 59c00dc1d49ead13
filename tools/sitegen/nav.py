"""The navigation: mkdocs.yml lists every page; its Rulesets section is generated between the
lines NAV_BEGIN and NAV_END."""
from __future__ import annotations

import re

from pcrlang.compiler import compile_file

from .common import library_files, ruleset_files

NAV_BEGIN = "# BEGIN GENERATED rulesets nav (python -m tools.sitegen)"
NAV_END = "# END GENERATED rulesets nav"
_TITLE_PREFIXES = ("Product carbon footprint rules for ", "Carbon footprint rules for ")


def short_title(title: str) -> str:
    """`Product carbon footprint rules for cathode copper` -> `Cathode copper`."""
    for prefix in _TITLE_PREFIXES:
        if title.startswith(prefix):
            title = title[len(prefix):]
    return title[:1].upper() + title[1:]


def rulesets_nav(indent: str) -> str:
    lines = [f"{indent}- rulesets/index.md"]
    for path in ruleset_files():
        c = compile_file(str(path), run_examples=False)
        title = short_title(c.ruleset.title.en or path.stem) if c.ok else path.stem
        name = path.stem
        lines += [f"{indent}- {_yaml(title)}:",
                  f"{indent}    - English: rulesets/{name}/en/index.md",
                  f"{indent}    - 中文: rulesets/{name}/zh/index.md",
                  f"{indent}    - Source: rulesets/{name}/source.md"]
    libraries = library_files()
    if libraries:
        lines.append(f"{indent}- Libraries:")
        lines += [f"{indent}    - rulesets/lib/{p.stem}.md" for p in libraries]
    return "\n".join(lines) + "\n"


def _yaml(text: str) -> str:
    """A YAML plain scalar, quoted when it could be read as something else."""
    if re.fullmatch(r"[A-Za-z\u4e00-\u9fff][A-Za-z0-9 ,()\-\u4e00-\u9fff]*", text) and ": " not in text:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fill_nav(config: str) -> str:
    """mkdocs.yml with its generated Rulesets section brought up to date."""
    begin, end = config.find(NAV_BEGIN), config.find(NAV_END)
    if begin < 0 or end < begin:
        raise SystemExit(f"mkdocs.yml lacks the lines `{NAV_BEGIN}` and `{NAV_END}`")
    line_start = config.rfind("\n", 0, begin) + 1
    indent = config[line_start:begin]
    return config[:begin + len(NAV_BEGIN)] + "\n" + rulesets_nav(indent) + indent + config[end:]
