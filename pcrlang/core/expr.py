"""Core expressions: the typed nodes every construct lowers to.

Frozen attrs nodes, each with its type and the span of the text it came from (synthesized nodes
carry the span of the construct that produced them). One walker (`children`, `walk`) serves every
pass; the interpreter evaluates these nodes, every backend translates them.

Types: a number has a dimension (an exponent vector over base dimensions, see
pcrlang/domain/units.py); a condition is a `bool`; a key of a key set is a `key`.

Numbers are exact Fractions in base units (kg, J, m, s, ...); an `Input` is the value in the unit
the input is declared in, and `ToBase` converts it (an exact factor), so documents can show a
formula in the units its clauses declare and the calculators fold the factor into constants.
"""
from __future__ import annotations

from fractions import Fraction
from typing import ClassVar, Iterator, Optional, Union

import attrs

from ..source import Span

frozen = attrs.frozen(slots=True)


@frozen
class Type:
    kind: str  # number, bool, key
    dimension: tuple = ()  # for numbers: ((base, exponent), ...), sorted by base
    keyset: Optional[str] = None  # for keys

    @staticmethod
    def number(dimension: tuple = ()) -> "Type":
        return _NUMBER_TYPES.get(dimension) or _NUMBER_TYPES.setdefault(dimension, Type("number", dimension))


_NUMBER_TYPES: dict = {}
BOOL = Type("bool")
DIMENSIONLESS = Type.number(())


def _node(op: str):
    """A frozen node class whose JSON `node` tag is `op`."""
    def wrap(cls):
        cls = frozen(cls)
        cls.OP = op
        return cls
    return wrap


@_node("const")
class Const:
    OP: ClassVar[str]
    value: Fraction
    type: Type
    span: Optional[Span] = None


@_node("input")
class Input:
    OP: ClassVar[str]
    name: str  # the input's value in its declared unit (a key for a key-set input)
    type: Type
    span: Optional[Span] = None


@_node("to_base")
class ToBase:
    """A unit conversion: operand x factor, exactly (t -> kg is x 1000)."""
    OP: ClassVar[str]
    operand: "Expr"
    factor: Fraction
    type: Type
    span: Optional[Span] = None


@_node("factor")
class Factor:
    OP: ClassVar[str]
    name: str  # the factor's value in base units
    type: Type
    span: Optional[Span] = None


@_node("lookup")
class Lookup:
    OP: ClassVar[str]
    table: str  # the table's value for the key, in base units
    key: "Expr"
    type: Type
    span: Optional[Span] = None


@_node("ref")
class Ref:
    """The value of a binding of the program (a quantity, an allocation share, the production...)."""
    OP: ClassVar[str]
    name: str
    type: Type
    span: Optional[Span] = None


@_node("key")
class Key:
    OP: ClassVar[str]
    value: str
    type: Type
    span: Optional[Span] = None


@_node("binary")
class Binary:
    OP: ClassVar[str]
    fn: str  # add, sub, mul, div (division by zero refuses the calculation)
    left: "Expr"
    right: "Expr"
    type: Type
    span: Optional[Span] = None


@_node("neg")
class Neg:
    OP: ClassVar[str]
    operand: "Expr"
    type: Type
    span: Optional[Span] = None


@_node("extreme")
class Extreme:
    OP: ClassVar[str]
    fn: str  # min, max
    args: tuple
    type: Type
    span: Optional[Span] = None


@_node("sum")
class Sum:
    """An exact sum of any number of terms (floating-point backends sum them exactly, fsum)."""
    OP: ClassVar[str]
    args: tuple
    type: Type
    span: Optional[Span] = None


@_node("if")
class If:
    """The value of `then` or `otherwise`; only the branch taken is evaluated."""
    OP: ClassVar[str]
    condition: "Expr"
    then: "Expr"
    otherwise: "Expr"
    type: Type
    span: Optional[Span] = None


@_node("compare")
class Compare:
    OP: ClassVar[str]
    fn: str  # < <= > >= == !=
    left: "Expr"
    right: "Expr"
    type: Type
    span: Optional[Span] = None


@_node("logic")
class Logic:
    """`and` / `or`, evaluated left to right; the right side only when it decides."""
    OP: ClassVar[str]
    fn: str  # and, or
    left: "Expr"
    right: "Expr"
    type: Type
    span: Optional[Span] = None


@_node("not")
class Not:
    OP: ClassVar[str]
    operand: "Expr"
    type: Type
    span: Optional[Span] = None


@_node("refuse")
class Refuse:
    """A refused calculation where it is evaluated (no electricity source admissible, say)."""
    OP: ClassVar[str]
    code: str  # a code of the run-time error catalogue (pcrlang/semantics/errors.py)
    subject: str  # the formula or block it names
    clause: str
    type: Type
    span: Optional[Span] = None


@_node("criterion")
class Criterion:
    """A data-quality score of the input being rated (only inside a rating formula)."""
    OP: ClassVar[str]
    name: str
    type: Type
    span: Optional[Span] = None


@_node("contribution")
class ContributionValue:
    """A contribution's value per declared unit (only in report fields)."""
    OP: ClassVar[str]
    name: str
    measure: str  # gas_kg or co2e_kg
    type: Type
    span: Optional[Span] = None


@_node("row_sum")
class RowSum:
    """The exact sum of `body` over the rows of the table of rows `table` (zero for no rows)."""
    OP: ClassVar[str]
    table: str
    body: "Expr"
    type: Type
    span: Optional[Span] = None


@_node("column")
class Column:
    """A column of the current row of `table` (inside a row sum or a per-row binding), in the
    column's declared unit (a key for a key column)."""
    OP: ClassVar[str]
    table: str
    name: str
    type: Type
    span: Optional[Span] = None


Expr = Union[Const, Input, ToBase, Factor, Lookup, Ref, Key, Binary, Neg, Extreme, Sum, If, Compare, Logic, Not,
             Refuse, Criterion, ContributionValue, RowSum, Column]
NODES = (Const, Input, ToBase, Factor, Lookup, Ref, Key, Binary, Neg, Extreme, Sum, If, Compare, Logic, Not, Refuse,
         Criterion, ContributionValue, RowSum, Column)
BY_OP = {cls.OP: cls for cls in NODES}

# the fields of each node class that hold sub-expressions (a tuple field holds several)
_CHILDREN = {
    ToBase: ("operand",), Lookup: ("key",), Binary: ("left", "right"), Neg: ("operand",), Extreme: ("args",),
    Sum: ("args",), If: ("condition", "then", "otherwise"), Compare: ("left", "right"),
    Logic: ("left", "right"), Not: ("operand",), RowSum: ("body",),
}


def children(e) -> tuple:
    out = []
    for name in _CHILDREN.get(type(e), ()):
        value = getattr(e, name)
        if isinstance(value, tuple):
            out.extend(value)
        else:
            out.append(value)
    return tuple(out)


def walk(e) -> Iterator:
    """Every node of e, parents before children (iterative: deep formulas do not recurse)."""
    stack = [e]
    while stack:
        x = stack.pop()
        yield x
        stack.extend(reversed(children(x)))


def references(e, kind) -> set[str]:
    """The names of nodes of one class (Input, Factor, Ref, ...) that e uses directly."""
    out = set()
    for x in walk(e):
        if type(x) is kind:
            out.add(x.name)
        elif kind is Factor and type(x) is Lookup:
            out.add(x.table)
    return out


def const(value, dimension: tuple = (), span: Optional[Span] = None) -> Const:
    return Const(Fraction(value), Type.number(dimension), span)


def is_const(e) -> bool:
    return type(e) is Const
