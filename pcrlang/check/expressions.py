"""Dimension inference of formulas: names resolve, units multiply, both sides of a sum agree.

`dimension(ctx, e)` is the type of a formula: a dimension (`units.Dimension`), `BOOL` for a
condition, a `KeyType` for a key of a key set, `ANY` for a literal zero (it takes the dimension
of what it meets), or None once an error is reported. A quantity's dimension is read from
`ctx.quantity_dims`, which `quantities.resolve` fills in dependency order, so inference never
follows one quantity into another: it recurses only as deep as one formula nests, and a formula
nested more than MAX_NESTING levels is reported (PCR006) at its declaration.
"""
from __future__ import annotations

from fractions import Fraction

from ..diagnostics import Phrase, hint, msg, phrase
from ..domain import units
from ..domain.vocabulary import FUNCTIONS
from ..syntax import ast
from .names import unknown_value

# Deeper formulas are refused: every later pass (lowering, interpreter, documents) recurses over
# a formula too, and must stay well inside Python's recursion limit.
MAX_NESTING = 400


class _Bool:
    """The type of a condition."""


class _AnyDim:
    """The type of a literal zero: it takes the dimension of what it meets."""


BOOL = _Bool()
ANY = _AnyDim()


class KeyType:
    __slots__ = ("keyset",)

    def __init__(self, keyset: str):
        self.keyset = keyset


class _TooDeep(Exception):
    pass


# ---- entry points ----------------------------------------------------------------------
def dimension(ctx, e, criteria: frozenset = frozenset(), at=None):
    """The type of formula `e`; `criteria` are names read as plain scores (a data-quality rating);
    `at` is the span to report a formula nested too deeply at (the declaration's name), else its own."""
    return _guarded(ctx, e, criteria, _infer, at)


def condition(ctx, e) -> None:
    """Check a formula used as a condition (PCR307 if it is not one)."""
    _guarded(ctx, e, frozenset(), _condition, None)


def _guarded(ctx, e, criteria, infer, at):
    before = len(ctx.diagnostics)
    try:
        return infer(ctx, e, criteria, 0)
    except (_TooDeep, RecursionError):  # RecursionError: a caller already deep in the stack
        del ctx.diagnostics[before:]  # the formula is reported once, as a whole
        ctx.used.update(n for n in names_in(e) if n in ctx.values)
        ctx.error("PCR006", msg("levels", limit=MAX_NESTING), at or e.span)
        return None


# ---- helpers shared with the passes -------------------------------------------------------
def describe(t) -> str:
    if t is BOOL:
        return "a condition"
    if isinstance(t, KeyType):
        return f"a key of `{t.keyset}`"
    if t is ANY:
        return "zero"
    return units.describe(t)


def described(t) -> Phrase:
    """`describe(t)` as a phrase of the catalogue of messages, shown in the message's language."""
    if t is BOOL:
        return phrase("condition")
    if isinstance(t, KeyType):
        return phrase("key_of", keyset=t.keyset)
    if t is ANY:
        return phrase("zero")
    return phrase("dimension", dim=t)


def numeric(ctx, t, span) -> bool:
    if t is None:
        return False
    if t is BOOL:
        ctx.error("PCR307", msg("number"), span)
        return False
    if isinstance(t, KeyType):
        ctx.error("PCR310", msg(got=described(t)), span)
        return False
    return True


def is_quantity(t) -> bool:
    """A dimension to compare with an expected one (not an error, not zero, not a condition or key)."""
    return t is not None and t is not ANY


def same(ctx, a, b, span, what: Phrase):
    """Unify two numeric dimensions for +, -, min, max, comparisons and branches."""
    if a is ANY:
        return b
    if b is ANY or a == b:
        return a
    ctx.error("PCR302", msg("operands", what=what, a=described(a), b=described(b)), span)
    return None


_FIELDS = ("left", "right", "operand", "condition", "then", "otherwise", "body", "weight")


def children(x) -> list:
    """The sub-formulas of a formula node, in the order inference visits them."""
    if isinstance(x, ast.Call):
        return list(x.args)
    if isinstance(x, ast.Lookup):
        return [x.key]
    return [v for v in (getattr(x, name, None) for name in _FIELDS) if v is not None]


def names_in(e):
    """Every name a formula refers to (tables looked up included), without recursion."""
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, ast.NameRef):
            yield x.name
        elif isinstance(x, (ast.Lookup, ast.RowSum, ast.RowAverage)):
            yield x.table.value
        stack.extend(reversed(children(x)))


def constant(e) -> Fraction | None:
    """The value of a formula made only of numbers, else None (also on a division by zero)."""
    values: list = []
    stack = [(e, False)]
    while stack:
        x, ready = stack.pop()
        if isinstance(x, ast.Number):
            values.append(x.value)
        elif isinstance(x, ast.Negate):
            if ready:
                values.append(-values.pop())
            else:
                stack += [(x, True), (x.operand, False)]
        elif isinstance(x, ast.Binary):
            if not ready:
                stack += [(x, True), (x.right, False), (x.left, False)]
                continue
            b, a = values.pop(), values.pop()
            if x.op == "/" and b == 0:
                return None
            values.append(a + b if x.op == "+" else a - b if x.op == "-" else a * b if x.op == "*" else a / b)
        else:
            return None
    return values[0]


def is_literal_zero(e) -> bool:
    while isinstance(e, ast.Negate):
        e = e.operand
    return isinstance(e, ast.Number) and e.value == 0


# ---- inference, one rule per node type ------------------------------------------------------
def _infer(ctx, e, criteria, depth):
    if depth > MAX_NESTING:
        raise _TooDeep
    return _RULES[type(e)](ctx, e, criteria, depth + 1)


def _condition(ctx, e, criteria, depth) -> None:
    t = _infer(ctx, e, criteria, depth)
    if t is not None and t is not BOOL:
        ctx.error("PCR307", msg("condition", got=described(t)), e.span)


def _number(ctx, e: ast.Number, criteria, depth):
    return ANY if e.value == 0 else units.DIMENSIONLESS


def _key_literal(ctx, e: ast.KeyLiteral, criteria, depth):
    return KeyType("")  # bound by the comparison or lookup that uses it


def _name_ref(ctx, e: ast.NameRef, criteria, depth):
    name = e.name
    if name in criteria:
        return units.DIMENSIONLESS
    decl = ctx.values.get(name)
    if decl is None:
        unknown_value(ctx, name, e.span)
        return None
    ctx.used.add(name)
    if isinstance(decl, ast.Input):
        info = ctx.inputs.get(name)
        if info is None:
            return None
        return KeyType(info.keyset) if info.keyset else info.dimension
    if isinstance(decl, (ast.Factor, ast.DatedFactor)):
        info = ctx.factors.get(name)
        return info.dimension if info else None
    if isinstance(decl, ast.Quantity):
        return ctx.quantity_dims.get(name)
    if isinstance(decl, ast.RowsInput):
        ctx.error("PCR216", msg(name=name), e.span,
                  hint("sum_rows", name=name))
        return None
    ctx.error("PCR204", msg("table" if isinstance(decl, ast.Table) else "keyset", name=name), e.span)
    return None


# ---- tables of rows ---------------------------------------------------------------------------
def rows_table(ctx, var: ast.Name, table: ast.Name):
    """The InputInfo of the table of rows a row variable ranges over, or None after reporting."""
    decl = ctx.values.get(table.value)
    if decl is None:
        unknown_value(ctx, table.value, table.span)
        return None
    ctx.used.add(table.value)
    if not isinstance(decl, ast.RowsInput):
        ctx.error("PCR213", msg(name=table.value), table.span,
                  hint("rows_input"))
        return None
    if var.value in ctx.values:
        ctx.error("PCR218", msg(name=var.value), var.span,
                  hint("row_variable"))
    return ctx.inputs.get(table.value)


def in_rows(ctx, var: ast.Name, info, infer):
    """infer() with the row variable bound to the table `info` (a sum over a table inside another
    over the same table is PCR219: one row of a table is in scope at a time)."""
    if info is None:
        return None
    if any(other is info for other in ctx.rows_scope.values()):
        ctx.error("PCR219", msg(table=info.decl.name.value), var.span)
        return None
    outer = ctx.rows_scope.get(var.value)
    ctx.rows_scope[var.value] = info
    try:
        return infer()
    finally:
        if outer is None:
            del ctx.rows_scope[var.value]
        else:
            ctx.rows_scope[var.value] = outer


def _row_sum(ctx, e: ast.RowSum, criteria, depth):
    info = rows_table(ctx, e.var, e.table)
    t = in_rows(ctx, e.var, info, lambda: _infer(ctx, e.body, criteria, depth))
    return t if numeric(ctx, t, e.body.span) else None


def _row_average(ctx, e: ast.RowAverage, criteria, depth):
    info = rows_table(ctx, e.var, e.table)
    t, w = in_rows(ctx, e.var, info, lambda: (_infer(ctx, e.body, criteria, depth),
                                               _infer(ctx, e.weight, criteria, depth))) or (None, None)
    if not (numeric(ctx, t, e.body.span) & numeric(ctx, w, e.weight.span)):
        return None
    return t


def _column_ref(ctx, e: ast.ColumnRef, criteria, depth):
    info = ctx.rows_scope.get(e.var.value)
    if info is None:
        ctx.error("PCR214", msg(name=e.var.value), e.var.span,
                  hint("column_inside", var=e.var.value))
        return None
    column = next((c for c in info.columns if c.decl.name.value == e.column.value), None)
    if column is None:
        names = [c.decl.name.value for c in info.columns]
        ctx.error("PCR215", msg(table=info.decl.name.value, column=e.column.value), e.column.span,
                  ctx.suggest(e.column.value, names))
        return None
    if column.is_text:
        ctx.error("PCR217", msg(column=e.column.value), e.span)
        return None
    return KeyType(column.keyset) if column.keyset else column.dimension


def _call(ctx, e: ast.Call, criteria, depth):
    f = e.function.value
    types = [_infer(ctx, a, criteria, depth) for a in e.args]
    if f not in FUNCTIONS:
        ctx.error("PCR205", msg(name=f), e.function.span, ctx.suggest(f, FUNCTIONS))
        return None
    if len(e.args) < 2:
        ctx.error("PCR206", msg(name=f), e.span)
        return None
    result = ANY
    for a, t in zip(e.args, types):
        if not numeric(ctx, t, a.span):
            return None
        result = same(ctx, result, t, e.span, phrase("function", name=f))
        if result is None:
            return None
    return result


def _lookup(ctx, e: ast.Lookup, criteria, depth):
    name = e.table.value
    decl = ctx.values.get(name)
    key_type = _infer(ctx, e.key, criteria, depth)
    if decl is None:
        unknown_value(ctx, name, e.table.span)
        return None
    ctx.used.add(name)
    if not isinstance(decl, ast.Table):
        ctx.error("PCR207", msg(name=name), e.table.span)
        return None
    info = ctx.tables.get(name)
    keyset = decl.keyset.value
    if not isinstance(ctx.values.get(keyset), ast.KeySet):
        pass  # the table's key set is wrong, reported at the table (PCR201 or PCR208)
    elif isinstance(e.key, ast.KeyLiteral):
        keys = ctx.keys(keyset)
        if keys and e.key.value not in keys:
            ctx.error("PCR209", msg(key=e.key.value, keyset=keyset), e.key.span,
                      ctx.suggest(e.key.value, keys))
    elif key_type is not None and not (isinstance(key_type, KeyType) and key_type.keyset == keyset):
        ctx.error("PCR208", msg("keyed", name=name, keyset=keyset, got=described(key_type)), e.key.span)
    return info.dimension if info else None


def _binary(ctx, e: ast.Binary, criteria, depth):
    a, b = _infer(ctx, e.left, criteria, depth), _infer(ctx, e.right, criteria, depth)
    if e.op == "/" and is_literal_zero(e.right):
        ctx.error("PCR306", msg(), e.right.span)
        return None
    if not (numeric(ctx, a, e.left.span) & numeric(ctx, b, e.right.span)):
        return None
    if e.op in "+-":
        return same(ctx, a, b, e.span, phrase("addition" if e.op == "+" else "subtraction"))
    if a is ANY or b is ANY:
        return ANY
    return units.multiply(a, b) if e.op == "*" else units.divide(a, b)


def _negate(ctx, e: ast.Negate, criteria, depth):
    t = _infer(ctx, e.operand, criteria, depth)
    return t if numeric(ctx, t, e.operand.span) else None


def _compare(ctx, e: ast.Compare, criteria, depth):
    a, b = _infer(ctx, e.left, criteria, depth), _infer(ctx, e.right, criteria, depth)
    if a is None or b is None:
        return BOOL
    if isinstance(a, KeyType) or isinstance(b, KeyType):
        key_side, other = (a, b) if isinstance(a, KeyType) else (b, a)
        key_text = described(key_side) if key_side.keyset else phrase("a_key")
        if isinstance(other, KeyType) and e.op not in ("==", "!="):
            ctx.error("PCR308", msg("ordered", op=e.op), e.span, hint("key_compare"))
            return BOOL
        if not isinstance(other, KeyType):
            other_text = (phrase("a_number") if other is ANY or other == units.DIMENSIONLESS
                          else described(other) if other is BOOL else phrase("a_quantity", dimension=described(other)))
            ctx.error("PCR308", msg("compared", key=key_text, other=other_text), e.span)
            return BOOL
        keyset = a.keyset or b.keyset
        literal = e.right if isinstance(e.right, ast.KeyLiteral) else e.left if isinstance(e.left, ast.KeyLiteral) else None
        if keyset and literal is not None:
            keys = ctx.keys(keyset)
            if literal.value not in keys:
                ctx.error("PCR209", msg(key=literal.value, keyset=keyset), literal.span,
                          ctx.suggest(literal.value, keys))
        return BOOL
    if numeric(ctx, a, e.left.span) & numeric(ctx, b, e.right.span):
        same(ctx, a, b, e.span, phrase("comparison"))
    return BOOL


def _logical(ctx, e: ast.Logical, criteria, depth):
    _condition(ctx, e.left, criteria, depth)
    _condition(ctx, e.right, criteria, depth)
    return BOOL


def _not(ctx, e: ast.Not, criteria, depth):
    _condition(ctx, e.operand, criteria, depth)
    return BOOL


def _conditional(ctx, e: ast.Conditional, criteria, depth):
    _condition(ctx, e.condition, criteria, depth)
    a, b = _infer(ctx, e.then, criteria, depth), _infer(ctx, e.otherwise, criteria, depth)
    if not (numeric(ctx, a, e.then.span) & numeric(ctx, b, e.otherwise.span)):
        return None
    return same(ctx, a, b, e.span, phrase("branches"))


_RULES = {
    ast.Number: _number, ast.KeyLiteral: _key_literal, ast.NameRef: _name_ref, ast.Call: _call,
    ast.Lookup: _lookup, ast.Binary: _binary, ast.Negate: _negate, ast.Compare: _compare,
    ast.Logical: _logical, ast.Not: _not, ast.Conditional: _conditional, ast.RowSum: _row_sum,
    ast.RowAverage: _row_average, ast.ColumnRef: _column_ref,
}
