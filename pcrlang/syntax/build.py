"""Build: turn the parser's reductions into AST nodes (ast.py), each with its span.

Runs inside the LALR parser as an inline transformer, so no Lark tree is ever built: spans
come from the tokens themselves (start of the first, end of the last), which is cheaper than
Lark's `propagate_positions`.
"""
from __future__ import annotations

import re
from fractions import Fraction

import attrs
from lark import Token, Transformer

from . import ast
from ..source import Span

_ESCAPE = re.compile(r"\\(.)")
_NUMBER = re.compile(r"([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$")
MAX_DIGITS = 100  # significant digits of a literal
MAX_EXPONENT = 300  # decimal exponent: beyond it exact arithmetic and messages blow up


class InvalidNumber(Exception):
    """A number literal the grammar accepts but that is out of range; parse.py reports PCR004."""

    def __init__(self, token: Token) -> None:
        super().__init__(str(token))
        self.token = token


def to_fraction(token: Token) -> Fraction:
    """The exact value of a NUMBER token; huge literals would hang or overflow later passes."""
    m = _NUMBER.match(str(token))
    if m is None:
        raise InvalidNumber(token)
    whole, decimals, exponent = m.groups()
    if len(whole) + len(decimals or "") > MAX_DIGITS or (
            exponent is not None and (len(exponent) > 6 or abs(int(exponent)) > MAX_EXPONENT)):
        raise InvalidNumber(token)
    # integer arithmetic is several times faster than Fraction's string parser
    value = Fraction(int(whole + (decimals or "")), 10 ** len(decimals or ""))
    if exponent is not None:
        value *= Fraction(10) ** int(exponent)
    return value


def unquote(raw: str) -> str:
    return _ESCAPE.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), raw[1:-1])


class Builder(Transformer):
    """One method per grammar rule; `file` is set by the parser before each parse."""

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)
        self.file = "<string>"

    # ---- helpers ----------------------------------------------------------------------
    def _span(self, tok: Token) -> Span:
        return Span(self.file, tok.line, tok.column, tok.end_line, tok.end_column)

    def _name(self, tok: Token) -> ast.Name:
        return ast.Name(str(tok), Span(self.file, tok.line, tok.column, tok.end_line, tok.end_column))

    def _span_of(self, item) -> Span:
        if isinstance(item, Span):
            return item
        if isinstance(item, Token):
            return self._span(item)
        if isinstance(item, tuple):  # (value, text, span) numbers and (lang, text, span)
            return item[-1]
        return item.span

    def _cover(self, first, last) -> Span:
        return self._span_of(first).to(self._span_of(last))

    # ---- shared pieces ----------------------------------------------------------------
    def signed_number(self, c):
        if len(c) == 2:
            text = "-" + str(c[1])
            return (-to_fraction(c[1]), text, self._span(c[0]).to(self._span(c[1])))
        return (to_fraction(c[0]), str(c[0]), self._span(c[0]))

    def lang_text(self, c):
        return (str(c[0]), unquote(c[1]), self._span(c[0]).to(self._span(c[1])))

    def text(self, c):
        zh = en = None
        for lang, value, _ in c:
            if lang == "zh" and zh is None:
                zh = value
            elif lang == "en" and en is None:
                en = value
        return ast.Text(zh, en, c[0][2].to(c[-1][2]))

    def unit_factor(self, c):
        power = 1
        if len(c) == 2:
            value, text, _ = c[1]
            power = int(value) if value.denominator == 1 else value  # checker rejects non-integers
        return ast.UnitFactor(str(c[0]), power, self._cover(c[0], c[-1]))

    def unit_one(self, c):
        return ast.UnitFactor("1", 1, self._span(c[0]))

    def unit_op(self, c):
        return c[0]

    def unit(self, c):
        factors = [c[0]]
        for i in range(1, len(c), 2):
            op, f = c[i], c[i + 1]
            if str(op) == "/":
                f = ast.UnitFactor(f.name, -f.power, f.span)
            factors.append(f)
        return ast.UnitExpr(tuple(factors), factors[0].span.to(factors[-1].span))

    # ---- header -----------------------------------------------------------------------
    def ruleset(self, c):
        head, ident, version, *items = c
        end = items[-1].span if items else self._span(version)
        return ast.Header(
            unquote(ident), unquote(version), tuple(items), self._span(head).to(end),
            self._span(ident), self._span(version),
        )

    def _field(self, key, value, first, last):
        return ast.HeaderField(key, value, self._cover(first, last))

    def h_status(self, c):
        return self._field("status", self._name(c[0]), c[0], c[0])

    def h_title(self, c):
        return ast.HeaderField("title", c[0], c[0].span)

    def h_issuer(self, c):
        return ast.HeaderField("issuer", c[0], c[0].span)

    def h_scope(self, c):
        return ast.HeaderField("scope", c[0], c[0].span)

    def h_references(self, c):
        return self._field("references", tuple(unquote(t) for t in c), c[0], c[-1])

    def h_gwp(self, c):
        return self._field("gwp", self._name(c[0]), c[0], c[0])

    def h_declared_unit(self, c):
        amount = to_fraction(c[0])
        text = c[2] if len(c) > 2 else None
        span = self._cover(c[0], c[-1])
        return ast.HeaderField("declared_unit", ast.DeclaredUnit(amount, c[1], text, span), span)

    def h_production(self, c):
        return ast.HeaderField("production", c[0], c[0].span)

    def h_effective(self, c):
        return ast.HeaderField("effective", unquote(c[0]), self._span(c[0]))

    # ---- publication fields (docs/design/publication-fields.md) ---------------------------
    def h_category(self, c):
        return self._field("category", self._name(c[0]), c[0], c[0])

    def h_stage(self, c):
        return self._field("stage", self._name(c[0]), c[0], c[0])

    def _string_field(key):
        def callback(self, c):
            return ast.HeaderField(key, unquote(c[0]), self._span(c[0]))
        return callback

    h_ics = _string_field("ics")
    h_ccs = _string_field("ccs")
    h_released = _string_field("released")
    h_replaces = _string_field("replaces")

    def h_proposer(self, c):
        return ast.HeaderField("proposer", c[0], c[0].span)

    def h_committee(self, c):
        return ast.HeaderField("committee", c[0], c[0].span)

    def h_drafting_units(self, c):
        return ast.HeaderField("drafting_units", tuple(c), c[0].span.to(c[-1].span))

    def h_drafters(self, c):
        return self._field("drafters", tuple(unquote(t) for t in c), c[0], c[-1])

    def reference_entry(self, c):
        span = self._span(c[0])
        title = c[1] if len(c) > 1 else None
        return ast.Reference(unquote(c[0]), title, span.to(title.span) if title is not None else span)

    def _references(key):
        def callback(self, c):
            keyword, *entries = c
            span = self._span(keyword).to(entries[-1].span) if entries else self._span(keyword)
            return ast.HeaderField(key, tuple(entries), span)
        return callback

    h_normative = _references("normative")
    h_bibliography = _references("bibliography")

    def a_symbol(self, c):
        return ast.Attribute("symbol", unquote(c[0]), self._span(c[0]))

    f_symbol = a_symbol

    def f_source_text(self, c):
        text = self.text(c)
        return ast.Attribute("source_text", text, text.span)

    def q_symbol(self, c):
        return ast.Attribute("symbol", unquote(c[0]), self._span(c[0]))

    c_symbol = q_symbol

    def h_language(self, c):  # the edition of the language the file is written for
        span = self._span(c[0])
        return ast.HeaderField("language", ast.Number(to_fraction(c[0]), str(c[0]), span), span)

    # ---- boundary ---------------------------------------------------------------------
    def boundary(self, c):
        head, kind, *items = c
        stages = tuple(i for i in items if isinstance(i, ast.Stage))
        exclusions = tuple(i for i in items if isinstance(i, ast.Exclusion))
        end = items[-1].span if items else self._span(kind)
        return ast.Boundary(self._name(kind), stages, exclusions, self._span(head).to(end))

    def stage(self, c):
        name, phase, *rest = c
        text = next((r for r in rest if isinstance(r, ast.Text)), None)
        processes = next((r for r in rest if isinstance(r, tuple)), ())
        return ast.Stage(self._name(name), self._name(phase), text, processes, self._cover(name, phase))

    def stage_body(self, c):
        return tuple(c)

    def process(self, c):
        text = c[1] if len(c) > 1 else None
        return ast.Process(self._name(c[0]), text, self._span(c[0]))

    def exclusion(self, c):
        name = c[0]
        text = c[1] if len(c) == 3 else None
        return ast.Exclusion(self._name(name), text, c[-1], self._cover(name, c[-1]))

    # ---- key sets, inputs, factors ----------------------------------------------------
    def keyset(self, c):
        head, name, *keys = c
        return ast.KeySet(self._name(name), tuple(keys), self._span(head).to(self._span(name)))

    def key_item(self, c):
        return ast.Key(self._name(c[0]), c[1] if len(c) > 1 else None)

    def input(self, c):
        head, name, unit, *attributes = c
        return ast.Input(self._name(name), unit, tuple(attributes), self._span(head).to(self._span(name)))

    def rows_input(self, c):
        head, name, rows, *rest = c
        attributes = tuple(r for r in rest if isinstance(r, ast.Attribute))
        columns = tuple(r for r in rest if isinstance(r, ast.Column))
        minimum = next((r for r in rest if isinstance(r, int) and not isinstance(r, bool)), 0)
        return ast.RowsInput(self._name(name), attributes, columns, minimum, self._span(head).to(self._span(name)))

    def column(self, c):
        name, unit, *attributes = c
        return ast.Column(self._name(name), unit, tuple(attributes), self._span(name))

    def min_rows(self, c):
        return int(to_fraction(c[0])) if to_fraction(c[0]).denominator == 1 else 0

    def a_key(self, c):
        return ast.Attribute("key", True, self._span(c[0]))

    def a_provenance(self, c):
        return ast.Attribute("provenance", True, self._span(c[0]))

    def a_flow(self, c):
        return ast.Attribute("flow", True, self._span(c[0]))

    def lower_bound(self, c):
        return c[0]

    def upper_bound(self, c):
        return c[0]

    def a_bounds(self, c):
        lo, low, high, hi = c
        span = self._span(lo).to(self._span(hi))
        bounds = ast.Bounds(low[0], high[0], str(lo) == "[", str(hi) == "]", span)
        return ast.Attribute("bounds", bounds, span)

    def a_sensitivity(self, c):
        low, high = c
        return ast.Attribute("sensitivity", (low, high), low[2].to(high[2]))

    f_sensitivity = a_sensitivity

    def a_primary(self, c):
        return ast.Attribute("primary", True, self._span(c[0]))

    def a_optional(self, c):
        return ast.Attribute("optional", True, self._span(c[0]))

    def a_default(self, c):
        value = c[0]
        source = unquote(c[1]) if len(c) > 1 else None
        return ast.Attribute("default", (value, source), self._cover(value[2], c[-1]))

    def default_value(self, c):
        item = c[0]
        if isinstance(item, Token):  # a key in quotes
            return (unquote(item), str(item), self._span(item))
        return item

    def a_text(self, c):
        lang, value, span = c[0]
        return ast.Attribute(lang, value, span)

    f_text = a_text

    def factor_value(self, c):
        return c[0]

    def ratio(self, c):
        num, text, span = c[0]
        den = to_fraction(c[1])
        value = num / den if den else None  # None: a literal zero denominator, reported by the checker
        return (value, f"{text}/{c[1]}", span.to(self._span(c[1])))

    def factor(self, c):
        head, name, unit, value, *attributes = c
        return ast.Factor(self._name(name), unit, value[0], value[1], tuple(attributes),
                          self._span(head).to(self._span(name)))

    def f_source(self, c):
        return ast.Attribute("source", unquote(c[0]), self._span(c[0]))

    def f_geography(self, c):
        return ast.Attribute("geography", unquote(c[0]), self._span(c[0]))

    def f_vintage(self, c):
        return ast.Attribute("vintage", str(c[0]), self._span(c[0]))

    def f_primary(self, c):
        return ast.Attribute("provenance", "primary", self._span(c[0]))

    def f_secondary(self, c):
        return ast.Attribute("provenance", "secondary", self._span(c[0]))

    def f_database(self, c):
        version = unquote(c[1]) if len(c) > 1 else None
        return ast.Attribute("database", (unquote(c[0]), version), self._span(c[0]).to(self._span(c[-1])))

    def f_dataset(self, c):
        return ast.Attribute("dataset", unquote(c[0]), self._span(c[0]))

    def f_unverified(self, c):
        return ast.Attribute("unverified", True, self._span(c[0]))

    def table(self, c):
        head, name, unit, keyset, *rest = c
        attributes = tuple(r for r in rest if isinstance(r, ast.Attribute))
        rows = tuple(r for r in rest if isinstance(r, ast.TableRow))
        return ast.Table(self._name(name), unit, self._name(keyset), attributes, rows,
                         self._span(head).to(self._span(name)))

    def table_row(self, c):
        return ast.TableRow(self._name(c[0]), c[1][0], c[1][1])

    # ---- formulas ---------------------------------------------------------------------
    def quantity(self, c):
        head, name, *rest = c
        expr = rest[-1]
        unit = next((r for r in rest[:-1] if isinstance(r, ast.UnitExpr)), None)
        text = next((r for r in rest[:-1] if isinstance(r, ast.Text)), None)
        symbol = next((r.value for r in rest[:-1] if isinstance(r, ast.Attribute) and r.key == "symbol"), None)
        return ast.Quantity(self._name(name), unit, text, expr, self._span(head).to(self._span(name)), symbol)

    def contribution(self, c):
        head, name, place, *rest = c
        expr = rest[-1]
        attributes = tuple(r for r in rest[:-1] if isinstance(r, ast.Attribute) and r.key != "symbol")
        symbol = next((r.value for r in rest[:-1] if isinstance(r, ast.Attribute) and r.key == "symbol"), None)
        text = next((r for r in rest[:-1] if isinstance(r, ast.Text)), None)
        row = next((r for r in rest[:-1] if isinstance(r, ast.RowScope)), None)
        return ast.Contribution(str(head), self._name(name), place, attributes, text, expr,
                                self._span(head).to(self._span(name)), row, symbol)

    def row_scope(self, c):
        return ast.RowScope(self._name(c[0]), self._name(c[1]), self._span(c[0]).to(self._span(c[1])))

    def row_sum(self, c):
        head, var, table, body, close = c
        return ast.RowSum(self._name(var), self._name(table), body, self._span(head).to(self._span(close)))

    def row_average(self, c):
        head, var, table, body, weight, close = c
        return ast.RowAverage(self._name(var), self._name(table), body, weight, self._span(head).to(self._span(close)))

    def column_ref(self, c):
        return ast.ColumnRef(self._name(c[0]), self._name(c[1]), self._span(c[0]).to(self._span(c[1])))

    def place(self, c):
        stage = self._name(c[0])
        process = self._name(c[1]) if len(c) > 1 else None
        return ast.Place(stage, process, self._cover(c[0], c[-1]))

    def c_gas(self, c):
        return ast.Attribute("gas", self._name(c[0]), self._span(c[0]))

    def c_carbon_kind(self, c):
        return ast.Attribute("carbon_kind", self._name(c[0]), self._span(c[0]))

    def number(self, c):
        return ast.Number(to_fraction(c[0]), str(c[0]), self._span(c[0]))

    def key_literal(self, c):
        return ast.KeyLiteral(unquote(c[0]), self._span(c[0]))

    def name_ref(self, c):
        return ast.NameRef(str(c[0]), self._span(c[0]))

    def call(self, c):
        name, *args, close = [x for x in c if not (isinstance(x, Token) and x.type == "LPAR")]
        # the closing parenthesis ends the span
        return ast.Call(self._name(name), tuple(args), self._span(name).to(self._span(close)))

    def lookup(self, c):
        return ast.Lookup(self._name(c[0]), c[1], self._span(c[0]).to(self._span(c[2])))

    def group(self, c):
        # parentheses only group (the formula printer puts back the ones it needs), but a
        # diagnostic about the group underlines them too
        return attrs.evolve(c[1], span=self._span(c[0]).to(self._span(c[2])))

    def _binary(op):
        def method(self, c):
            return ast.Binary(op, c[0], c[1], c[0].span.to(c[1].span))
        return method

    add = _binary("+")
    subtract = _binary("-")
    multiply = _binary("*")
    divide = _binary("/")

    def negate(self, c):
        return ast.Negate(c[-1], c[-1].span)

    def compare(self, c):
        return ast.Compare(str(c[1]), c[0], c[2], c[0].span.to(c[2].span))

    def or_test(self, c):
        return ast.Logical("or", c[0], c[1], c[0].span.to(c[1].span))

    def and_test(self, c):
        return ast.Logical("and", c[0], c[1], c[0].span.to(c[1].span))

    def not_test(self, c):
        return ast.Not(c[0], c[0].span)

    def conditional(self, c):
        head, cond, then, otherwise = c
        return ast.Conditional(cond, then, otherwise, self._span(head).to(otherwise.span))

    # ---- allocation -------------------------------------------------------------------
    def allocation(self, c):
        head, name, *rest = c
        places = tuple(r for r in rest if isinstance(r, ast.Place))
        method = next(r for r in rest if isinstance(r, Token))
        items = tuple(r for r in rest if isinstance(r, ast.AllocationItem))
        return ast.Allocation(self._name(name), places, self._name(method), items,
                              self._span(head).to(self._span(name)))

    def al_product(self, c):
        expr = c[1] if len(c) > 1 else None
        return ast.AllocationItem("product", self._name(c[0]), expr, None, self._cover(c[0], c[-1]))

    def al_coproduct(self, c):
        return ast.AllocationItem("coproduct", self._name(c[0]), c[1], None, self._cover(c[0], c[1]))

    def al_avoided(self, c):
        return ast.AllocationItem("avoided", self._name(c[0]), c[1], None, self._cover(c[0], c[1]))

    def al_justification(self, c):
        return ast.AllocationItem("justification", None, None, c[0], c[0].span)

    def al_then(self, c):  # `then by NEXT`: the product's share is allocated again by NEXT
        return ast.AllocationItem("then", self._name(c[0]), None, None, self._span(c[0]))

    # ---- cut-off ----------------------------------------------------------------------
    def cutoff(self, c):
        head, *rules = c
        end = rules[-1].span if rules else self._span(head)
        return ast.Cutoff(tuple(rules), self._span(head).to(end))

    def _threshold(self, kind, c):
        c = [t for t in c if not (isinstance(t, Token) and t.type == "TOTAL")]
        op, number, basis = c
        return ast.CutoffRule(kind, str(op), to_fraction(number), self._name(basis), (), None,
                              self._cover(op, basis))

    def co_per_flow(self, c):
        return self._threshold("per_flow", c)

    def co_total(self, c):
        return self._threshold("total", c)

    def co_never(self, c):
        names = tuple(self._name(t) for t in c)
        return ast.CutoffRule("never", None, None, None, names, None, names[0].span.to(names[-1].span))

    def co_text(self, c):
        lang, value, span = c[0]
        return ast.CutoffRule("text", None, None, None, (),
                              ast.Text(value if lang == "zh" else None, value if lang == "en" else None, span), span)

    # ---- examples ---------------------------------------------------------------------
    def example(self, c):
        head, title, *rest = c
        text = next((r for r in rest if isinstance(r, ast.Text)), None)
        givens = tuple(g for r in rest if isinstance(r, list) for g in r)
        expectations = tuple(r for r in rest if isinstance(r, ast.Expectation))
        return ast.Example(unquote(title), text, givens, expectations,
                           self._span(head).to(self._span(title)), self._span(title))

    def ex_given(self, c):
        return list(c)

    def given_number(self, c):
        unit = c[2] if len(c) > 2 else None
        return ast.Given(self._name(c[0]), "number", c[1][0], unit, self._cover(c[0], c[-1]))

    def given_key(self, c):
        return ast.Given(self._name(c[0]), "key", unquote(c[1]), None, self._cover(c[0], c[1]))

    def given_cut_off(self, c):
        unit = c[2] if len(c) > 2 else None
        return ast.Given(self._name(c[0]), "cut_off", c[1][0], unit, self._cover(c[0], c[-1]))

    def given_rows(self, c):
        name, head, *rows = c
        close = rows.pop() if rows and isinstance(rows[-1], Token) else None
        span = self._span(name).to(self._span(close)) if close is not None else self._span(name).to(self._span(head))
        return ast.Given(self._name(name), "rows", tuple(rows), None, span)

    def given_row(self, c):
        return tuple(c)

    def ex_expect(self, c):
        (target, subject, tspan), value, unit, (tolerance, relative, tol_unit) = c
        return ast.Expectation(target, subject, value[0], unit, tolerance, relative, tol_unit,
                               tspan.to(unit.span))

    def ex_expect_cutoff(self, c):
        verdict = self._name(c[1])
        span = self._span(c[0]).to(verdict.span)
        return ast.Expectation("cutoff", (verdict,), Fraction(0), None, Fraction(0), False, None, span)

    def t_total(self, c):
        return ("total", (), self._span(c[0]))

    def _target(kind):
        def method(self, c):
            names = tuple(self._name(t) for t in c)
            return (kind, names, names[0].span.to(names[-1].span))
        return method

    t_stage = _target("stage")
    t_process = _target("process")
    t_gas = _target("gas")
    t_kind = _target("kind")

    def tol_relative(self, c):
        return (to_fraction(c[0]), True, None)

    def tol_absolute(self, c):
        return (to_fraction(c[0]), False, c[1])

    # ---- factors in force for a period -----------------------------------------------
    def dated_factor(self, c):
        head, name, unit, *rest = c
        attributes = tuple(r for r in rest if isinstance(r, ast.Attribute))
        values = tuple(r for r in rest if isinstance(r, ast.DatedValue))
        return ast.DatedFactor(self._name(name), unit, attributes, values, self._span(head).to(self._span(name)))

    def dated_value(self, c):
        start, end, (value, text, span), *source = c
        return ast.DatedValue(unquote(start), unquote(end), value, text, unquote(source[0]) if source else None,
                              self._span(start).to(span))

    def f_kind(self, c):
        return ast.Attribute("kind", self._name(c[0]), self._span(c[0]))

    # ---- recycling, electricity, grading, data quality ---------------------------------
    def recycling(self, c):
        head, name, place, approach, *rest = c
        text = next((r for r in rest if isinstance(r, ast.Text)), None)
        parameters = tuple(r for r in rest if isinstance(r, ast.Parameter))
        return ast.Recycling(self._name(name), place, self._name(approach), text, parameters,
                             self._span(head).to(self._span(name)))

    def recycling_param(self, c):
        return ast.Parameter(self._name(c[0]), c[1])

    def electricity(self, c):
        head, name, place, kind, *rest = c
        text = next((r for r in rest if isinstance(r, ast.Text)), None)
        amount = next((r[1] for r in rest if isinstance(r, tuple) and r[0] == "amount"), None)
        sources = tuple(r for r in rest if isinstance(r, ast.ElectricitySource))
        return ast.Electricity(self._name(name), place, self._name(kind), text, amount, sources,
                               self._span(head).to(self._span(name)))

    def el_amount(self, c):
        return ("amount", c[0])

    def el_source(self, c):
        name, *rest = c
        text = rest.pop() if rest and isinstance(rest[-1], ast.Text) else None
        condition, factor = (rest[0], rest[1]) if len(rest) == 2 else (None, rest[0])
        return ast.ElectricitySource(self._name(name), condition, factor, text, self._span(name).to(factor.span))

    def transport(self, c):
        head, name, place, *rest = c
        return ast.Transport(self._name(name), place, tuple(r for r in rest if isinstance(r, ast.Attribute)),
                             next((r for r in rest if isinstance(r, ast.Text)), None),
                             tuple(r for r in rest if isinstance(r, ast.TransportItem)),
                             self._span(head).to(self._span(name)))

    def tr_legs(self, c):
        return ast.TransportItem("legs", self._name(c[0]), self._span(c[0]))

    def tr_factor(self, c):
        return ast.TransportItem("factor", self._name(c[0]), self._span(c[0]))

    def tr_empty_return(self, c):
        return ast.TransportItem("empty_return", c[0], c[0].span)

    def consistency_within(self, c):
        head, name, *rest = c
        text = next((r for r in rest if isinstance(r, ast.Text)), None)
        left, number, right = [r for r in rest if not isinstance(r, ast.Text)]
        return ast.Consistency(self._name(name), text, left, to_fraction(number), str(number), right,
                               self._span(head).to(self._span(name)))

    def consistency(self, c):
        head, name, *rest = c
        text = next((r for r in rest if isinstance(r, ast.Text)), None)
        condition = [r for r in rest if not isinstance(r, ast.Text)][0]
        return ast.Consistency(self._name(name), text, condition, None, None, None,
                               self._span(head).to(self._span(name)))

    def grading(self, c):
        head, *rest = c
        text = next((r for r in rest if isinstance(r, ast.Text)), None)
        rounding = next((r for r in rest if isinstance(r, tuple)), None)
        classes = tuple(r for r in rest if isinstance(r, ast.GradeClass))
        return ast.Grading(text, rounding[0] if rounding else None, rounding[1] if rounding else None, classes,
                           self._span(head))

    def g_round(self, c):
        return (int(str(c[0])) if str(c[0]).isdigit() else None, self._name(c[1]))

    def g_class(self, c):
        name, op, (value, _, vspan), unit, *text = c
        return ast.GradeClass(self._name(name), str(op), value, unit, text[0] if text else None,
                              self._span(name).to(unit.span))

    def g_otherwise(self, c):
        return ast.GradeClass(self._name(c[0]), None, None, None, c[1] if len(c) > 1 else None, self._span(c[0]))

    def data_quality(self, c):
        head, name, *rest = c
        text = next((r for r in rest if isinstance(r, ast.Text)), None)
        criteria = next((r for r in rest if isinstance(r, tuple) and r[0] == "criteria"), None)
        rating = next((r[1] for r in rest if isinstance(r, tuple) and r[0] == "rating"), None)
        return ast.DataQuality(
            self._name(name), text, criteria[1] if criteria else (), criteria[2] if criteria else None, rating,
            tuple(r for r in rest if isinstance(r, ast.QualityLevel)),
            tuple(r for r in rest if isinstance(r, ast.QualityRequirement)), self._span(head).to(self._span(name)))

    def dq_criteria(self, c):
        *names, lo, low, high, hi = c
        span = self._span(lo).to(self._span(hi))
        bounds = ast.Bounds(low[0], high[0], str(lo) == "[", str(hi) == "]", span)
        return ("criteria", tuple(self._name(n) for n in names), bounds)

    def dq_rating(self, c):
        return ("rating", c[0])

    def dq_level(self, c):
        name, op, (value, _, vspan) = c
        return ast.QualityLevel(self._name(name), str(op), value, self._span(name).to(vspan))

    def dq_level_otherwise(self, c):
        return ast.QualityLevel(self._name(c[0]), None, None, self._span(c[0]))

    def dq_require(self, c):
        level, *subjects = c
        names = tuple(self._name(s) for s in subjects)
        return ast.QualityRequirement(self._name(level), names, None, None, self._span(level).to(names[-1].span))

    def dq_primary_share(self, c):
        op, number = c
        return ast.QualityRequirement(None, (), str(op), to_fraction(number), self._span(op).to(self._span(number)))

    def biogenic_content(self, c):
        head, *rest = c
        text = rest[0] if len(rest) == 2 else None
        return ast.BiogenicContent(text, rest[-1], self._span(head))

    # ---- modules ----------------------------------------------------------------------
    def import_decl(self, c):
        return ast.Import(unquote(c[1]), self._span(c[0]).to(self._span(c[1])))

    def library(self, c):
        head, ident, version, *items = c
        return ast.Library(unquote(ident), unquote(version), tuple(items), self._span(head).to(self._span(ident)))

    def gwp_values(self, c):
        head, name, source, *values = c
        return ast.GwpValues(self._name(name), unquote(source), tuple(values), self._span(head).to(self._span(name)))

    def gwp_value(self, c):
        return (self._name(c[0]), c[1][0])

    def override(self, c):
        return ast.Override(c[1], self._span(c[0]).to(c[1].span))

    def h_period(self, c):
        return ast.HeaderField("period", (unquote(c[0]), unquote(c[1])), self._span(c[0]).to(self._span(c[1])))

    def h_period_inputs(self, c):
        return ast.HeaderField("period", ast.PeriodInputs(self._name(c[0]), self._name(c[1])),
                               self._span(c[0]).to(self._span(c[1])))

    def h_extrapolate(self, c):
        return self._field("extrapolate", self._name(c[0]), c[0], c[0])

    def h_extends(self, c):
        return ast.HeaderField("extends", unquote(c[0]), self._span(c[0]))

    def ex_expect_grade(self, c):
        grade = self._name(c[1])
        return ast.Expectation("grade", (grade,), Fraction(0), None, Fraction(0), False, None,
                               self._span(c[0]).to(grade.span))

    # ---- file -------------------------------------------------------------------------
    def start(self, c):
        return c
