"""Check: resolve names, infer dimensions, and enforce the rules of a product carbon footprint
rule (boundary, allocation, cut-off, examples). Collects every diagnostic of a file in one run.
"""
from __future__ import annotations

import re
from fractions import Fraction

import attrs
from typing import Optional

from .domain import units
from .syntax import ast
from .syntax.printer import format_expr
from .diagnostics import Diagnostic, diagnostic, did_you_mean
from .domain.gases import GASES, GWP_SETS, GWP_SOURCES
from .domain import vocabulary
from .domain.vocabulary import (BOUNDARY_PHASES, CARBON_KINDS, FACTOR_KINDS, FUNCTIONS, RECYCLING_A,
                                RESERVED, ROUNDING_MODES)
from .domain import recycling as cff
from .model import FactorInfo, InputInfo, Model
from .source import Span, collector_paused

PHASES = tuple(vocabulary.PHASES)
STATUSES = tuple(vocabulary.STATUSES)
ALLOCATION_METHODS = tuple(vocabulary.ALLOCATION_METHODS)
CUTOFF_BASES = tuple(vocabulary.CUTOFF_BASES)
SEMVER = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_UNIT_POWER = 12


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


class Checker:
    def __init__(self, module: ast.Module):
        self.module = module
        self.diagnostics: list[Diagnostic] = []
        self.values: dict[str, object] = {}  # name -> declaration (inputs, factors, tables, quantities, keysets)
        self.used: set[str] = set()
        self.unit_cache: dict[int, tuple[Fraction, tuple] | None] = {}
        self.criteria_scope: frozenset[str] = frozenset()
        self.packaging: set[str] = set()
        self.deferred: dict[str, tuple] = {}  # problems of imported dated factors, reported if used  # data-quality criteria, inside a rating formula

    # ---- reporting --------------------------------------------------------------------
    def error(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        self.diagnostics.append(diagnostic(code, message, span, help))

    # ---- units ------------------------------------------------------------------------
    def unit(self, u: ast.UnitExpr, report: bool = True) -> tuple[Fraction, tuple] | None:
        key = id(u)
        if key in self.unit_cache:
            return self.unit_cache[key]
        factor, dimension, ok = Fraction(1), units.DIMENSIONLESS, True
        for f in u.factors:
            if not isinstance(f.power, int) or abs(f.power) > MAX_UNIT_POWER:
                if report:
                    what = "is not a whole number" if not isinstance(f.power, int) else "is too large"
                    self.error("PCR309", f"the exponent of `{f.name}` {what}", f.span)
                ok = False
                continue
            if f.name in units.OFFSET_UNITS:
                if report:
                    self.error("PCR303", f"`{f.name}` is a unit with an offset", f.span)
                ok = False
                continue
            found = units.lookup(f.name)
            if found is None:
                if report:
                    self.error("PCR301", f"unknown unit `{f.name}`", f.span,
                               did_you_mean(f.name, units.suggestions()))
                ok = False
                continue
            factor *= found[0] ** f.power
            dimension = units.multiply(dimension, units.power(found[1], f.power))
        result = (factor, dimension) if ok else None
        self.unit_cache[key] = result
        return result

    # ---- text -------------------------------------------------------------------------
    def bilingual(self, text: Optional[ast.Text], span: Span, what: str, code: str = "PCR-W08") -> ast.Text:
        if text is None or text.zh is None or text.en is None:
            missing = ("Chinese (zh) and English (en)" if text is None or (text.zh is None and text.en is None)
                       else "Chinese (zh)" if text.zh is None else "English (en)")
            self.error(code, f"{what} has no {missing} text", span)
        return text or ast.Text(None, None, span)

    @staticmethod
    def text_from_attributes(attributes, span) -> ast.Text:
        zh = next((a.value for a in attributes if a.key == "zh"), None)
        en = next((a.value for a in attributes if a.key == "en"), None)
        return ast.Text(zh, en, span)

    # ---- GWP sets -------------------------------------------------------------------------
    def gwp_table(self, decls, chosen):
        """(name, source, gas -> value) of the GWP set the header names: built in or declared."""
        declared = {d.name.value: d for d in decls if isinstance(d, ast.GwpValues)}
        for d in declared.values():
            seen = set()
            for gas, value in d.values:
                if gas.value not in GASES:
                    self.error("PCR501", f"unknown gas `{gas.value}`", gas.span, did_you_mean(gas.value, GASES))
                elif gas.value in seen:
                    self.error("PCR211", f"gas `{gas.value}` is listed twice", gas.span)
                seen.add(gas.value)
        if chosen is None:
            return "AR6", GWP_SOURCES["AR6"], None
        if chosen.value in GWP_SETS:
            return chosen.value, GWP_SOURCES[chosen.value], GWP_SETS[chosen.value]
        d = declared.get(chosen.value)
        if d is None:
            return chosen.value, "", None  # reported by the header check
        table = {g.value: v for g, v in d.values if v is not None}
        table.setdefault("CO2", Fraction(1))
        table.setdefault("CO2e", Fraction(1))
        return chosen.value, d.source, table

    # ---- factors in force for the reference period -----------------------------------
    def check_period(self, fields):
        period = fields.get("period")
        if period is None:
            return None
        header = next((d for d in self.module.declarations if isinstance(d, ast.Header)), None)
        span = next((f.span for f in header.fields if f.key == "period"), header.span) if header else \
            Span(self.module.path, 1, 1, 1, 2)
        start, end = period
        if not (DATE.match(start) and DATE.match(end)):
            self.error("PCR111", f"the reference period \"{start}\" to \"{end}\" is not two dates", span)
            return None
        if start > end:
            self.error("PCR111", f"the reference period ends before it starts", span)
            return None
        return period

    def check_dated_factor(self, d: ast.DatedFactor, fields) -> FactorInfo | None:
        info = self.factor_info(d, d.attributes)
        ordered = sorted(d.values, key=lambda v: v.start)
        for v in d.values:
            if not (DATE.match(v.start) and DATE.match(v.end)) or v.start > v.end:
                self.error("PCR111", f"\"{v.start}\" to \"{v.end}\" is not a validity period", v.span)
                return None
        for a, b in zip(ordered, ordered[1:]):
            if b.start <= a.end:
                self.error("PCR810", f"the values of `{d.name.value}` from {a.start} and from {b.start} overlap", b.span)
                return None
        # A library's dated factors wait for the importing rule's period; a rule is held to the
        # ones it uses (an unused factor of an imported library has no value in force, harmlessly).
        own = d.span.file == self.module.path and not self.library_mode
        report = self.error if own else (lambda *a, **k: self.deferred.setdefault(d.name.value, (a, k)))
        if self.period is None:
            if "period" not in fields and not self.library_mode:
                report("PCR811", f"factor `{d.name.value}` has validity periods but the header gives no "
                       "reference period", d.name.span)
            return attrs.evolve(info, value=None) if info is not None else None
        start, end = self.period
        in_force = [v for v in ordered if v.start <= start and end <= v.end]
        chosen = in_force[0] if in_force else None
        if chosen is None:
            extrapolate = fields.get("extrapolate")
            earlier = [v for v in ordered if v.end < start]
            if extrapolate is not None and extrapolate.value == "latest" and earlier:
                chosen = earlier[-1]
                report("PCR-W09", f"no value of `{d.name.value}` is in force from {start} to {end}; the rule "
                       f"extrapolates the latest, from {chosen.start} to {chosen.end}", d.name.span)
            else:
                report("PCR812", f"no value of `{d.name.value}` is in force for the whole reference period "
                       f"{start} to {end}", d.name.span,
                       "add a value for the period, or allow `extrapolate latest` in the header")
                return attrs.evolve(info, value=None) if info is not None else None
        if info is None:
            return None
        validity = tuple((v.start, v.end, v.value_text, v.source, v is chosen) for v in ordered)
        return attrs.evolve(info, value=chosen.value, value_text=chosen.value_text, validity=validity,
                            source=chosen.source or info.source)

    # ---- recycling, electricity, grading, data quality, separately reported ---------------
    def check_extensions(self, decls, stages, declared_unit, used_places, fields) -> dict:
        recyclings = [d for d in decls if isinstance(d, ast.Recycling)]
        for r in recyclings:
            self.check_recycling(r, stages)
            used_places.add((r.place.stage.value, r.place.process.value if r.place.process else None))
        electricity = []
        for e in (d for d in decls if isinstance(d, ast.Electricity)):
            electricity.append((e, self.check_electricity(e, stages)))
            used_places.add((e.place.stage.value, e.place.process.value if e.place.process else None))
        gradings = [d for d in decls if isinstance(d, ast.Grading)]
        for extra in gradings[1:]:
            self.error("PCR705", "a second `grading` block", extra.span)
        if gradings:
            self.check_grading(gradings[0])
        qualities = [d for d in decls if isinstance(d, ast.DataQuality)]
        for extra in qualities[1:]:
            self.error("PCR705", "a second `data_quality` block", extra.span)
        if qualities:
            self.check_data_quality(qualities[0])
        contents = [d for d in decls if isinstance(d, ast.BiogenicContent)]
        for extra in contents[1:]:
            self.error("PCR705", "a second `biogenic_carbon_content`", extra.span)
        if contents:
            t = self.expr(contents[0].expr)
            if t is not None and t is not ANY and self.numeric(t, contents[0].expr.span) and t != units.dim(C=1):
                self.error("PCR304", f"the biogenic carbon content is {self.describe(t)}, not a mass of carbon (C)",
                           contents[0].expr.span, "give it in kgC or tC")
        return {"packaging": frozenset(self.packaging), "recyclings": recyclings, "electricity": electricity,
                "grading": gradings[0] if gradings else None, "data_quality": qualities[0] if qualities else None,
                "biogenic_content": contents[0] if contents else None, "period": self.period}

    def check_recycling(self, r: ast.Recycling, stages) -> None:
        self.check_place(r.place, stages)
        approach = r.approach.value
        if approach not in RECYCLING_APPROACHES:
            self.error("PCR520", f"unknown recycling approach `{approach}`", r.approach.span,
                       did_you_mean(approach, RECYCLING_APPROACHES))
        given: dict[str, ast.Parameter] = {}
        for p in r.parameters:
            name = p.name.value
            if name not in RECYCLING_PARAMETERS:
                self.error("PCR521", f"unknown parameter `{name}` of the Circular Footprint Formula", p.name.span,
                           did_you_mean(name, RECYCLING_PARAMETERS))
                self.expr(p.expr)
                continue
            if name in given:
                self.error("PCR804", f"`{name}` is given twice", p.name.span)
                continue
            given[name] = p
            t = self.expr(p.expr)
            wanted = RECYCLING_PARAMETERS[name][0]
            if t is not None and t is not ANY and self.numeric(t, p.expr.span) and t != wanted:
                self.error("PCR302", f"`{name}` is {self.describe(t)}, the formula needs {self.describe(wanted)}",
                           p.expr.span)
            if name in SHARE_PARAMETERS:
                value = _constant(p.expr)
                if value is not None and not (0 <= value <= 1):
                    self.error("PCR522", f"`{name}` = {_g(value)} lies outside [0, 1]", p.expr.span)
        for required in ("material", "Ev"):
            if required not in given:
                self.error("PCR523", f"recycling `{r.name.value}` needs `{required}`", r.name.span)
        if approach == "cff" and "A" not in given:
            self.error("PCR523", f"recycling `{r.name.value}` by the Circular Footprint Formula needs `A`", r.name.span)
        if approach in RECYCLING_APPROACHES and approach != "cff" and "A" in given:
            self.error("PCR524", f"the {approach} approach fixes A; remove it or use `by cff`", given["A"].name.span)
        r2, r3 = (_constant(given[k].expr) if k in given else Fraction(0) for k in ("R2", "R3"))
        if r2 is not None and r3 is not None and r2 + r3 > 1:
            self.error("PCR522", f"R2 + R3 = {_g(r2 + r3)} exceeds 1: more than all of the material is recovered",
                       r.name.span)
        if r.text is not None:
            self.bilingual(r.text, r.name.span, f"recycling `{r.name.value}`")

    def check_electricity(self, e: ast.Electricity, stages) -> str | None:
        """Checks the block; returns the gas its factors give (CO2 or CO2e)."""
        self.check_place(e.place, stages)
        kind = e.factor_kind.value
        if kind not in FACTOR_KINDS:
            self.error("PCR530", f"unknown electricity factor kind `{kind}`", e.factor_kind.span,
                       did_you_mean(kind, FACTOR_KINDS))
        if e.amount is None:
            self.error("PCR531", f"electricity `{e.name.value}` gives no `amount`", e.name.span)
        else:
            t = self.expr(e.amount)
            if t is not None and t is not ANY and self.numeric(t, e.amount.span) and t != units.ENERGY:
                self.error("PCR302", f"the amount of electricity is {self.describe(t)}, not energy", e.amount.span)
        if not e.sources:
            self.error("PCR531", f"electricity `{e.name.value}` lists no source", e.name.span)
        gas, first = None, None
        seen = set()
        for src in e.sources:
            if src.name.value in seen:
                self.error("PCR202", f"source `{src.name.value}` is listed twice", src.name.span)
            seen.add(src.name.value)
            if src.condition is not None:
                self.condition(src.condition)
            t = self.expr(src.factor)
            if t is not None and t is not ANY and self.numeric(t, src.factor.span):
                g = units.is_gas_mass(units.multiply(t, units.ENERGY))
                if g is None:
                    self.error("PCR302", f"the factor of source `{src.name.value}` is {self.describe(t)}, "
                               "not a mass of gas per energy", src.factor.span)
                elif first is not None and t != first:
                    self.error("PCR302", f"source `{src.name.value}` gives {self.describe(t)}, an earlier source "
                               f"{self.describe(first)}", src.factor.span)
                else:
                    first, gas = t, g
            for name in sorted(self._factor_names(src.factor)):
                info = self.factors.get(name) or self.tables.get(name)
                if info is None:
                    continue
                if info.kind is None:
                    self.error("PCR532", f"factor `{name}` is used for electricity but declares no kind",
                               src.factor.span, "add `kind combustion` or `kind life_cycle` to the factor")
                elif kind in FACTOR_KINDS and info.kind != kind:
                    self.error("PCR533", f"`{name}` is a {info.kind} factor, but electricity `{e.name.value}` "
                               f"takes {kind} factors", src.factor.span,
                               "a combustion-only grid factor and a life-cycle factor cannot be mixed")
        if e.text is not None:
            self.bilingual(e.text, e.name.span, f"electricity `{e.name.value}`")
        return gas

    def _factor_names(self, e) -> set[str]:
        out, stack = set(), [e]
        while stack:
            x = stack.pop()
            if isinstance(x, ast.NameRef) and isinstance(self.values.get(x.name), (ast.Factor, ast.DatedFactor)):
                out.add(x.name)
            elif isinstance(x, ast.NameRef) and isinstance(self.values.get(x.name), ast.Quantity):
                stack.append(self.values[x.name].expr)
            elif isinstance(x, ast.Lookup):
                out.add(x.table.value)
                stack.append(x.key)
            for child in ("args", "left", "right", "operand", "condition", "then", "otherwise"):
                v = getattr(x, child, None)
                if v is not None:
                    stack.extend(v if isinstance(v, tuple) else [v])
        return out

    def check_grading(self, g: ast.Grading) -> None:
        if g.rounding is not None and g.rounding.value not in ROUNDING_MODES:
            self.error("PCR540", f"unknown rounding mode `{g.rounding.value}`", g.rounding.span,
                       did_you_mean(g.rounding.value, ROUNDING_MODES))
        if g.rounding is not None and g.decimals is None:
            self.error("PCR540", "round to a whole number of decimals", g.rounding.span)
        if not g.classes:
            self.error("PCR541", "the grading declares no class", g.span)
        last = None
        names = set()
        for k, c in enumerate(g.classes):
            if c.name.value in names:
                self.error("PCR202", f"class `{c.name.value}` is declared twice", c.name.span)
            names.add(c.name.value)
            if c.op is None:
                if k != len(g.classes) - 1:
                    self.error("PCR541", f"class `{c.name.value}` takes every other result, so it must come last",
                               c.name.span)
                continue
            if c.op not in ("<", "<="):
                self.error("PCR541", f"a class is an upper limit on the result, not `{c.op}`", c.span)
            resolved = self.unit(c.unit)
            if resolved is not None and resolved[1] != units.dim(CO2e=1):
                self.error("PCR905", f"a class limit in {c.unit.text()} is not a mass of CO2e", c.unit.span)
            limit = c.limit * resolved[0] if resolved is not None else c.limit
            if last is not None and limit <= last:
                self.error("PCR541", f"the limit of class `{c.name.value}` is not above the previous class's",
                           c.span, "list classes from the lowest footprint to the highest")
            last = limit
            if c.text is not None:
                self.bilingual(c.text, c.name.span, f"class `{c.name.value}`")

    def check_data_quality(self, q: ast.DataQuality) -> None:
        names = [c.value for c in q.criteria]
        if not names:
            self.error("PCR550", f"data quality scheme `{q.name.value}` declares no criteria", q.name.span)
        if len(set(names)) != len(names):
            self.error("PCR202", "a criterion is listed twice", q.name.span)
        b = q.criteria_bounds
        if b is not None and b.low > b.high:
            self.error("PCR801", "the bounds of the criteria are empty", b.span)
        if q.rating is None:
            self.error("PCR550", f"data quality scheme `{q.name.value}` gives no `rating` formula", q.name.span)
        else:
            self.criteria_scope = frozenset(names)
            t = self.expr(q.rating)
            self.criteria_scope = frozenset()
            if t is not None and t is not ANY and self.numeric(t, q.rating.span) and t != units.DIMENSIONLESS:
                self.error("PCR302", f"the rating is {self.describe(t)}, not a plain score", q.rating.span)
        levels = {}
        last = None
        for k, level in enumerate(q.levels):
            levels[level.name.value] = level
            if level.op is None:
                if k != len(q.levels) - 1:
                    self.error("PCR551", f"level `{level.name.value}` takes every other rating, so it must come last",
                               level.name.span)
                continue
            if level.op not in ("<", "<="):
                self.error("PCR551", f"a level is an upper limit on the rating, not `{level.op}`", level.span)
            if last is not None and level.limit <= last:
                self.error("PCR551", f"the limit of level `{level.name.value}` is not above the previous level's",
                           level.span, "list levels from the best rating to the worst")
            last = level.limit
        if not levels:
            self.error("PCR551", f"data quality scheme `{q.name.value}` declares no levels", q.name.span)
        for r in q.requirements:
            if r.level is None:
                if r.op not in (">", ">=") or not (0 <= r.percent <= 100):
                    self.error("PCR552", "the primary data share is required as `>= N %` with N from 0 to 100", r.span)
                continue
            if r.level.value not in levels:
                self.error("PCR552", f"unknown level `{r.level.value}`", r.level.span, did_you_mean(r.level.value, levels))
            for subject in r.subjects:
                if subject.value != "result" and subject.value not in self.inputs:
                    self.error("PCR552", f"`{subject.value}` is neither an input nor `result`", subject.span,
                               did_you_mean(subject.value, list(self.inputs) + ["result"]))
                elif subject.value in self.inputs and self.inputs[subject.value].keyset is not None:
                    self.error("PCR552", f"`{subject.value}` takes a key; only measured data are rated", subject.span)

    # ---- main -------------------------------------------------------------------------
    def run(self) -> Optional[Model]:
        decls = self.module.declarations
        # `override` is resolved by the module loader; one left here replaces nothing
        for d in decls:
            if isinstance(d, ast.Override):
                self.error("PCR123", "`override` of a declaration no imported or extended module declares", d.span)
        decls = tuple(d.declaration if isinstance(d, ast.Override) else d for d in decls)
        headers = [d for d in decls if isinstance(d, ast.Header)]
        boundaries = [d for d in decls if isinstance(d, ast.Boundary)]
        cutoffs = [d for d in decls if isinstance(d, ast.Cutoff)]
        file_span = Span(self.module.path, 1, 1, 1, 2)

        libraries = [d for d in decls if isinstance(d, ast.Library) and d.span.file == self.module.path]
        self.library_mode = bool(libraries) and not headers
        if not headers and not self._unparsed("ruleset") and not self.library_mode:
            self.error("PCR101", "the file has no `ruleset` header", file_span)
        for extra in headers[1:]:
            self.error("PCR102", "a second `ruleset` header", extra.span)
        if not boundaries and not self._unparsed("boundary") and not self.library_mode:
            self.error("PCR401", "the ruleset declares no system boundary", file_span)
        for extra in boundaries[1:]:
            self.error("PCR409", "a second `boundary`", extra.span)
        for extra in cutoffs[1:]:
            self.error("PCR705", "a second `cutoff` block", extra.span)

        self.declare_names(decls)
        header = headers[0] if headers else None
        fields = self.check_header(header) if header else {}
        stages = self.check_boundary(boundaries[0]) if boundaries else None

        # a duplicate (PCR202) is not checked: the first declaration of a name is the one used
        first = lambda d, kind: isinstance(d, kind) and self.values.get(d.name.value) is d
        for d in decls:
            if first(d, ast.KeySet):
                seen_keys: set[str] = set()
                for k in d.keys:
                    if k.name.value in seen_keys:
                        self.error("PCR211", f"key `{k.name.value}` is listed twice", k.name.span)
                    seen_keys.add(k.name.value)
        inputs = {d.name.value: self.check_input(d) for d in decls if first(d, ast.Input)}
        inputs = {k: v for k, v in inputs.items() if v is not None}
        factors = {d.name.value: self.check_factor(d) for d in decls if first(d, ast.Factor)}
        self.period = self.check_period(fields)
        factors.update({d.name.value: self.check_dated_factor(d, fields) for d in decls if first(d, ast.DatedFactor)})
        tables = {d.name.value: self.check_table(d) for d in decls if first(d, ast.Table)}
        self.inputs, self.factors, self.tables = inputs, factors, tables

        # production and declared unit
        declared = fields.get("declared_unit")
        declared_unit = None
        production = None
        if declared is not None:
            declared_unit = self.unit(declared.unit)
            if declared.amount <= 0:
                self.error("PCR108", "the declared unit's amount must be positive", declared.span)
            if declared.text is not None:
                self.bilingual(declared.text, declared.span, "the declared unit")
        # formulas
        self.quantity_decls = {d.name.value: d for d in decls if first(d, ast.Quantity)}
        self.quantity_dims: dict[str, object] = {}
        self.visiting: list[str] = []
        order: list[ast.Quantity] = []
        self.order = order
        for q in self.quantity_decls.values():
            self.quantity_dim(q)

        prod = fields.get("production")
        if prod is not None:
            t = self.expr(prod)
            if isinstance(prod, ast.NameRef) and prod.name in inputs:
                production = prod.name
            if declared_unit is not None and t is not None and t is not ANY and self.numeric(t, prod.span) \
                    and t != declared_unit[1]:
                self.error("PCR109", f"production `{_show_expr(prod)}` is {self.describe(t)}, but the declared unit "
                           f"{declared.unit.text()} is {self.describe(declared_unit[1])}", prod.span)

        contributions = [d for d in decls if isinstance(d, ast.Contribution)]
        gases, kinds = {}, {}
        gwp_name, gwp_source, gwp_values = self.gwp_table(decls, fields.get("gwp"))
        used_places: set[tuple[str, str | None]] = set()
        for c in contributions:
            gas, kind = self.check_contribution(c, stages, gwp_values)
            if gas:
                gases[c.name.value] = gas
            if kind:
                kinds[c.name.value] = kind
            used_places.add((c.place.stage.value, c.place.process.value if c.place.process else None))

        allocations = [d for d in decls if isinstance(d, ast.Allocation)]
        allocation_of: dict = {}
        for a in allocations:
            self.check_allocation(a, stages, allocation_of)
            if a.method.value == "substitution" and a.places:  # its credits sit in the first place
                first = a.places[0]
                used_places.add((first.stage.value, first.process.value if first.process else None))

        cutoff = cutoffs[0] if cutoffs else None
        if cutoff is not None:
            self.check_cutoff(cutoff, declared_unit, production)

        extensions = self.check_extensions(decls, stages, declared_unit, used_places, fields)

        examples = [d for d in decls if isinstance(d, ast.Example)]
        seen_titles: dict[str, Span] = {}
        for e in examples:
            if e.title in seen_titles:
                self.error("PCR909", f"a second example titled \"{e.title}\"", e.title_span)
            seen_titles[e.title] = e.span
            self.check_example(e, stages, gases, declared_unit)

        # warnings; "never used" is unknowable when a declaration failed to parse (it may use them)
        for name, (args, kwargs) in self.deferred.items():
            if name in self.used:
                self.error(*args, **kwargs)
        complete = not self.module.unparsed_names and not self.library_mode
        own = lambda decl: decl.span.file == self.module.path  # a library's factors need not all be used
        for name, info in inputs.items():
            if name not in self.used and complete:
                self.error("PCR-W01", f"input `{name}` is never used", info.decl.name.span)
        for name, info in list(factors.items()) + list(tables.items()):
            if info is None:
                continue
            if info.source is None:
                self.error("PCR-W02", f"factor `{name}` has no source", info.decl.name.span)
            if info.unverified and own(info.decl):  # a library's own check flags its values
                self.error("PCR-W07", f"factor `{name}` is marked unverified", info.decl.name.span)
            if name not in self.used and complete and own(info.decl):
                self.error("PCR-W03", f"factor `{name}` is never used", info.decl.name.span)
        for name, q in self.quantity_decls.items():
            if name not in self.used and complete:
                self.error("PCR-W04", f"quantity `{name}` is never used", q.name.span)
        if stages is not None and complete:
            stage_names = {s for s, _ in used_places}
            for stage in boundaries[0].stages:
                if stage.name.value not in stage_names:
                    self.error("PCR-W05", f"stage `{stage.name.value}` has no contributions", stage.name.span)
        if header is not None and not examples and not self._unparsed("example"):
            self.error("PCR-W06", "the ruleset has no examples", header.span)

        if any(d.is_error for d in self.diagnostics) or header is None or not boundaries or declared_unit is None:
            return None
        return Model(
            module=self.module, header=header, fields=fields, declared_unit=declared,
            declared_to_base=declared_unit[0], declared_dimension=declared_unit[1], production=production,
            boundary=boundaries[0], keysets={d.name.value: d for d in decls if isinstance(d, ast.KeySet)},
            inputs=inputs, factors=factors, tables=tables, quantities=order, contributions=contributions,
            contribution_gas=gases, contribution_kind=kinds, allocations=allocations,
            allocation_of=allocation_of, cutoff=cutoff, examples=examples, unit_factors=self.unit_cache,
            production_expr=prod, gwp_name=gwp_name, gwp_source=gwp_source, gwp_table=gwp_values or {},
            **extensions,
        )

    def _unparsed(self, word: str) -> bool:
        """A declaration starting with this keyword failed to parse (and was reported)."""
        return word in self.module.unparsed_names

    # ---- names ------------------------------------------------------------------------
    def declare_names(self, decls) -> None:
        seen: dict[str, Span] = {}
        for d in decls:
            if isinstance(d, (ast.Input, ast.Factor, ast.DatedFactor, ast.Table, ast.Quantity, ast.KeySet,
                              ast.Contribution, ast.Allocation, ast.Recycling, ast.Electricity, ast.DataQuality,
                              ast.GwpValues)):
                name = d.name.value
                if name in RESERVED:
                    self.error("PCR212", f"`{name}` is a reserved word", d.name.span)
                if name in seen:
                    first = seen[name]
                    self.error("PCR202", f"`{name}` is already declared at line {first.line}", d.name.span)
                    continue
                seen[name] = d.name.span
                if not isinstance(d, (ast.Contribution, ast.Allocation)):
                    self.values[name] = d

    def unknown_value(self, name: str, span: Span) -> None:
        if name in self.module.unparsed_names:
            return  # its declaration has a syntax error, already reported
        self.error("PCR201", f"unknown name `{name}`", span, did_you_mean(name, self.values))

    # ---- header -----------------------------------------------------------------------
    def check_header(self, h: ast.Header) -> dict:
        fields: dict = {}
        for f in h.fields:
            if f.key in fields:
                self.error("PCR107", f"`{f.key}` is given twice", f.span)
                continue
            fields[f.key] = f.value
        if not SEMVER.match(h.version):
            self.error("PCR104", f"version \"{h.version}\" is not a semantic version", h.version_span)
        for required in ("status", "title", "gwp", "declared_unit"):
            if required not in fields:
                self.error("PCR103", f"the header has no `{required}`", h.identifier_span)
        status = fields.get("status")
        if status is not None and status.value not in STATUSES:
            self.error("PCR105", f"unknown status `{status.value}`", status.span, did_you_mean(status.value, STATUSES))
        gwp = fields.get("gwp")
        declared_sets = [d.name.value for d in self.module.declarations if isinstance(d, ast.GwpValues)]
        if gwp is not None and gwp.value not in GWP_SETS and gwp.value not in declared_sets:
            self.error("PCR106", f"unknown GWP set `{gwp.value}`", gwp.span,
                       did_you_mean(gwp.value, list(GWP_SETS) + declared_sets))
        if "title" in fields:
            self.bilingual(fields["title"], fields["title"].span, "the title", code="PCR110")
        for key in ("issuer", "scope"):
            if key in fields:
                self.bilingual(fields[key], fields[key].span, f"the {key}")
        effective = fields.get("effective")
        if effective is not None and not DATE.match(effective):
            span = next(f.span for f in h.fields if f.key == "effective")
            self.error("PCR111", f"\"{effective}\" is not a date", span)
        return fields

    # ---- boundary ---------------------------------------------------------------------
    def check_boundary(self, b: ast.Boundary) -> dict:
        """Returns stage name -> set of process names."""
        stages: dict[str, set[str]] = {}
        kind = b.kind.value
        phases = BOUNDARY_PHASES.get(kind)
        if phases is None:
            self.error("PCR402", f"unknown boundary type `{kind}`", b.kind.span, did_you_mean(kind, BOUNDARY_PHASES))
        covered: set[str] = set()
        unknown_phase = False
        last_index = -1
        processes_seen: dict[str, Span] = {}
        for s in b.stages:
            name = s.name.value
            if name in stages:
                self.error("PCR202", f"stage `{name}` is already declared", s.name.span)
                continue
            stages[name] = set()
            self.bilingual(s.text, s.name.span, f"stage `{name}`")
            phase = s.phase.value
            if phase not in PHASES:
                self.error("PCR405", f"unknown life-cycle phase `{phase}`", s.phase.span, did_you_mean(phase, PHASES))
                unknown_phase = True
            else:
                if phases is not None and phase not in phases:
                    self.error("PCR404", f"phase `{phase}` is outside a {kind} boundary", s.phase.span)
                index = PHASES.index(phase)
                if index < last_index:
                    self.error("PCR407", f"stage `{name}` ({phase}) comes after a later life-cycle phase", s.name.span)
                last_index = max(last_index, index)
                covered.add(phase)
            for p in s.processes:
                if p.name.value in stages[name]:
                    self.error("PCR202", f"process `{p.name.value}` is already declared in stage `{name}`", p.name.span)
                stages[name].add(p.name.value)
                processes_seen.setdefault(p.name.value, p.name.span)
                self.bilingual(p.text, p.name.span, f"process `{p.name.value}`")
        # a phase the rule leaves out on purpose (`exclude use because ...`, as the EU battery rule
        # excludes the use stage) counts as declared
        covered |= {x.name.value for x in b.exclusions if x.name.value in PHASES}
        if phases is not None and not unknown_phase:
            for phase in phases:
                if phase not in covered:
                    self.error("PCR403", f"a {kind} boundary needs a stage for `{phase}`", b.kind.span)
        for x in b.exclusions:
            if x.name.value in processes_seen or x.name.value in stages:
                self.error("PCR406", f"`{x.name.value}` is declared inside the boundary and excluded", x.name.span)
            self.bilingual(x.reason, x.name.span, f"the reason for excluding `{x.name.value}`")
        return stages

    # ---- inputs and factors -----------------------------------------------------------
    def single_attributes(self, attributes) -> dict:
        out: dict = {}
        for a in attributes:
            if a.key in out:
                self.error("PCR804", f"`{a.key}` is given twice", a.span)
                continue
            out[a.key] = a
        return out

    def check_input(self, d: ast.Input) -> InputInfo | None:
        attrs_ = self.single_attributes(d.attributes)
        keyset = None
        if len(d.unit.factors) == 1 and isinstance(self.values.get(d.unit.factors[0].name), ast.KeySet):
            keyset = d.unit.factors[0].name
            to_base, dimension = Fraction(1), units.DIMENSIONLESS
        else:
            resolved = self.unit(d.unit)
            if resolved is None:
                return None
            to_base, dimension = resolved
        bounds = attrs_["bounds"].value if "bounds" in attrs_ else None
        if keyset is not None and "optional" in attrs_ and "default" not in attrs_:
            self.error("PCR807", f"input `{d.name.value}` takes a key of `{keyset}`: left out, it needs a default key",
                       attrs_["optional"].span, "replace `optional` with `default \"KEY\" source \"...\"`")
        if bounds is not None:
            if keyset is not None:
                self.error("PCR801", f"input `{d.name.value}` takes keys of `{keyset}` and cannot have bounds", bounds.span,
                           "remove the bounds: a key-set input takes one of the keys")
                bounds = None
            elif bounds.low > bounds.high or (bounds.low == bounds.high and not (bounds.low_inclusive and bounds.high_inclusive)):
                self.error("PCR801", f"the bounds of `{d.name.value}` are empty", bounds.span)
                bounds = None  # no PCR802 on top: no default can lie in empty bounds
        default = source = None
        if "default" in attrs_:
            (value, text, span), source = attrs_["default"].value
            if keyset is not None:
                keys = {k.name.value for k in self.values[keyset].keys}
                if not isinstance(value, str):
                    self.error("PCR803", f"the default of `{d.name.value}` must be a key of `{keyset}`", span)
                elif value not in keys:
                    self.error("PCR209", f"`{value}` is not a key of `{keyset}`", span, did_you_mean(value, keys))
            elif isinstance(value, str):
                self.error("PCR803", f"the default of `{d.name.value}` must be a number", span)
            elif bounds is not None and not _within(value, bounds):
                self.error("PCR802", f"default {text} lies outside the bounds of `{d.name.value}`", span)
            default = value
            if source is None:
                self.error("PCR806", f"the default of `{d.name.value}` has no source", span)
            if "primary" in attrs_:
                self.error("PCR805", f"input `{d.name.value}` is primary data and cannot have a default", attrs_["primary"].span)
        text = self.text_from_attributes(d.attributes, d.name.span)
        self.bilingual(text, d.name.span, f"input `{d.name.value}`")
        return InputInfo(
            decl=d, unit_text=d.unit.text(), to_base=to_base, dimension=dimension, keyset=keyset,
            bounds=bounds, primary="primary" in attrs_, optional="optional" in attrs_, default=default,
            default_source=source, text=text,
        )

    def factor_info(self, d, attributes) -> FactorInfo | None:
        attrs_ = self.single_attributes(attributes)
        resolved = self.unit(d.unit)
        text = self.text_from_attributes(attributes, d.name.span)
        if resolved is None:
            return None
        get = lambda k: attrs_[k].value if k in attrs_ else None
        kind = get("kind")
        if kind is not None and kind.value not in FACTOR_KINDS:
            self.error("PCR530", f"unknown electricity factor kind `{kind.value}`", kind.span,
                       did_you_mean(kind.value, FACTOR_KINDS))
        return FactorInfo(decl=d, unit_text=d.unit.text(), to_base=resolved[0], dimension=resolved[1],
                          source=get("source"), geography=get("geography"), vintage=get("vintage"),
                          unverified=bool(get("unverified")), text=text, kind=kind.value if kind else None,
                          value=getattr(d, "value", None), value_text=getattr(d, "value_text", None))

    def check_factor(self, d: ast.Factor) -> FactorInfo | None:
        if d.value is None:
            self.error("PCR306", f"the value of `{d.name.value}` divides by zero", d.name.span)
        return self.factor_info(d, d.attributes)

    def check_table(self, d: ast.Table) -> FactorInfo | None:
        keyset = self.values.get(d.keyset.value)
        if not isinstance(keyset, ast.KeySet):
            if keyset is None:
                self.unknown_value(d.keyset.value, d.keyset.span)
            else:
                self.error("PCR208", f"`{d.keyset.value}` is not a key set", d.keyset.span)
        else:
            keys = [k.name.value for k in keyset.keys]
            seen: set[str] = set()
            for row in d.rows:
                if row.key.value in seen:
                    self.error("PCR211", f"key `{row.key.value}` is listed twice", row.key.span)
                elif row.key.value not in keys:
                    self.error("PCR209", f"`{row.key.value}` is not a key of `{d.keyset.value}`", row.key.span,
                               did_you_mean(row.key.value, keys))
                if row.value is None:
                    self.error("PCR306", f"the value for `{row.key.value}` divides by zero", row.key.span)
                seen.add(row.key.value)
            missing = [k for k in keys if k not in seen]
            if missing:
                self.error("PCR210", f"table `{d.name.value}` has no value for {', '.join('`%s`' % m for m in missing)}",
                           d.name.span)
        return self.factor_info(d, d.attributes)

    # ---- expressions ------------------------------------------------------------------
    def quantity_dim(self, q: ast.Quantity):
        name = q.name.value
        if name in self.quantity_dims:
            return self.quantity_dims[name]
        if name in self.visiting:
            cycle = self.visiting[self.visiting.index(name):] + [name]
            self.error("PCR203", "circular definition: " + " -> ".join(cycle), q.name.span)
            self.quantity_dims[name] = None
            return None
        self.visiting.append(name)
        d = self.expr(q.expr)
        self.visiting.pop()
        if name in self.quantity_dims:  # set to None while reporting a cycle through it
            return None
        if q.unit is not None and d is not None:
            resolved = self.unit(q.unit)
            if resolved is not None and d is not ANY and (not isinstance(d, tuple) or d != resolved[1]):
                self.error("PCR304", f"`{name}` is declared in {q.unit.text()} ({units.describe(resolved[1])}) "
                           f"but its formula gives {self.describe(d)}", q.expr.span)
        self.bilingual(q.text, q.name.span, f"quantity `{name}`") if q.text is not None else None
        self.quantity_dims[name] = d
        self.order.append(q)
        return d

    @staticmethod
    def describe(t) -> str:
        if t is BOOL:
            return "a condition"
        if isinstance(t, KeyType):
            return f"a key of `{t.keyset}`"
        if t is ANY:
            return "zero"
        return units.describe(t)

    def numeric(self, t, span) -> bool:
        if t is None:
            return False
        if t is BOOL:
            self.error("PCR307", "a condition is used as a number", span)
            return False
        if isinstance(t, KeyType):
            self.error("PCR310", f"{self.describe(t)} is used as a number", span)
            return False
        return True

    def same(self, a, b, span, what: str):
        """Unify two numeric dimensions for +, -, min, max, comparisons and branches."""
        if a is ANY:
            return b
        if b is ANY or a == b:
            return a
        self.error("PCR302", f"{what} of {self.describe(a)} and {self.describe(b)}", span)
        return None

    def expr(self, e):
        method = getattr(self, "expr_" + type(e).__name__)
        return method(e)

    def expr_Number(self, e: ast.Number):
        return ANY if e.value == 0 else units.DIMENSIONLESS

    def expr_KeyLiteral(self, e: ast.KeyLiteral):
        return KeyType("")  # bound by the comparison or lookup that uses it

    def expr_NameRef(self, e: ast.NameRef):
        name = e.name
        if name in self.criteria_scope:
            return units.DIMENSIONLESS
        decl = self.values.get(name)
        if decl is None:
            self.unknown_value(name, e.span)
            return None
        self.used.add(name)
        if isinstance(decl, ast.Input):
            info = self.inputs.get(name)
            if info is None:
                return None
            return KeyType(info.keyset) if info.keyset else info.dimension
        if isinstance(decl, (ast.Factor, ast.DatedFactor)):
            info = self.factors.get(name)
            return info.dimension if info else None
        if isinstance(decl, ast.Quantity):
            return self.quantity_dim(decl)
        kind = "a table (look it up with `name[key]`)" if isinstance(decl, ast.Table) else "a key set"
        self.error("PCR204", f"`{name}` is {kind}, not a value", e.span)
        return None

    def expr_Call(self, e: ast.Call):
        f = e.function.value
        types = [self.expr(a) for a in e.args]
        if f not in FUNCTIONS:
            self.error("PCR205", f"unknown function `{f}`", e.function.span, did_you_mean(f, FUNCTIONS))
            return None
        if len(e.args) < 2:
            self.error("PCR206", f"`{f}` needs at least two arguments", e.span)
            return None
        result = ANY
        for a, t in zip(e.args, types):
            if not self.numeric(t, a.span):
                return None
            result = self.same(result, t, e.span, f"`{f}`")
            if result is None:
                return None
        return result

    def expr_Lookup(self, e: ast.Lookup):
        name = e.table.value
        decl = self.values.get(name)
        key_type = self.expr(e.key)
        if decl is None:
            self.unknown_value(name, e.table.span)
            return None
        self.used.add(name)
        if not isinstance(decl, ast.Table):
            self.error("PCR207", f"`{name}` is not a table", e.table.span)
            return None
        info = self.tables.get(name)
        keyset = decl.keyset.value
        if not isinstance(self.values.get(keyset), ast.KeySet):
            pass  # the table's key set is wrong, reported at the table (PCR201 or PCR208)
        elif isinstance(e.key, ast.KeyLiteral):
            keys = [k.name.value for k in getattr(self.values.get(keyset), "keys", ())]
            if keys and e.key.value not in keys:
                self.error("PCR209", f"`{e.key.value}` is not a key of `{keyset}`", e.key.span, did_you_mean(e.key.value, keys))
        elif key_type is not None and not (isinstance(key_type, KeyType) and key_type.keyset == keyset):
            self.error("PCR208", f"table `{name}` is keyed by `{keyset}`, not by {self.describe(key_type)}", e.key.span)
        return info.dimension if info else None

    def expr_Binary(self, e: ast.Binary):
        a, b = self.expr(e.left), self.expr(e.right)
        if e.op == "/" and _is_literal_zero(e.right):
            self.error("PCR306", "division by zero", e.right.span)
            return None
        if not (self.numeric(a, e.left.span) & self.numeric(b, e.right.span)):
            return None
        if e.op in "+-":
            return self.same(a, b, e.span, "`%s` of" % e.op if False else ("addition" if e.op == "+" else "subtraction"))
        if a is ANY or b is ANY:
            return ANY if e.op == "*" or a is ANY else ANY
        return units.multiply(a, b) if e.op == "*" else units.divide(a, b)

    def expr_Negate(self, e: ast.Negate):
        t = self.expr(e.operand)
        return t if self.numeric(t, e.operand.span) else None

    def expr_Compare(self, e: ast.Compare):
        a, b = self.expr(e.left), self.expr(e.right)
        if a is None or b is None:
            return BOOL
        if isinstance(a, KeyType) or isinstance(b, KeyType):
            key_side, other, other_expr = (a, b, e.right) if isinstance(a, KeyType) else (b, a, e.left)
            key_text = self.describe(key_side) if key_side.keyset else "a key"
            if isinstance(other, KeyType) and e.op not in ("==", "!="):
                self.error("PCR308", f"keys cannot be ordered with `{e.op}`", e.span, "compare keys only with == or !=")
                return BOOL
            if not isinstance(other, KeyType):
                other_text = ("a number" if other is ANY or other == units.DIMENSIONLESS
                              else self.describe(other) if other is BOOL else f"a quantity ({self.describe(other)})")
                self.error("PCR308", f"{key_text} is compared with {other_text}", e.span)
                return BOOL
            keyset = a.keyset or b.keyset
            literal = e.right if isinstance(e.right, ast.KeyLiteral) else e.left if isinstance(e.left, ast.KeyLiteral) else None
            if keyset and literal is not None:
                keys = [k.name.value for k in self.values[keyset].keys]
                if literal.value not in keys:
                    self.error("PCR209", f"`{literal.value}` is not a key of `{keyset}`", literal.span, did_you_mean(literal.value, keys))
            return BOOL
        if self.numeric(a, e.left.span) & self.numeric(b, e.right.span):
            self.same(a, b, e.span, "comparison")
        return BOOL

    def condition(self, e) -> None:
        t = self.expr(e)
        if t is not None and t is not BOOL:
            self.error("PCR307", f"the condition is {self.describe(t)}, not a comparison", e.span)

    def expr_Logical(self, e: ast.Logical):
        self.condition(e.left)
        self.condition(e.right)
        return BOOL

    def expr_Not(self, e: ast.Not):
        self.condition(e.operand)
        return BOOL

    def expr_Conditional(self, e: ast.Conditional):
        self.condition(e.condition)
        a, b = self.expr(e.then), self.expr(e.otherwise)
        if not (self.numeric(a, e.then.span) & self.numeric(b, e.otherwise.span)):
            return None
        return self.same(a, b, e.span, "branches")

    # ---- contributions ----------------------------------------------------------------
    def check_place(self, place: ast.Place, stages: dict | None) -> bool:
        if stages is None:
            return False
        stage = place.stage.value
        if stage not in stages:
            self.error("PCR408", f"unknown stage `{stage}`", place.stage.span, did_you_mean(stage, stages))
            return False
        if place.process is not None and place.process.value not in stages[stage]:
            self.error("PCR408", f"stage `{stage}` has no process `{place.process.value}`", place.process.span,
                       did_you_mean(place.process.value, stages[stage]))
            return False
        return True

    def check_contribution(self, c: ast.Contribution, stages, gwp_values):
        self.check_place(c.place, stages)
        gas = kind = None
        if c.direction == "offset":
            self.error("PCR507", f"offset `{c.name.value}` cannot enter a footprint", c.name.span)
        for a in c.attributes:
            value = a.value.value
            if a.key == "carbon_kind" and value == "packaging":
                self.packaging.add(c.name.value)
                continue
            if a.key == "gas":
                if gas is not None:
                    self.error("PCR506", "the gas is given twice", a.span)
                elif value not in GASES:
                    self.error("PCR501", f"unknown gas `{value}`", a.span, did_you_mean(value, GASES))
                    gas = ""
                else:
                    gas = value
            else:
                if value in GASES and gas is None:
                    self.error("PCR502", f"write the gas as `gas {value}`", a.span)
                    gas = ""
                elif kind is not None:
                    self.error("PCR506", "the carbon kind is given twice", a.span)
                elif value not in CARBON_KINDS:
                    self.error("PCR503", f"unknown carbon kind `{value}`", a.span, did_you_mean(value, CARBON_KINDS))
                    kind = ""
                else:
                    kind = value
        if gas is None:
            self.error("PCR502", f"{c.direction} `{c.name.value}` names no gas", c.name.span)
        if kind is None:
            self.error("PCR504", f"{c.direction} `{c.name.value}` names no carbon kind", c.name.span)
        if gas and gwp_values is not None and gas not in gwp_values:
            self.error("PCR505", f"the GWP set has no value for `{gas}`", c.name.span)
        if c.text is not None:
            self.bilingual(c.text, c.name.span, f"{c.direction} `{c.name.value}`")
        t = self.expr(c.expr)
        if gas and t is not None and t is not ANY:
            if not self.numeric(t, c.expr.span):
                pass
            elif t != units.dim(**{GASES[gas]: 1}):
                self.error("PCR305", f"{c.direction} `{c.name.value}` is {gas} but its formula gives {self.describe(t)}",
                           c.expr.span, f"the formula must give a mass of {GASES[gas]} (e.g. kg{GASES[gas]})")
        return gas or None, kind or None

    # ---- allocation -------------------------------------------------------------------
    def check_allocation(self, a: ast.Allocation, stages, allocation_of: dict) -> None:
        method = a.method.value
        if method not in ALLOCATION_METHODS:
            self.error("PCR601", f"unknown allocation method `{method}`", a.method.span, did_you_mean(method, ALLOCATION_METHODS))
            method = None
        for place in a.places:
            if self.check_place(place, stages):
                key = (place.stage.value, place.process.value if place.process else None)
                if key in allocation_of:
                    self.error("PCR606", f"`{'.'.join(k for k in key if k)}` is already allocated by `{allocation_of[key]}`", place.span)
                allocation_of[key] = a.name.value
        products = [i for i in a.items if i.role == "product"]
        coproducts = [i for i in a.items if i.role == "coproduct"]
        avoided = [i for i in a.items if i.role == "avoided"]
        justification = [i for i in a.items if i.role == "justification"]
        if len(products) != 1 or (method != "substitution" and not coproducts):
            self.error("PCR605", f"allocation `{a.name.value}` needs one `product` and at least one "
                       f"{'`avoided` product' if method == 'substitution' else '`coproduct`'}", a.name.span)
        if method == "substitution":
            if not avoided:
                self.error("PCR608", f"allocation `{a.name.value}` by substitution names no avoided product", a.name.span)
            for i in coproducts:
                self.error("PCR609", "a substitution credits avoided products; it has no co-product shares", i.span)
            for i in products:
                if i.expr is not None:
                    self.error("PCR609", "in a substitution the product needs no quantity", i.expr.span)
            for i in avoided:
                t = self.expr(i.expr)
                if t is not None and t is not ANY and t != units.dim(CO2e=1):
                    self.error("PCR607", f"the avoided emissions of `{i.name.value}` are {self.describe(t)}, "
                               "not a mass of CO2e", i.expr.span)
        elif method is not None:
            for i in avoided:
                self.error("PCR609", f"`avoided` belongs to substitution, not to allocation by {method}", i.span)
            wanted = {"mass": [units.MASS], "energy": [units.ENERGY], "economic": list(units.MONEY_DIMENSIONS),
                      "fixed": [units.DIMENSIONLESS]}[method]
            first = None
            for i in products + coproducts:
                if i.expr is None:
                    self.error("PCR607", f"`{i.name.value}` needs its quantity: `{i.role} {i.name.value} = ...`", i.span)
                    continue
                t = self.expr(i.expr)
                if t is None or not self.numeric(t, i.expr.span):
                    continue
                if t is ANY:
                    continue
                if t not in wanted:
                    if method == "fixed":
                        continue  # reported below: fixed shares are numbers
                    self.error("PCR607", f"allocation by {method} needs {self.describe(wanted[0])}, "
                               f"`{i.name.value}` is {self.describe(t)}", i.expr.span)
                elif first is not None and t != first[0]:
                    self.error("PCR604", f"`{i.name.value}` is {self.describe(t)} but `{first[1]}` is "
                               f"{self.describe(first[0])}", i.expr.span)
                else:
                    first = first or (t, i.name.value)
            if method == "fixed":
                total = Fraction(0)
                for i in products + coproducts:
                    value = _constant(i.expr) if i.expr is not None else None
                    if value is None:
                        self.error("PCR607", "fixed shares are numbers, such as 0.7", (i.expr or i).span)
                        total = None
                        break
                    total += value
                if total is not None and total != 1:
                    self.error("PCR602", f"the fixed shares of `{a.name.value}` sum to {_g(total)}, not 1", a.name.span)
            if method == "economic" and not justification:
                self.error("PCR603", f"allocation `{a.name.value}` by economic value has no justification", a.name.span)
        else:  # unknown method: still resolve the names in the formulas
            for i in a.items:
                if i.expr is not None:
                    self.expr(i.expr)
        for i in justification:
            self.bilingual(i.text, i.span, "the justification")

    # ---- cut-off ----------------------------------------------------------------------
    def check_cutoff(self, c: ast.Cutoff, declared_unit, production) -> None:
        per_flow, total = {}, {}
        product_in_mass = declared_unit is not None and declared_unit[1] == units.MASS
        for r in c.rules:
            if r.kind in ("per_flow", "total"):
                if r.op not in ("<", "<="):
                    self.error("PCR706", f"a cut-off threshold is an upper limit, not `{r.op}`", r.span)
                if not (0 < r.percent <= 100):
                    self.error("PCR701", f"{_g(r.percent)} % is not a percentage between 0 and 100", r.span)
                if r.basis.value not in CUTOFF_BASES:
                    self.error("PCR703", f"unknown cut-off basis `{r.basis.value}`", r.basis.span,
                               did_you_mean(r.basis.value, CUTOFF_BASES))
                if r.basis.value == "mass" and declared_unit is not None and not product_in_mass:
                    self.error("PCR707", "the mass basis compares a flow with the product's mass, but the declared "
                               f"unit is {self.describe(declared_unit[1])}", r.basis.span)
                (per_flow if r.kind == "per_flow" else total)[r.basis.value] = r
            elif r.kind == "never":
                for n in r.names:
                    if n.value not in self.inputs:
                        if isinstance(self.values.get(n.value), ast.Input) or n.value in self.module.unparsed_names:
                            continue  # an input with an earlier error
                        self.error("PCR704", f"`{n.value}` is not an input", n.span, did_you_mean(n.value, self.inputs))
        for basis, rule in per_flow.items():
            cumulative = total.get(basis)
            if cumulative is not None and rule.percent > cumulative.percent:
                self.error("PCR702", f"per-flow {_g(rule.percent)} % exceeds the cumulative "
                           f"{_g(cumulative.percent)} % by {basis}", rule.span)

    # ---- examples ---------------------------------------------------------------------
    def check_example(self, e: ast.Example, stages, gases, declared_unit) -> None:
        given: dict[str, ast.Given] = {}
        for g in e.givens:
            name = g.name.value
            if name in given:
                self.error("PCR906", f"`{name}` is given twice", g.name.span)
                continue
            given[name] = g
            info = self.inputs.get(name)
            if info is None:
                if not isinstance(self.values.get(name), ast.Input) and name not in self.module.unparsed_names:
                    self.error("PCR901", f"`{name}` is not an input", g.name.span, did_you_mean(name, self.inputs))
                continue
            if info.keyset is not None:
                keys = [k.name.value for k in self.values[info.keyset].keys]
                if g.kind != "key":
                    self.error("PCR903", f"`{name}` takes a key of `{info.keyset}` in quotes", g.span,
                               f"write the key in quotes, e.g. `{name} = \"{keys[0]}\"`" if keys else None)
                elif g.value not in keys:
                    self.error("PCR209", f"`{g.value}` is not a key of `{info.keyset}`", g.span, did_you_mean(g.value, keys))
                continue
            if g.kind == "key":
                self.error("PCR903", f"`{name}` takes a number in {info.unit_text}", g.span)
                continue
            if g.unit is not None:
                resolved = self.unit(g.unit)
                if resolved is not None and resolved[1] != info.dimension:
                    self.error("PCR903", f"`{name}` is measured in {info.unit_text} ({units.describe(info.dimension)}), "
                               f"not in {g.unit.text()}", g.unit.span)
            elif info.dimension != units.DIMENSIONLESS:
                self.error("PCR903", f"give the unit of `{name}`, e.g. `{g.value} {info.unit_text}`", g.span)
        for name, info in self.inputs.items():
            if name not in given and info.default is None and not info.optional:
                self.error("PCR902", f"example \"{e.title}\" gives no value for required input `{name}`", e.title_span)
        for x in e.expectations:
            subject = [n.value for n in x.subject]
            if x.target == "cutoff":
                if subject[0] not in ("pass", "fail"):
                    self.error("PCR708", f"`{subject[0]}` is neither pass nor fail", x.subject[0].span)
                continue
            if x.target == "grade":
                gradings = [d for d in self.module.declarations if isinstance(d, ast.Grading)]
                classes = [c.name.value for g in gradings[:1] for c in g.classes]
                if subject[0] not in classes:
                    self.error("PCR904", f"`{subject[0]}` is not a class of the grading", x.subject[0].span,
                               did_you_mean(subject[0], classes))
                continue
            before = len(self.diagnostics)
            if x.target == "stage" and stages is not None and subject[0] not in stages:
                self.error("PCR904", f"unknown stage `{subject[0]}`", x.subject[0].span, did_you_mean(subject[0], stages))
            elif x.target == "process" and stages is not None and (subject[0] not in stages or subject[1] not in stages[subject[0]]):
                self.error("PCR904", f"unknown process `{'.'.join(subject)}`", x.span)
            elif x.target == "gas" and subject[0] not in GASES:
                self.error("PCR904", f"unknown gas `{subject[0]}`", x.subject[0].span, did_you_mean(subject[0], GASES))
            elif x.target == "kind" and subject[0] not in CARBON_KINDS:
                self.error("PCR904", f"unknown carbon kind `{subject[0]}`", x.subject[0].span, did_you_mean(subject[0], CARBON_KINDS))
            if len(self.diagnostics) > before:
                continue  # unknown target (PCR904): its unit cannot be judged
            resolved = self.unit(x.unit)
            if resolved is not None:
                ok_dims = [units.dim(CO2e=1)]
                if x.target == "gas" and subject[0] in GASES:
                    ok_dims.append(units.dim(**{GASES[subject[0]]: 1}))
                if resolved[1] not in ok_dims:
                    self.error("PCR905", f"expected value in {x.unit.text()} is {units.describe(resolved[1])}, "
                               "not a mass of CO2e" + (" or of the gas" if x.target == "gas" else ""), x.unit.span)
                if x.tolerance_unit is not None:
                    tol = self.unit(x.tolerance_unit)
                    if tol is not None and tol[1] != resolved[1]:
                        self.error("PCR905", f"the tolerance in {x.tolerance_unit.text()} does not match {x.unit.text()}",
                                   x.tolerance_unit.span)


def _g(x: Fraction) -> str:
    """A number for a message; float() of a huge fraction overflows."""
    try:
        return f"{float(x):g}"
    except OverflowError:
        return "more than 1e308" if x > 0 else "less than -1e308"


def _show_expr(e) -> str:
    return format_expr(e)


RECYCLING_APPROACHES = RECYCLING_A
RECYCLING_PARAMETERS = {p.name: (p.dimension, p.default) for p in cff.PARAMETERS.values()}
SHARE_PARAMETERS = cff.SHARES


def _within(value: Fraction, b: ast.Bounds) -> bool:
    low_ok = value >= b.low if b.low_inclusive else value > b.low
    high_ok = value <= b.high if b.high_inclusive else value < b.high
    return low_ok and high_ok


def _is_literal_zero(e) -> bool:
    while isinstance(e, ast.Negate):
        e = e.operand
    return isinstance(e, ast.Number) and e.value == 0


def _constant(e) -> Fraction | None:
    """The value of an expression made only of numbers, else None."""
    if isinstance(e, ast.Number):
        return e.value
    if isinstance(e, ast.Negate):
        v = _constant(e.operand)
        return None if v is None else -v
    if isinstance(e, ast.Binary):
        a, b = _constant(e.left), _constant(e.right)
        if a is None or b is None or (e.op == "/" and b == 0):
            return None
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else None}[e.op]
    return None


def check(module: ast.Module) -> tuple[Optional[Model], list[Diagnostic]]:
    checker = Checker(module)
    with collector_paused():
        model = checker.run()
    return model, checker.diagnostics
