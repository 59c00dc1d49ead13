"""The cases of a conformance suite, proposed from the IR: table-driven, one generator per construct.

A generator reads one part of the IR (the inputs and their bounds, key sets, optional inputs and
defaults, the run-time checks, electricity sources, allocations, cut-off thresholds, data-quality
levels, grading classes) and proposes probes: inputs with a title and the clause they exercise.
Nothing here decides what a case expects: the suite (pcrlang/certify/suite.py) runs every probe
through the exact interpreter. A new construct adds a generator to GENERATORS (see edges.py for
those that solve for an exact threshold), not a rewrite.

Numbers in probes are exact Fractions (in the input's declared unit, as a calculator takes
them); `to_json` writes them as JSON numbers that spell them exactly.
"""
from __future__ import annotations

import datetime
import json
import math
import random
import re
import types
from fractions import Fraction
from typing import Callable, Iterator, Optional

import attrs

from ..backends.python import generate
from ..core import expr as cx
from ..core import ir
from ..interpret import CalculationError, calculate
from . import solve

LARGE = 10 ** 400  # a JSON integer beyond any binary64 number: refused as not finite
CELL = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")  # a cell of a table of rows: "materials[1].mass"
TYPICAL_ROWS = 2  # rows of a table in the typical input (at least the table's fewest)
TYPICAL_PERIOD = ("2023-01-01", "2023-12-31")  # the reference period when no dated factor says one


@attrs.frozen
class Probe:
    id: str  # stable and unique in a suite: "bounds/coal/low/below"
    kind: str  # example, boundary, refusal or random
    what: str  # the key of its title in TITLES
    params: tuple  # ((name, value), ...) of the title
    clause: Optional[str]  # the clause it exercises
    input: object  # a dict of inputs (Fractions, keys, {"cut_off": x}, ...), or another JSON value

    def title(self, lang: str = "en") -> str:
        params = {k: v[lang == "zh"] if type(v) is tuple else v for k, v in self.params}  # (en, zh) pairs
        if lang == "zh":  # the words a title's parameters use, in Chinese
            params = {k: WORDS.get(v, v) if type(v) is str else v for k, v in params.items()}
        return TITLES[self.what][lang == "zh"].format(**params)


TITLES = {
    "example": ("worked example \"{title}\"", "算例“{title}”"),
    "key": ("`{input}` = \"{key}\"", "`{input}` 取 \"{key}\""),
    "left_out": ("optional input `{input}` left out", "可选输入 `{input}` 缺省"),
    "default_used": ("`{input}` left out: its default applies", "`{input}` 未给出：采用缺省值"),
    "default_given": ("`{input}` given at its default {value}", "`{input}` 按缺省值 {value} 给出"),
    "bound": ("`{input}` {side} its {end} bound {bound} ({value})", "`{input}` 在{end}限 {bound} {side}（{value}）"),
    "zero": ("`{input}` = 0", "`{input}` = 0"),
    "coproducts_zero": ("allocation `{allocation}`: {products} at zero", "分配 `{allocation}`：{products} 为零"),
    "source": ("electricity `{block}` from source `{source}`", "电力 `{block}` 采用来源 `{source}`"),
    "no_source": ("electricity `{block}`: no source admissible", "电力 `{block}`：无可用来源"),
    "branch": ("`{input}` = {value}, {side} the crossing in `{where}`", "`{input}` = {value}，{side} `{where}` 中的分界点"),
    "check": ("refused by the check of {subject}", "被 {subject} 的检查拒绝"),
    "threshold": ("cut-off {scope} {op} {percent} % by {basis}: {side} ({flows})",
                  "取舍准则（{scope} {op} {percent} %，按{basis}）：{flows} {side}阈值"),
    "quality_level": ("data quality: {inputs} rated {side} {level} ({rating})",
                      "数据质量：{inputs} 的评分{side} {level} 的限值（{rating}）"),
    "quality_weighted": ("data quality: every measured input rated, each differently (between {low} and {high})",
                         "数据质量：每个实测输入各给不同评分（{low} 至 {high} 之间）"),
    "primary_share": ("primary data share {side} {op} {percent} %", "初级数据比例{side}限值（{op} {percent} %）"),
    "grade": ("grading: total {side} class {grade}'s limit {limit} ({total})",
              "分级：总量{side} {grade} 级限值 {limit}（{total}）"),
    "missing": ("required input `{input}` missing", "缺少必需输入 `{input}`"),
    "unknown": ("an input the rule does not declare", "规则未声明的输入"),
    "not_object": ("inputs that are not an object", "输入不是对象"),
    "wrong_type": ("`{input}` given as {given}", "`{input}` 以{given}给出"),
    "not_finite": ("`{input}` = 10^400, beyond binary64", "`{input}` = 10^400，超出双精度范围"),
    "unknown_key": ("`{input}` = an unknown key", "`{input}` 取未知键"),
    "never_cut": ("`{input}`, which may never be cut off, left out", "不得舍去的 `{input}` 被舍去"),
    "no_cutoff_rule": ("`{input}` left out, but the rule allows no cut-off", "舍去 `{input}`，但规则不允许舍去"),
    "bad_quality": ("data quality of `{input}`: {problem}", "`{input}` 的数据质量：{problem}"),
    "random": ("random case {n}", "随机用例 {n}"),
    "row_count": ("table `{table}` with {n} rows", "表 `{table}` 含 {n} 行"),
    "row_cut_off": ("`{input}`, a row's flow, cut off", "舍去行内流 `{input}`"),
    "other_unit": ("`{input}` given in a unit other than the column's", "`{input}` 以非该列的单位给出"),
    "duplicate_row": ("two rows of `{table}` with the same key", "`{table}` 中两行键相同"),
    "unknown_column": ("a row of `{table}` with a column the table does not declare", "`{table}` 的一行含未声明的列"),
    "row_not_object": ("a row of `{table}` that is not an object", "`{table}` 的一行不是对象"),
    "period": ("reference period {start} to {end}", "核算期 {start} 至 {end}"),
}


WORDS = {"at": "恰在", "inside": "内侧", "outside": "外侧", "below": "低于", "above": "高于", "lower": "下",
         "upper": "上", "none": "无", "negative": "负值", "large": "大值", "per flow": "单项", "total": "累计",
         "mass": "质量", "energy": "能量", "emissions": "排放", "half a unit above": "高半个单位",
         "a string": "字符串", "null": "null", "a boolean": "布尔值", "a number": "数值",
         "a criterion missing": "缺少一项准则", "a score out of bounds": "评分超出范围",
         "a date that does not exist": "不存在的日期", "a date in another format": "其他格式的日期"}


def to_json(value):
    """Probe values as JSON: integral Fractions as integers (while binary64 holds them), other
    Fractions as floats that spell them exactly."""
    t = type(value)
    if t is Fraction:
        if value.denominator == 1 and (abs(value) <= 2 ** 53 or abs(value) >= LARGE):
            return int(value)
        if not solve.is_short_decimal(value, 17):
            raise ValueError(f"not a short decimal: {value}")
        return float(value)
    if t is dict:
        return {k: to_json(v) for k, v in value.items()}
    if t in (list, tuple):
        return [to_json(v) for v in value]
    return value


class Context:
    """A rule, a typical input, and its exact outcomes, cached."""

    def __init__(self, rs: ir.Ruleset, fingerprint: str):
        self.rs, self.fingerprint = rs, fingerprint
        self.tables = {i.name: i for i in rs.inputs if i.kind == "rows"}
        self.inputs = _Inputs({i.name: i for i in rs.inputs}, self.tables)
        self.bindings = {s.name: s for s in rs.steps if type(s) is ir.Let}
        self.factors = {f.name: f.base_value for f in rs.factors if f.base_value is not None}
        self.periods = periods(rs)
        self.base = flatten(self.tables, base_input(rs, self.periods))
        self.misses: list = []  # thresholds no case reaches exactly (the suite says so)
        self._cache: dict = {}
        self._module = None

    def outcome(self, inputs):
        """The result proposals are judged on, or the CalculationError that refuses the inputs:
        the rule's generated calculator run on its exact engine (figures and verdicts in exact
        fractions, as the interpreter gives them, and much faster than walking the IR). Cases
        take their expected values from the interpreter (`expected`), never from this."""
        key = json.dumps(inputs, sort_keys=True, default=str)
        if key not in self._cache:
            if len(self._cache) > 4096:
                self._cache.clear()
            module, engine = self._exact_calculator()
            try:
                self._cache[key] = module.compute(module.SPEC, self.nest(inputs), engine, figure=_same)
            except module.CalculationError as error:
                self._cache[key] = CalculationError(error.code, error.message, error.field, error.formula, error.clause)
        return self._cache[key]

    def expected(self, inputs):
        """The interpreter's result (exact), or the CalculationError that refuses the inputs."""
        try:
            return calculate(self.rs, inputs, self.fingerprint)
        except CalculationError as error:
            return error

    def _exact_calculator(self):
        if self._module is None:
            from .mutate import load  # the generated calculator, loaded once per rule
            module = load(generate(self.rs, self.fingerprint), "proposals")
            run = module.ENGINE.exact
            # one function for run and exact: the runtime then computes every figure exactly
            engine = types.SimpleNamespace(run=run, exact=run, total=None, arguments=None,
                                           rating=module.ENGINE.rating)
            self._module = (module, engine)
        return self._module

    def with_(self, changes: dict, base: Optional[dict] = None, drop: tuple = ()) -> dict:
        """base (the typical input) with some inputs changed and some left out, in declaration order.
        Inputs are flat: a cell of a table of rows is an input of its own ("materials[1].mass"),
        a table given whole (a list) replaces the base's cells of it; `nest` makes the table."""
        merged = dict(self.base if base is None else base)
        whole = {n for n in self.tables if n in changes or n in drop}
        merged = {k: v for k, v in merged.items() if _table_of(k) not in whole}
        merged.update(changes)
        out = {}
        for i in self.rs.inputs:
            if i.name in merged and i.name not in drop:
                out[i.name] = merged[i.name]
            if i.kind == "rows":
                columns = [c.name for c in i.columns]
                cells = sorted((k for k in merged if _table_of(k) == i.name and k not in drop),
                               key=lambda k: (int(CELL.match(k).group(2)), columns.index(CELL.match(k).group(3))
                                              if CELL.match(k).group(3) in columns else len(columns)))
                out.update((k, merged[k]) for k in cells)
        return out

    def nest(self, inputs):
        """Flat inputs as a calculator takes them: each table's cells gathered into its rows."""
        return nest(self.tables, inputs)

    def range_of(self, name: str) -> tuple:
        """The closed range a solver may search for an input (open ends excluded by the check after)."""
        b = self.inputs[name].bounds
        if b is None:
            return (Fraction(-10 ** 12), Fraction(10 ** 12))
        return (b.low, b.high)

    def uses(self, e) -> set:
        """The inputs an expression reads, through the bindings it refers to."""
        out, stack, seen = set(), [e], set()
        while stack:
            for node in cx.walk(stack.pop()):
                if type(node) is cx.Input:
                    out.add(node.name)
                elif type(node) is cx.Ref and node.name not in seen and node.name in self.bindings:
                    seen.add(node.name)
                    stack.append(self.bindings[node.name].expr)
        return out


def _same(x):
    return x


class _Inputs(dict):
    """The inputs by name, and any cell of a table of rows: its column, named as the cell."""

    def __init__(self, inputs: dict, tables: dict):
        super().__init__(inputs)
        self._tables = tables

    def __missing__(self, name):
        m = CELL.match(name) if type(name) is str else None
        table = self._tables.get(m.group(1)) if m else None
        column = next((c for c in table.columns if c.name == m.group(3)), None) if table else None
        if column is None:
            raise KeyError(name)
        self[name] = attrs.evolve(column, name=name)
        return self[name]


def _table_of(name: str) -> Optional[str]:
    m = CELL.match(name)
    return m.group(1) if m else None


def flatten(tables: dict, inputs: dict) -> dict:
    """Nested inputs with each table's rows as cells (a table with no rows, or a row that is no
    object or gives no column, stays whole)."""
    out = {}
    for name, value in inputs.items():
        if name in tables and type(value) in (list, tuple) and value and \
                all(type(r) is dict and r for r in value):
            for k, row in enumerate(value):
                out.update((f"{name}[{k}].{column}", v) for column, v in row.items())
        else:
            out[name] = value
    return out


def nest(tables: dict, inputs):
    if type(inputs) is not dict:
        return inputs
    out: dict = {}
    for name, value in inputs.items():
        m = CELL.match(name)
        if m is None or m.group(1) not in tables:
            out[name] = list(value) if name in tables and type(value) is tuple else value
            continue
        rows = out.setdefault(m.group(1), [])
        if type(rows) is not list:  # a table given whole as something else: its cells are ignored
            continue
        k = int(m.group(2))
        while len(rows) <= k:
            rows.append({})
        rows[k] = dict(rows[k], **{m.group(3): value})
    return out


def periods(rs: ir.Ruleset) -> list:
    """The reference periods every dated factor has a value in force for: twelve months from the
    start of each dated value (in the order of their starts), when all are in force for it."""
    dated = [f for f in rs.factors if f.base_value is None and f.validity]
    starts = sorted({v[0] for f in dated for v in f.validity})
    out = []
    for start in starts:
        end = twelve_months(start)
        if all(any(v[0] <= start and end <= v[1] for v in f.validity) for f in dated):
            out.append((start, end))
    return out or ([] if dated else [TYPICAL_PERIOD])


def twelve_months(start: str) -> str:
    """The last day of the twelve months from `start` (ISO dates)."""
    d = datetime.date.fromisoformat(start)
    try:
        following = d.replace(year=d.year + 1)
    except ValueError:  # 29 February: the twelve months end on 28 February
        following = d.replace(year=d.year + 1, day=28) + datetime.timedelta(days=1)
    return (following - datetime.timedelta(days=1)).isoformat()


def shifted(iso: str, days: int) -> str:
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=days)).isoformat()


def typical_row(table: ir.Input, k: int) -> dict:
    """Row k of a synthesized table: every required column at its typical value, distinct keys."""
    row = {}
    for c in table.columns:
        if c.optional or c.default is not None:
            continue
        if c.kind == "text":
            row[c.name] = f"row {k + 1}"
        elif c.kind == "key":
            row[c.name] = c.keys[k % len(c.keys)] if c.key or k else c.keys[0]
        else:
            row[c.name] = typical(c)
    return row


def typical(i: ir.Input) -> object:
    """A value of an input for a synthesized typical case: its default, its first key, or 1 (or
    the middle of its bounds when 1 lies outside); rows of a table, a date."""
    if i.default is not None:
        return i.default
    if i.kind == "key":
        return i.keys[0]
    if i.kind == "rows":
        return [typical_row(i, k) for k in range(max(i.min_rows, TYPICAL_ROWS))]
    if i.kind == "date":
        return TYPICAL_PERIOD[0]
    if i.kind == "text":
        return "text"
    if i.bounds is None or _inside(i, Fraction(1)):
        return Fraction(1)
    b = i.bounds
    return solve.rounded((b.low + b.high) / 2, 3)


def given(g: ir.Given, estimates: bool = True) -> object:
    """An example's given as a calculator takes it (a cut-off estimate as {"cut_off": x} or, with
    estimates False, as the measured value; a table as its rows)."""
    if g.kind == "rows":
        return [{c.name: given(c, estimates) for c in row} for row in g.value]
    return {"cut_off": g.value} if g.kind == "cut_off" and estimates else g.value


def base_input(rs: ir.Ruleset, periods_: list = ()) -> dict:
    """The typical input: the first worked example with every flow measured (its cut-off
    estimates as measured values), or one synthesized from the declarations (the reference
    period the first that every dated factor is in force for)."""
    if rs.examples:
        givens = {g.name: given(g, estimates=False) for g in rs.examples[0].givens}
        return {i.name: givens[i.name] for i in rs.inputs if i.name in givens}
    out = {i.name: typical(i) for i in rs.inputs if (not i.optional or i.kind == "rows") and i.default is None}
    if rs.period_inputs and periods_:
        out.update(zip(rs.period_inputs, periods_[0]))
    return out


def _inside(i: ir.Input, x: Fraction) -> bool:
    b = i.bounds
    if b is None:
        return True
    above = x > b.low or (x == b.low and b.low_inclusive)
    below = x < b.high or (x == b.high and b.high_inclusive)
    return above and below


def numbers(ctx: Context) -> list:
    """The number inputs, and the number cells of each table's first row (its columns)."""
    out = []
    for i in ctx.rs.inputs:
        if i.kind == "number":
            out.append(i)
        elif i.kind == "rows":
            out += [ctx.inputs[f"{i.name}[0].{c.name}"] for c in i.columns if c.kind == "number"]
    return out


# ---- generators ------------------------------------------------------------------------------------
def examples(ctx: Context) -> Iterator[Probe]:
    for k, e in enumerate(ctx.rs.examples, 1):
        inputs = {g.name: given(g) for g in e.givens}
        yield Probe(f"example/{k}", "example", "example", (("title", e.title),), e.clause,
                    ctx.with_(inputs, base={}))


def keys(ctx: Context) -> Iterator[Probe]:
    """Every key of every key input (so every row of every table it looks up)."""
    for i in ctx.rs.inputs:
        for key in i.keys:
            yield Probe(f"key/{i.name}/{key}", "boundary", "key", (("input", i.name), ("key", key)), i.clause,
                        ctx.with_({i.name: key}))


def optional(ctx: Context) -> Iterator[Probe]:
    """Optional inputs left out; inputs with a default left out and given at their default."""
    for i in ctx.rs.inputs:
        if i.default is not None:
            yield Probe(f"default/{i.name}/left_out", "boundary", "default_used", (("input", i.name),), i.clause,
                        ctx.with_({}, drop=(i.name,)))
            value = i.default
            yield Probe(f"default/{i.name}/given", "boundary", "default_given",
                        (("input", i.name), ("value", _show(value))), i.clause, ctx.with_({i.name: value}))
        elif i.optional:
            yield Probe(f"optional/{i.name}/left_out", "boundary", "left_out", (("input", i.name),), i.clause,
                        ctx.with_({}, drop=(i.name,)))


def bounds(ctx: Context) -> Iterator[Probe]:
    """Each end of each bounded input: at it, and a millionth of its magnitude either side."""
    for i in numbers(ctx):
        b = i.bounds
        if b is None:
            for name, value in (("negative", Fraction(-1)), ("large", Fraction(10) ** 15)):
                yield Probe(f"bounds/{i.name}/{name}", "boundary", "bound",
                            (("input", i.name), ("side", ("at", "处")), ("end", name), ("bound", "none"),
                             ("value", _show(value))), i.clause, ctx.with_({i.name: value}))
            continue
        for end, bound, other, outward in (("lower", b.low, b.high, -1), ("upper", b.high, b.low, 1)):
            d = solve.step(bound, other)
            for side, zh, value in (("at", "处", bound), ("outside", "之外", bound + outward * d),
                                    ("inside", "之内", bound - outward * d)):
                yield Probe(f"bounds/{i.name}/{end}/{side}", "boundary", "bound",
                            (("input", i.name), ("side", (side, zh)), ("end", end), ("bound", _show(bound)),
                             ("value", _show(value))), i.clause, ctx.with_({i.name: value}))


def zeros(ctx: Context) -> Iterator[Probe]:
    """Inputs whose range holds zero inside it (bounds cover those where it is an end), and the
    co-products of each allocation at zero, together."""
    for i in numbers(ctx):
        b = i.bounds
        if b is None or b.low < 0 < b.high:
            yield Probe(f"zero/{i.name}", "boundary", "zero", (("input", i.name),), i.clause,
                        ctx.with_({i.name: Fraction(0)}))
    for a in ctx.rs.allocations:
        used = set()
        for p in a.products[1:]:
            if p.quantity is not None and p.quantity in ctx.bindings:
                used |= ctx.uses(ctx.bindings[p.quantity].expr)
        zeroable = sorted(n for n in used if ctx.inputs[n].kind == "number" and _inside(ctx.inputs[n], Fraction(0)))
        if zeroable:
            products = ", ".join(p.name for p in a.products[1:])
            yield Probe(f"allocation/{a.name}/coproducts_zero", "boundary", "coproducts_zero",
                        (("allocation", a.name), ("products", products)), a.clause,
                        ctx.with_({n: Fraction(0) for n in zeroable}))


def refusals(ctx: Context) -> Iterator[Probe]:
    """The run-time refusals every rule has: missing, unknown and mistyped inputs, numbers beyond
    binary64, unknown keys, cut-offs the rule does not allow, malformed data-quality scores."""
    rs = ctx.rs
    for i in rs.inputs:
        if not i.optional and i.default is None:
            yield Probe(f"refusal/missing/{i.name}", "refusal", "missing", (("input", i.name),), i.clause,
                        ctx.with_({}, drop=(i.name,)))
    yield Probe("refusal/unknown_input", "refusal", "unknown", (), None, ctx.with_({}) | {"not_an_input_of_the_rule": 1})
    yield Probe("refusal/not_an_object", "refusal", "not_object", (), None, [])
    nums, keyed = numbers(ctx), [i for i in rs.inputs if i.kind == "key"]
    if nums:
        first = nums[0]
        for given, value in (("a string", "1"), ("null", None), ("a boolean", True)):
            yield Probe(f"refusal/wrong_type/{first.name}/{given.split()[-1]}", "refusal", "wrong_type",
                        (("input", first.name), ("given", given)), first.clause, ctx.with_({first.name: value}))
        yield Probe(f"refusal/not_finite/{first.name}", "refusal", "not_finite", (("input", first.name),),
                    first.clause, ctx.with_({first.name: Fraction(LARGE)}))
    for i in keyed:
        yield Probe(f"refusal/unknown_key/{i.name}", "refusal", "unknown_key", (("input", i.name),), i.clause,
                    ctx.with_({i.name: "not_a_key_of_the_rule"}))
        yield Probe(f"refusal/wrong_type/{i.name}/number", "refusal", "wrong_type",
                    (("input", i.name), ("given", "a number")), i.clause, ctx.with_({i.name: Fraction(1)}))
    for i in nums:
        value = ctx.base.get(i.name, typical(i))
        if i.cut_off == "never" and rs.cutoff is not None:
            yield Probe(f"refusal/never_cut/{i.name}", "refusal", "never_cut", (("input", i.name),), rs.cutoff.clause,
                        ctx.with_({i.name: {"cut_off": value}}))
        elif rs.cutoff is None:
            yield Probe(f"refusal/no_cutoff_rule/{i.name}", "refusal", "no_cutoff_rule", (("input", i.name),), i.clause,
                        ctx.with_({i.name: {"cut_off": value}}))
            break
    dq = rs.data_quality
    if dq is not None and nums:
        i = nums[0]
        value = ctx.base.get(i.name, typical(i))
        good = {c: dq.criteria_bounds.low for c in dq.criteria}
        for problem, scores in (("a criterion missing", dict(list(good.items())[1:])),
                                ("a score out of bounds", dict(good, **{dq.criteria[0]: dq.criteria_bounds.high + 1}))):
            yield Probe(f"refusal/quality/{i.name}/{problem.split()[-2]}", "refusal", "bad_quality",
                        (("input", i.name), ("problem", problem)), dq.clause,
                        ctx.with_({i.name: {"value": value, "quality": scores}}))


def randoms(ctx: Context, n: int, seed: int) -> Iterator[Probe]:
    """n random cases, seeded: every input drawn inside its bounds (magnitudes spread over the
    range, four significant digits), optional inputs sometimes left out, cut-offable flows sometimes
    left out with an estimate, measured inputs sometimes with data-quality scores; tables of one
    to five rows (none sometimes, when the rule allows it), each cell drawn as an input is; the
    reference period one the dated factors are in force for."""
    rng = random.Random(seed)
    rs = ctx.rs
    for k in range(1, n + 1):
        inputs = {}
        period = dict(zip(rs.period_inputs, rng.choice(ctx.periods))) if rs.period_inputs and ctx.periods else {}
        for i in rs.inputs:
            if (i.optional or i.default is not None) and rng.random() < 0.3:
                continue
            if i.name in period:
                inputs[i.name] = period[i.name]
            elif i.kind == "date":
                inputs[i.name] = typical(i)
            elif i.kind == "rows":
                count = rng.randint(i.min_rows if i.min_rows or rng.random() < 0.1 else 1, max(i.min_rows, 5))
                inputs[i.name] = [_random_row(rng, rs, i, r) for r in range(count)]
            else:
                inputs[i.name] = _random_value(rng, rs, i, quality=True)
        yield Probe(f"random/{k:04d}", "random", "random", (("n", k),), None, inputs)


def _random_value(rng: random.Random, rs: ir.Ruleset, i: ir.Input, quality: bool):
    if i.kind == "key":
        return rng.choice(i.keys)
    value = draw(rng, i)
    if rs.cutoff is not None and i.cut_off != "never" and rng.random() < 0.15:
        return {"cut_off": value}
    if quality and rs.data_quality is not None and rng.random() < 0.15:
        dq = rs.data_quality
        return {"value": value, "quality": {c: _draw_between(rng, dq.criteria_bounds) for c in dq.criteria}}
    return value


def _random_row(rng: random.Random, rs: ir.Ruleset, table: ir.Input, k: int) -> dict:
    row = {}
    for c in table.columns:
        if (c.optional or c.default is not None) and rng.random() < 0.3:
            continue
        if c.kind == "text":
            row[c.name] = f"row {k + 1}"
        elif c.key and c.kind == "key":
            row[c.name] = c.keys[k % len(c.keys)]  # distinct while the keys last
        else:
            row[c.name] = _random_value(rng, rs, c, quality=False)
    return row


def draw(rng: random.Random, i: ir.Input) -> Fraction:
    b = i.bounds
    if b is None:
        return solve.rounded(Fraction(rng.uniform(-1, 1)) * Fraction(10) ** rng.randint(0, 6), 4)
    return _draw_between(rng, b)


def _draw_between(rng: random.Random, b: ir.Bounds) -> Fraction:
    """Uniform over the range, or log-uniform when it spans many orders of magnitude; exact ends
    sometimes; never outside (an open end is stepped over)."""
    low, high = b.low, b.high
    choice = rng.random()
    if choice < 0.05 and b.low_inclusive:
        return low
    if choice < 0.1 and b.high_inclusive:
        return high
    if low >= 0 and high > 0 and (low == 0 or high / low > 1000):
        floor = max(low, high / 10 ** 9)
        x = Fraction(math.exp(rng.uniform(math.log(float(floor)), math.log(float(high)))))
    else:
        x = low + (high - low) * Fraction(rng.random())
    x = solve.rounded(x, 4)
    while not (x > low or (x == low and b.low_inclusive)):
        x += solve.step(low, high)
    while not (x < high or (x == high and b.high_inclusive)):
        x -= solve.step(high, low)
    return x


def _show(value) -> str:
    """A value for a title: keys as they are, numbers as short decimals."""
    if type(value) is Fraction:
        return repr(float(value)) if value.denominator != 1 else str(value.numerator)
    return str(value)


Generator = Callable[[Context], Iterator[Probe]]
BASIC: tuple = (examples, keys, optional, bounds, zeros)
