"""What the checker's passes share: the module, the diagnostics, the declared names, the units.

`check()` (in `__init__.py`) makes one `Context` and runs the passes over it in a fixed order.
A pass reads what earlier passes stored here and returns what it computes; `check()` stores the
results that later passes need (resolved inputs, factors and tables, the reference period) in
the fields below, so the order in which fields are filled is written in one place.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Optional

import attrs

from ..diagnostics import Hint, Message, Phrase, diagnostic, did_you_mean, msg, phrase
from ..domain import units
from ..source import Span
from ..syntax import ast
from .magnitude import LIMIT, scale

MAX_UNIT_POWER = 12
# Did-you-mean compares a misspelt name with every candidate (difflib, about 1.5 us each). A file
# with thousands of misspellings among thousands of names would make that quadratic, so a check
# spends at most this many comparisons on suggestions; later misspellings get the code's help.
SUGGESTION_BUDGET = 1_000_000
_UNIT_NAMES = sorted(set(units.suggestions()))
# Units resolved without a diagnostic, by their factors as written ((name, power), ...): the unit
# table is fixed, so a unit resolves the same in every check (the language server checks the
# same units at each edit). Units with a diagnostic are resolved again, to report it where written.
_RESOLVED: dict[tuple, tuple] = {}
MAX_RESOLVED = 10_000


@attrs.define(eq=False)
class Context:
    module: ast.Module
    library_mode: bool = False  # a library file (no ruleset header): some rules wait for the importer
    diagnostics: list = attrs.Factory(list)
    # filled by check() from the passes, in this order:
    values: dict = attrs.Factory(dict)  # name -> first declaration of inputs, factors, tables, quantities, key sets
    inputs: dict = attrs.Factory(dict)  # name -> InputInfo (inputs.check_inputs)
    factors: dict = attrs.Factory(dict)  # name -> FactorInfo or None (inputs.check_factors)
    tables: dict = attrs.Factory(dict)  # name -> FactorInfo or None (inputs.check_tables)
    period: Optional[tuple] = None  # (start, end) of the reference period (header.check_period)
    quantity_dims: dict = attrs.Factory(dict)  # quantity name -> dimension (quantities.resolve fills it)
    rows_scope: dict = attrs.Factory(dict)  # row variable -> table of rows, inside `sum(row in t: ...)`
    declared_gases: frozenset = frozenset()  # gases beyond the built-in ones that the chosen GWP table lists
    # grown by every pass:
    used: set = attrs.Factory(set)  # names a formula refers to
    unit_cache: dict = attrs.Factory(dict)  # id of an ast.UnitExpr -> (to_base, dimension) or None
    _budget: int = attrs.field(factory=lambda: SUGGESTION_BUDGET)  # comparisons left for suggestions
    _suggestions: dict = attrs.Factory(dict)  # (kind, name) -> suggestion, for the big candidate sets
    _keys: dict = attrs.Factory(dict)  # key set name -> its keys

    # ---- reporting --------------------------------------------------------------------
    def error(self, code: str, message: Message, span: Span, help: Hint | None = None, fix=None) -> None:
        self.diagnostics.append(diagnostic(code, message, span, help, fix))

    def suggest(self, name: str, candidates, kind: str | None = None) -> Hint | None:
        """`did you mean ...?` for a misspelt name, within the check's budget of comparisons.

        With a `kind`, the candidates are the same every time for that kind (the declared names,
        the unit table) and the answer is remembered per name."""
        if kind is not None and (kind, name) in self._suggestions:
            return self._suggestions[kind, name]
        cost = len(candidates)
        if cost > self._budget:
            return None
        self._budget -= cost
        found = did_you_mean(name, candidates)
        if kind is not None:
            self._suggestions[kind, name] = found
        return found

    def bilingual(self, text: Optional[ast.Text], span: Span, what: Phrase, code: str = "PCR-W08") -> ast.Text:
        """PCR-W08 (or `code`) unless `text` has both languages; `what` is a `phrase` ("input `x`")."""
        if text is None or text.zh is None or text.en is None:
            missing = ("both" if text is None or (text.zh is None and text.en is None)
                       else "zh" if text.zh is None else "en")
            self.error(code, msg("missing", what=what, missing=phrase(missing)), span)
        return text or ast.Text(None, None, span)

    def keys(self, keyset: str) -> dict:
        """The keys of a declared key set (key -> ast.Key, in order); empty if `keyset` is no key set."""
        found = self._keys.get(keyset)
        if found is None:
            decl = self.values.get(keyset)
            found = {k.name.value: k for k in decl.keys} if isinstance(decl, ast.KeySet) else {}
            self._keys[keyset] = found
        return found

    def unparsed(self, word: str) -> bool:
        """A declaration starting with this keyword (or declaring this name) failed to parse."""
        return word in self.module.unparsed_names

    def own(self, decl) -> bool:
        """The declaration is in the checked file itself, not in an imported or extended module."""
        return decl.span.file == self.module.path

    # ---- units ------------------------------------------------------------------------
    def unit(self, u: ast.UnitExpr) -> tuple[Fraction, tuple] | None:
        """(factor to base units, dimension) of a unit as written, or None after reporting why."""
        key = id(u)
        if key in self.unit_cache:
            return self.unit_cache[key]
        written = tuple((f.name, f.power) for f in u.factors)
        known = _RESOLVED.get(written)
        if known is not None:  # resolved before (in this check or an earlier one), with no diagnostic
            self.unit_cache[key] = known
            return known
        powers, dimension, ok = [], units.DIMENSIONLESS, True
        for f in u.factors:
            if not isinstance(f.power, int) or abs(f.power) > MAX_UNIT_POWER:
                self.error("PCR309", msg("fraction" if not isinstance(f.power, int) else "large", unit=f.name), f.span)
                ok = False
                continue
            if f.name in units.OFFSET_UNITS:
                self.error("PCR303", msg(unit=f.name), f.span)
                ok = False
                continue
            found = units.lookup(f.name)
            if found is None:
                self.error("PCR301", msg(unit=f.name), f.span, self.suggest(f.name, _UNIT_NAMES, "unit"))
                ok = False
                continue
            powers.append((found[0], f.power))
            dimension = units.multiply(dimension, units.power(found[1], f.power))
        factor = scale(powers) if ok else None
        if isinstance(factor, str):
            high = factor.startswith("more")
            self.error("PCR311", msg("high" if high else "low", unit=u.text(), limit=f"1e{LIMIT}" if high else f"1e-{LIMIT}"),
                       u.span)
            ok = False
        result = (factor, dimension) if ok else None
        self.unit_cache[key] = result
        if ok and len(_RESOLVED) < MAX_RESOLVED:
            _RESOLVED[written] = result
        return result
