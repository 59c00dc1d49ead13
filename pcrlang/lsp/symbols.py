"""Document outline: the declarations of the file, with stages, processes, keys and columns inside."""
from __future__ import annotations

from ..syntax import ast


def _label(node) -> tuple[str, str] | None:
    """(name, kind) of a declaration, or None for one without a name of its own."""
    if isinstance(node, ast.Override):
        return _label(node.declaration)
    if isinstance(node, ast.Header):
        return node.identifier, "ruleset"
    if isinstance(node, ast.Library):
        return node.identifier, "library"
    if isinstance(node, ast.Example):
        return node.title, "example"
    if isinstance(node, ast.Import):
        return node.path, "import"
    if isinstance(node, ast.Boundary):
        return node.kind.value, "boundary"
    if isinstance(node, ast.Cutoff):
        return "cutoff", "cutoff"
    if isinstance(node, ast.Grading):
        return "grading", "grading"
    if isinstance(node, ast.BiogenicContent):
        return "biogenic_carbon_content", "biogenic_carbon_content"
    name = getattr(node, "name", None)
    if isinstance(name, ast.Name):
        kind = node.direction if isinstance(node, ast.Contribution) else type(node).__name__.lower()
        return name.value, kind
    return None


def _children(node) -> list:
    if isinstance(node, ast.Override):
        return _children(node.declaration)
    if isinstance(node, ast.Boundary):
        return list(node.stages) + list(node.exclusions)
    if isinstance(node, ast.Stage):
        return list(node.processes)
    if isinstance(node, ast.KeySet):
        return list(node.keys)
    if isinstance(node, ast.RowsInput):
        return list(node.columns)
    return []


def outline(module: ast.Module, path: str, imports=()) -> list[dict]:
    """[{name, kind, span, selection, children}] for the declarations written in `path`."""
    def entry(node):
        label = _label(node)
        if label is None:
            return None
        name_node = getattr(node, "name", None)
        span = getattr(node, "span", None) or name_node.span
        selection = name_node.span if isinstance(name_node, ast.Name) else span
        return {"name": label[0], "kind": label[1], "span": span, "selection": selection,
                "children": [c for c in map(entry, _children(node)) if c is not None]}
    found = [e for e in (entry(d) for d in list(imports) + list(module.declarations) if _span_file(d) == path)
             if e is not None]
    return sorted(found, key=lambda e: (e["span"].line, e["span"].column))


def _span_file(node) -> str | None:
    span = getattr(node, "span", None)
    return span.file if span is not None else None
