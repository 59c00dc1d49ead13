"""Formulas from text: the parser's expression rule, for templates the language itself defines
(the Circular Footprint Formula's terms in pcrlang/domain/recycling.py)."""
from __future__ import annotations

from functools import lru_cache

from . import ast


@lru_cache(maxsize=None)
def parse_expression(text: str):
    """The AST of one formula, parsed as the right-hand side of a quantity."""
    from .parse import parse_text
    module, diagnostics = parse_text(f"quantity _template = {text}\n", "<template>")
    if diagnostics or len(module.declarations) != 1:
        raise ValueError(f"not a formula: {text!r}")
    (quantity,) = module.declarations
    assert isinstance(quantity, ast.Quantity)
    return quantity.expr
