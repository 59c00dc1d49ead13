"""Lower: the checked model to the IR. Folds unit conversions into constants and numbers
every clause once (the document, the calculator's trace and the checker all use these).
"""
from __future__ import annotations

from fractions import Fraction

from . import ir
from .domain import units
from .syntax import ast
from .syntax.printer import format_expr
from .model import Model

def _g_text(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else format(float(x), "g")


def _text(t) -> ir.Text:
    return ir.Text(t.zh, t.en) if t is not None else ir.Text(None, None)


class Lowering:
    def __init__(self, model: Model):
        self.m = model
        self.values = {}
        for d in model.module.declarations:
            if isinstance(d, (ast.Input, ast.Factor, ast.DatedFactor, ast.Table, ast.Quantity, ast.KeySet)):
                self.values[d.name.value] = d
        self.quantity_refs: dict[str, tuple[set, set]] = {}

    # ---- expressions ------------------------------------------------------------------
    def expr(self, e) -> tuple:
        if isinstance(e, ast.Number):
            return ("const", e.value)
        if isinstance(e, ast.KeyLiteral):
            return ("key", e.value)
        if isinstance(e, ast.NameRef):
            decl = self.values[e.name]
            if isinstance(decl, ast.Input):
                info = self.m.inputs[e.name]
                node = ("input", e.name)
                return node if info.to_base == 1 or info.keyset else ("mul", node, ("const", info.to_base))
            if isinstance(decl, (ast.Factor, ast.DatedFactor)):
                return ("factor", e.name)
            return ("quantity", e.name)
        if isinstance(e, ast.Call):
            return (e.function.value, tuple(self.expr(a) for a in e.args))
        if isinstance(e, ast.Lookup):
            key = ("key", e.key.value) if isinstance(e.key, ast.KeyLiteral) else ("input", e.key.name)
            return ("lookup", e.table.value, key)
        if isinstance(e, ast.Binary):
            op = {"+": "add", "-": "sub", "*": "mul", "/": "div"}[e.op]
            return (op, self.expr(e.left), self.expr(e.right))
        if isinstance(e, ast.Negate):
            return ("neg", self.expr(e.operand))
        if isinstance(e, ast.Compare):
            return ("cmp", e.op, self.expr(e.left), self.expr(e.right))
        if isinstance(e, ast.Logical):
            return (e.op, self.expr(e.left), self.expr(e.right))
        if isinstance(e, ast.Not):
            return ("not", self.expr(e.operand))
        if isinstance(e, ast.Conditional):
            return ("if", self.expr(e.condition), self.expr(e.then), self.expr(e.otherwise))
        raise TypeError(e)

    def references(self, e) -> tuple[set, set]:
        """Factors/tables and inputs an expression uses, through quantities too."""
        factors, inputs = set(), set()
        stack = [e]
        while stack:
            x = stack.pop()
            if isinstance(x, ast.NameRef):
                decl = self.values.get(x.name)
                if isinstance(decl, ast.Input):
                    inputs.add(x.name)
                elif isinstance(decl, (ast.Factor, ast.DatedFactor)):
                    factors.add(x.name)
                elif isinstance(decl, ast.Quantity):
                    if x.name not in self.quantity_refs:
                        self.quantity_refs[x.name] = self.references(decl.expr)
                    f, i = self.quantity_refs[x.name]
                    factors |= f
                    inputs |= i
            elif isinstance(x, ast.Lookup):
                factors.add(x.table.value)
                stack.append(x.key)
            else:
                for child in ("args", "left", "right", "operand", "condition", "then", "otherwise", "key"):
                    v = getattr(x, child, None)
                    if v is None:
                        continue
                    stack.extend(v if isinstance(v, tuple) else [v])
        return factors, inputs

    # ---- the ruleset ------------------------------------------------------------------
    def run(self) -> ir.Ruleset:
        m = self.m
        fields = m.fields
        clauses: list[ir.Clause] = []

        def clause(number: str, subject: str, zh: str | None, en: str | None) -> str:
            clauses.append(ir.Clause(number, subject, ir.Text(zh, en)))
            return number

        clause("1", "scope", "范围", "Scope")
        clause("2", "references", "规范性引用文件", "Normative references")
        clause("3", "terms", "术语和定义", "Terms and definitions")
        clause("4", "goal", "量化目的", "Goal of the quantification")
        clause("5", "quantification_scope", "量化范围", "Scope of the quantification")
        clause("5.1", "declared_unit", "声明单位", "Declared unit")
        clause("5.2", "boundary", "系统边界", "System boundary")
        stages = []
        for i, s in enumerate(m.boundary.stages, 1):
            number = clause(f"5.2.{i}", f"stage:{s.name.value}", s.text.zh if s.text else None,
                            s.text.en if s.text else None)
            stages.append(ir.Stage(s.name.value, s.phase.value, number, _text(s.text),
                                   tuple(ir.Process(p.name.value, _text(p.text)) for p in s.processes)))
        exclusions = tuple(ir.Exclusion(x.name.value, _text(x.text), _text(x.reason)) for x in m.boundary.exclusions)
        if exclusions:
            clause(f"5.2.{len(stages) + 1}", "exclusions", "排除的过程", "Excluded processes")
        cutoff_clause = clause("5.3", "cutoff", "取舍准则", "Cut-off criteria")
        clause("5.4", "time_and_geography", "时间范围和地理范围", "Time and geographic scope")
        clause("6", "inventory", "清单分析", "Inventory analysis")
        clause("6.1", "data_collection", "数据收集", "Data collection")

        never = set()
        if m.cutoff is not None:
            for r in m.cutoff.rules:
                if r.kind == "never":
                    never |= {n.value for n in r.names}
        product_properties = self.references(m.production_expr)[1] if m.production_expr is not None else set()
        inputs = []
        for i, (name, info) in enumerate(m.inputs.items(), 1):
            number = clause(f"6.1.{i}", f"input:{name}", info.text.zh, info.text.en)
            b = info.bounds
            if info.keyset is not None or name in never or name in product_properties:
                cut = "never"
            elif info.dimension == units.MASS and m.declared_dimension == units.MASS:
                cut = "mass"  # a mass share compares with the product's mass: only for a product in mass
            elif info.dimension == units.ENERGY:
                cut = "energy"
            else:
                cut = "any"
            keys = tuple(k.name.value for k in m.keysets[info.keyset].keys) if info.keyset else ()
            inputs.append(ir.Input(
                name=name, clause=number, unit=info.unit_text,
                dimension="key" if info.keyset else units.describe(info.dimension), to_base=info.to_base,
                kind="key" if info.keyset else "number", keyset=info.keyset, keys=keys,
                bounds=ir.Bounds(b.low, b.high, b.low_inclusive, b.high_inclusive) if b is not None else None,
                primary=info.primary, optional=info.optional or info.default is not None, default=info.default,
                default_source=info.default_source, cut_off=cut, text=info.text and _text(info.text),
                span=info.decl.span, product_property=name in product_properties,
                key_texts=self.key_texts(info.keyset) if info.keyset else (),
            ))
        clause("6.2", "data_quality", "数据质量", "Data quality")
        clause("6.3", "allocation", "分配", "Allocation")
        allocations = []
        for i, a in enumerate(m.allocations, 1):
            number = clause(f"6.3.{i}", f"allocation:{a.name.value}", None, None)
            items = [x for x in a.items if x.role in ("product", "coproduct", "avoided")]
            products = tuple(ir.CoProduct(x.name.value, self.expr(x.expr) if x.expr is not None else None,
                                          format_expr(x.expr) if x.expr is not None else "") for x in items)
            justification = next((_text(x.text) for x in a.items if x.role == "justification"), None)
            allocations.append(ir.Allocation(
                a.name.value, number, a.method.value,
                tuple((p.stage.value, p.process.value if p.process else None) for p in a.places),
                next(x.name.value for x in a.items if x.role == "product"), products, justification, a.span))
        clause("6.4", "recycling", "再生利用", "Recycling")
        recycling_clauses = {r.name.value: clause(f"6.4.{k}", f"recycling:{r.name.value}", r.text.zh if r.text else None,
                                                  r.text.en if r.text else None)
                             for k, r in enumerate(m.recyclings, 1)}
        electricity_clauses = {}
        if m.electricity:
            clause("6.5", "electricity", "电力", "Electricity")
            electricity_clauses = {e.name.value: clause(f"6.5.{k}", f"electricity:{e.name.value}",
                                                        e.text.zh if e.text else None, e.text.en if e.text else None)
                                   for k, (e, _) in enumerate(m.electricity, 1)}
        clause("7", "impact_assessment", "影响评价", "Impact assessment")
        clause("7.1", "gwp", "全球变暖潜势", "Global warming potentials")
        clause("7.2", "calculation", "计算方法", "Calculation")

        gwp_set = m.gwp_name
        gwp_values = m.gwp_table
        formula_clauses: dict[str, str] = {}
        k = 0
        for d in m.module.declarations:
            if isinstance(d, (ast.Quantity, ast.Contribution)):
                k += 1
                t = d.text
                formula_clauses[d.name.value] = clause(f"7.2.{k}", f"{type(d).__name__.lower()}:{d.name.value}",
                                                       t.zh if t else None, t.en if t else None)
        quantities = tuple(
            ir.Quantity(q.name.value, formula_clauses[q.name.value], q.unit.text() if q.unit else None,
                        format_expr(q.expr), self.expr(q.expr), _text(q.text), q.span)
            for q in m.quantities)
        contributions = []
        for c in m.contributions:
            gas = m.contribution_gas[c.name.value]
            stage, process = c.place.stage.value, c.place.process.value if c.place.process else None
            factors, used_inputs = self.references(c.expr)
            allocation = m.allocation_of.get((stage, process)) or m.allocation_of.get((stage, None))
            contributions.append(ir.Contribution(
                name=c.name.value, clause=formula_clauses[c.name.value], direction=c.direction, stage=stage,
                process=process, gas=gas, gwp=gwp_values[gas], carbon_kind=m.contribution_kind[c.name.value],
                formula=format_expr(c.expr), expr=self.expr(c.expr), factors=tuple(sorted(factors)),
                inputs=tuple(sorted(used_inputs)), allocation=allocation, text=_text(c.text), span=c.span,
                packaging=c.name.value in m.packaging))
        # a substitution's avoided products become credits in the allocation's first place
        for a, lowered in zip(m.allocations, allocations):
            if lowered.method != "substitution":
                continue
            stage, process = lowered.places[0]
            for x in a.items:
                if x.role != "avoided":
                    continue
                factors, used_inputs = self.references(x.expr)
                contributions.append(ir.Contribution(
                    name=f"{a.name.value}.{x.name.value}", clause=lowered.clause, direction="credit", stage=stage,
                    process=process, gas="CO2e", gwp=Fraction(1), carbon_kind="fossil", formula=format_expr(x.expr),
                    expr=self.expr(x.expr), factors=tuple(sorted(factors)), inputs=tuple(sorted(used_inputs)),
                    allocation=None, text=ir.Text(f"避免的{x.name.value}", f"Avoided {x.name.value}"), span=x.span))
        recyclings, range_checks = self.recyclings(recycling_clauses, contributions)
        electricity = self.electricity(electricity_clauses, contributions)
        biogenic = None
        if m.biogenic_content is not None:
            biogenic = (self.expr(m.biogenic_content.expr), format_expr(m.biogenic_content.expr))
            clause("7.3", "biogenic_carbon_content", "生物碳含量", "Biogenic carbon content")
        clause("8", "interpretation", "结果解释", "Interpretation of results")
        grading = None
        if m.grading is not None:
            grading = self.grading(clause("8.1", "grading", "分级", "Grading"))
        data_quality = self.data_quality() if m.data_quality is not None else None
        clause("9", "reporting", "报告", "Reporting")
        clause("A", "annex:data_collection", "数据收集表", "Data collection form")
        clause("B", "annex:factors", "排放因子", "Emission factors")
        factors, tables = [], []
        j = 0
        for d in m.module.declarations:
            info = m.factors.get(d.name.value) if isinstance(d, (ast.Factor, ast.DatedFactor)) else None
            if info is not None and info.value is not None:
                j += 1
                info = m.factors[d.name.value]
                factors.append(ir.Factor(
                    d.name.value, clause(f"B.{j}", f"factor:{d.name.value}", info.text.zh, info.text.en),
                    info.unit_text, units.describe(info.dimension), info.value, info.value_text,
                    info.value * info.to_base, info.source, info.geography, info.vintage, info.unverified,
                    _text(info.text), d.span, kind=info.kind, validity=info.validity))
            elif isinstance(d, ast.Table) and d.name.value in m.tables:
                j += 1
                info = m.tables[d.name.value]
                order = [key.name.value for key in m.keysets[d.keyset.value].keys]
                by_key = {r.key.value: r for r in d.rows}
                rows = tuple(ir.TableRow(key, by_key[key].value, by_key[key].value_text, by_key[key].value * info.to_base)
                             for key in order)
                tables.append(ir.Table(
                    d.name.value, clause(f"B.{j}", f"table:{d.name.value}", info.text.zh, info.text.en),
                    info.unit_text, units.describe(info.dimension), d.keyset.value, rows, info.source,
                    info.geography, info.vintage, info.unverified, _text(info.text), d.span,
                    key_texts=self.key_texts(d.keyset.value)))
        cutoff = None
        if m.cutoff is not None:
            rules = m.cutoff.rules
            zh = " ".join(r.text.zh for r in rules if r.kind == "text" and r.text.zh)
            en = " ".join(r.text.en for r in rules if r.kind == "text" and r.text.en)
            cutoff = ir.Cutoff(
                cutoff_clause,
                tuple(ir.Threshold(r.op, r.percent, r.basis.value) for r in rules if r.kind == "per_flow"),
                tuple(ir.Threshold(r.op, r.percent, r.basis.value) for r in rules if r.kind == "total"),
                tuple(sorted(never)), ir.Text(zh or None, en or None), m.cutoff.span)
        clause("C", "annex:examples", "计算示例", "Worked examples")
        examples = tuple(self.example(e, clause(f"C.{i}", f"example:{e.title}", e.text.zh if e.text else None,
                                                 e.text.en if e.text else None))
                         for i, e in enumerate(m.examples, 1))

        used_gases = sorted({c.gas for c in contributions})
        declared = m.declared_unit
        return ir.Ruleset(
            identifier=m.header.identifier, version=m.header.version, status=fields["status"].value,
            title=_text(fields["title"]), issuer=_text(fields["issuer"]) if "issuer" in fields else None,
            scope=_text(fields["scope"]) if "scope" in fields else None,
            references=tuple(fields.get("references", ())), effective=fields.get("effective"),
            gwp_set=gwp_set, gwp_source=m.gwp_source,
            gwp_values=tuple((g, gwp_values[g]) for g in used_gases),
            declared_amount=declared.amount, declared_unit=declared.unit.text(),
            declared_dimension=units.describe(m.declared_dimension), declared_base=declared.amount * m.declared_to_base,
            declared_text=_text(declared.text) if declared.text else None, production=m.production,
            boundary_kind=m.boundary.kind.value, stages=tuple(stages), exclusions=exclusions, inputs=tuple(inputs),
            factors=tuple(factors), tables=tuple(tables), quantities=quantities, contributions=tuple(contributions),
            allocations=tuple(allocations), cutoff=cutoff, examples=examples, clauses=tuple(clauses),
            source_file=m.module.path, span=m.header.span,
            production_expr=self.expr(m.production_expr) if m.production_expr is not None else None,
            production_formula=format_expr(m.production_expr) if m.production_expr is not None else None,
            period=m.period, recyclings=recyclings, electricity=electricity, grading=grading,
            data_quality=data_quality, biogenic_content=biogenic[0] if biogenic else None,
            biogenic_content_formula=biogenic[1] if biogenic else None, range_checks=range_checks,
        )

    def key_texts(self, keyset: str) -> tuple:
        return tuple((k.name.value, _text(k.text)) for k in self.m.keysets[keyset].keys)

    # ---- recycling (Circular Footprint Formula), electricity, grading, data quality -------
    def recyclings(self, clauses: dict, contributions: list) -> tuple[tuple, tuple]:
        from .domain.recycling import RECYCLING_A as RECYCLING_APPROACHES, RECYCLING_PARAMETERS, SHARES as SHARE_PARAMETERS
        out, checks = [], []
        one = ("const", Fraction(1))
        add = lambda a, b: ("add", a, b)
        sub = lambda a, b: ("sub", a, b)
        mul = lambda *xs: xs[0] if len(xs) == 1 else ("mul", xs[0], mul(*xs[1:]))
        for r in self.m.recyclings:
            name, clause = r.name.value, clauses[r.name.value]
            given = {p.name.value: p for p in r.parameters}
            p, formulas = {}, {}
            for key, (_, default) in RECYCLING_PARAMETERS.items():
                if key in given:
                    p[key], formulas[key] = self.expr(given[key].expr), format_expr(given[key].expr)
                elif key == "A":
                    value = RECYCLING_APPROACHES[r.approach.value]
                    p[key], formulas[key] = ("const", value), str(value)
                elif key == "Ev_star":
                    p[key], formulas[key] = p["Ev"], formulas["Ev"]
                else:
                    p[key], formulas[key] = ("const", default), str(default)
            for key in SHARE_PARAMETERS:
                if p[key][0] != "const":
                    checks.append(ir.RangeCheck(f"{name}.{key}", clause, p[key], Fraction(0), Fraction(1)))
            if p["R2"][0] != "const" or p["R3"][0] != "const":
                checks.append(ir.RangeCheck(f"{name}.R2+R3", clause, add(p["R2"], p["R3"]), Fraction(0), Fraction(1)))
            # PEF Circular Footprint Formula, per kg of material (Recommendation (EU) 2021/2279, Annex IV)
            material = add(add(mul(sub(one, p["R1"]), p["Ev"]),
                               mul(p["R1"], add(mul(p["A"], p["Erec"]),
                                                mul(sub(one, p["A"]), p["Ev"], p["Qsin_Qp"])))),
                           mul(sub(one, p["A"]), p["R2"], sub(p["ErecEoL"], mul(p["Ev_star"], p["Qsout_Qp"]))))
            energy = mul(sub(one, p["B"]), p["R3"],
                         sub(sub(p["EER"], mul(p["LHV"], p["XER_heat"], p["ESE_heat"])),
                             mul(p["LHV"], p["XER_elec"], p["ESE_elec"])))
            disposal = mul(sub(sub(one, p["R2"]), p["R3"]), p["ED"])
            stage, process = r.place.stage.value, r.place.process.value if r.place.process else None
            texts = {"material": ("材料项", "Material term"), "energy": ("能量项", "Energy term"),
                     "disposal": ("处置项", "Disposal term")}
            formulas_text = {
                "material": "(1 - R1) * Ev + R1 * (A * Erec + (1 - A) * Ev * Qsin_Qp) + (1 - A) * R2 * (ErecEoL - Ev_star * Qsout_Qp)",
                "energy": "(1 - B) * R3 * (EER - LHV * XER_heat * ESE_heat - LHV * XER_elec * ESE_elec)",
                "disposal": "(1 - R2 - R3) * ED",
            }
            factors, used_inputs = set(), set()
            for x in given.values():
                f, i = self.references(x.expr)
                factors |= f
                used_inputs |= i
            for term, expr in (("material", material), ("energy", energy), ("disposal", disposal)):
                contributions.append(ir.Contribution(
                    name=f"{name}.{term}", clause=clause, direction="emission", stage=stage, process=process,
                    gas="CO2e", gwp=Fraction(1), carbon_kind="fossil",
                    formula=f"{formulas['material']} * ({formulas_text[term]})", expr=mul(p["material"], expr),
                    factors=tuple(sorted(factors)), inputs=tuple(sorted(used_inputs)), allocation=None,
                    text=ir.Text(*texts[term]), span=r.span, recycling=name, term=term))
            out.append(ir.Recycling(name, clause, r.approach.value, stage, process,
                                    tuple((k, formulas[k], p[k]) for k in RECYCLING_PARAMETERS), _text(r.text), r.span))
        return tuple(out), tuple(checks)

    def electricity(self, clauses: dict, contributions: list) -> tuple:
        out = []
        for e, gas in self.m.electricity:
            name, clause = e.name.value, clauses[e.name.value]
            sources = tuple(ir.ElectricitySource(
                s.name.value, self.expr(s.condition) if s.condition is not None else None,
                format_expr(s.condition) if s.condition is not None else None, self.expr(s.factor),
                format_expr(s.factor), _text(s.text), tuple(sorted(self.references(s.factor)[1])))
                for s in e.sources)
            stage, process = e.place.stage.value, e.place.process.value if e.place.process else None
            choose = ("choose", name, clause, tuple((s.condition, s.factor) for s in sources))
            factors, used_inputs = self.references(e.amount)
            for s in e.sources:
                for x in ([s.factor] + ([s.condition] if s.condition is not None else [])):
                    f, i = self.references(x)
                    factors |= f
                    used_inputs |= i
            contributions.append(ir.Contribution(
                name=name, clause=clause, direction="emission", stage=stage, process=process, gas=gas,
                gwp=self.m.gwp_table[gas], carbon_kind="fossil",
                formula=f"{format_expr(e.amount)} * factor of the first admissible source",
                expr=("mul", self.expr(e.amount), choose), factors=tuple(sorted(factors)),
                inputs=tuple(sorted(used_inputs)),
                allocation=self.m.allocation_of.get((stage, process)) or self.m.allocation_of.get((stage, None)),
                text=_text(e.text), span=e.span, electricity=name))
            out.append(ir.Electricity(name, clause, e.factor_kind.value, stage, process, gas, self.expr(e.amount),
                                      format_expr(e.amount), sources, _text(e.text), e.span,
                                      tuple(sorted(self.references(e.amount)[1]))))
        return tuple(out)

    def grading(self, clause: str) -> ir.Grading:
        g = self.m.grading
        classes = []
        for c in g.classes:
            limit = None
            if c.op is not None:
                limit = c.limit * self.m.unit_factors[id(c.unit)][0]
            classes.append(ir.GradeClass(c.name.value, c.op, limit,
                                         f"{c.op} {_g_text(c.limit)} {c.unit.text()}" if c.op else "otherwise",
                                         _text(c.text)))
        return ir.Grading(clause, g.decimals, g.rounding.value if g.rounding else None, tuple(classes), _text(g.text))

    def data_quality(self) -> ir.DataQuality:
        q = self.m.data_quality
        b = q.criteria_bounds
        minimums, result_minimum, primary = [], None, None
        for r in q.requirements:
            if r.level is None:
                primary = (r.op, r.percent)
                continue
            for subject in r.subjects:
                if subject.value == "result":
                    result_minimum = r.level.value
                else:
                    minimums.append((subject.value, r.level.value))

        def rating(e):  # criteria are names in the rating formula
            if isinstance(e, ast.NameRef):
                return ("criterion", e.name)
            if isinstance(e, ast.Number):
                return ("const", e.value)
            if isinstance(e, ast.Binary):
                return ({"+": "add", "-": "sub", "*": "mul", "/": "div"}[e.op], rating(e.left), rating(e.right))
            if isinstance(e, ast.Negate):
                return ("neg", rating(e.operand))
            if isinstance(e, ast.Call):
                return (e.function.value, tuple(rating(a) for a in e.args))
            return self.expr(e)

        return ir.DataQuality(
            q.name.value, "6.2", tuple(c.value for c in q.criteria),
            ir.Bounds(b.low, b.high, b.low_inclusive, b.high_inclusive) if b else ir.Bounds(Fraction(1), Fraction(5), True, True),
            rating(q.rating), format_expr(q.rating),
            tuple(ir.QualityLevel(l.name.value, l.op, l.limit) for l in q.levels),
            tuple(minimums), result_minimum, primary, _text(q.text))

    def example(self, e: ast.Example, number: str) -> ir.Example:
        unit_of = lambda u: self.m.unit_factors[id(u)]
        givens = []
        for g in e.givens:
            info = self.m.inputs[g.name.value]
            value = g.value
            if g.kind != "key" and g.unit is not None:
                value = value * unit_of(g.unit)[0] / info.to_base
            givens.append(ir.Given(g.name.value, g.kind, value))
        expectations = []
        for x in e.expectations:
            subject = tuple(n.value for n in x.subject)
            if x.target == "cutoff":
                expectations.append(ir.Expectation("cutoff", subject, Fraction(int(subject[0] == "pass")), "verdict",
                                                   "", Fraction(0), False, x.span))
                continue
            if x.target == "grade":
                expectations.append(ir.Expectation("grade", subject, Fraction(0), "grade", "", Fraction(0), False,
                                                   x.span))
                continue
            to_base, dimension = unit_of(x.unit)
            measure = "co2e" if dimension == units.dim(CO2e=1) else "gas_mass"
            if x.tolerance_relative:
                tolerance = x.tolerance / 100
            else:
                tolerance = x.tolerance * unit_of(x.tolerance_unit)[0]
            expectations.append(ir.Expectation(x.target, subject, x.value * to_base, measure, x.unit.text(),
                                               tolerance, x.tolerance_relative, x.span))
        return ir.Example(e.title, number, _text(e.text), tuple(givens), tuple(expectations), e.span)


def lower(model: Model) -> ir.Ruleset:
    return Lowering(model).run()
