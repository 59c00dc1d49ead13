"""Lower: the checked model to the core IR (pcrlang/core/ir.py), one module per construct.

Clauses are numbered first, in document order (clauses.py). Then the program is built in its
evaluation order: quantities, recycling parameters and their checks, electricity sources,
allocation quantities and shares, the production, the checks of the allocated products, the
biogenic carbon content, and the amount
of every contribution; then the report fields. Unit conversions become exact `ToBase` factors;
nothing is left for a backend to decide."""
from __future__ import annotations

import attrs

from ..core import expr as cx
from ..core import ir
from ..model import Model
from ..syntax import ast
from . import allocation, consistency, declarations, electricity, formulas, judgements, period, recycling, report, transport
from .clauses import number_clauses
from .context import Context, text


def lower(model: Model) -> ir.Ruleset:
    ctx = Context(model)
    m = model
    numbers = number_clauses(ctx)
    period_inputs = period.bindings(ctx, numbers)
    formulas.quantities(ctx, numbers)
    consistency.checks(ctx, numbers)
    blocks = recycling.recyclings(ctx, numbers)
    shares, allocations = allocation.shares(ctx, numbers)
    per_unit, product_properties = formulas.production(ctx, numbers)
    allocation.checks(ctx, numbers)
    biogenic, biogenic_formula = formulas.biogenic_content(ctx, numbers)
    formulas.contributions(ctx, numbers, shares, per_unit)
    transport_fields = transport.transports(ctx, numbers, shares, per_unit)
    allocation.credits(ctx, numbers, per_unit)
    recyclings = recycling.contributions(ctx, blocks, shares, per_unit)
    electricity_blocks = electricity.electricity(ctx, numbers, shares, per_unit)
    stages, exclusions = declarations.stages(ctx, numbers)
    factors, tables = declarations.factors(ctx, numbers)
    fields = m.fields
    declared = m.declared_unit
    contributions = tuple(ctx.contributions)
    used_gases = sorted({c.gas for c in contributions})
    language = fields.get("language")
    rs = ir.Ruleset(
        identifier=m.header.identifier, gwp_set=m.gwp_name,
        gwp_values=tuple((g, m.gwp_table[g]) for g in used_gases),
        declared_amount=declared.amount, declared_dimension=m.declared_dimension,
        declared_base=declared.amount * m.declared_to_base, production=m.production,
        stages=stages, inputs=declarations.inputs(ctx, numbers, set(product_properties)), factors=factors,
        tables=tables, steps=tuple(_in_evaluation_order(ctx.steps)), contributions=contributions,
        report=report.fields(ctx, stages, allocations, recyclings, electricity_blocks, biogenic, per_unit)
        + tuple(transport.report_fields(m, transport_fields, per_unit)),
        cutoff=declarations.cutoff(ctx, numbers), grading=judgements.grading(ctx, numbers),
        data_quality=judgements.data_quality(ctx), per_unit=per_unit.name if per_unit is not None else None,
        version=m.header.version, status=fields["status"].value,
        language=int(getattr(language, "value", language)) if language is not None else 1,
        title=text(fields["title"]), issuer=text(fields["issuer"]) if "issuer" in fields else None,
        scope=text(fields["scope"]) if "scope" in fields else None,
        references=tuple(fields.get("references", ())), effective=fields.get("effective"),
        period=m.period if not isinstance(m.period, ast.PeriodInputs) else None,
        gwp_source=m.gwp_source, declared_unit=declared.unit.text(),
        declared_text=text(declared.text) if declared.text else None,
        production_formula=formulas.formula(m.production_expr) if m.production_expr is not None else None,
        boundary_kind=m.boundary.kind.value, exclusions=exclusions, allocations=allocations, recyclings=recyclings,
        electricity=electricity_blocks, biogenic_content=biogenic, examples=judgements.examples(ctx, numbers),
        clauses=tuple(ctx.clauses), period_inputs=period_inputs,
        energy_factors=getattr(fields.get("energy_factors"), "value", None), source_file=m.module.path,
        span=m.header.span, **declarations.publication(fields))
    return declarations.symbols(_without_unreached_period_choices(rs), m)


def _without_unreached_period_choices(rs: ir.Ruleset) -> ir.Ruleset:
    """Only the dated factors the rule's formulas reach are chosen for the period the inputs
    give: an imported library's dated factor that nothing uses (cn_grid.pcr's combustion
    factors in a rule that uses the life-cycle one) neither refuses a period it has no value
    for nor appears in the program. A factor the rule uses is chosen, and refused, as before."""
    choices = {s.name for s in rs.steps if type(s) is ir.Let and s.role == "factor" and s.name.endswith("@period")}
    if not choices:
        return rs
    used = set()
    stack = [s for s in rs.steps if not (type(s) is ir.Let and s.name in choices)]
    stack += [getattr(rs, a.name) for a in attrs.fields(type(rs)) if a.name != "steps"]
    while stack:
        x = stack.pop()
        if type(x) is cx.Ref:
            used.add(x.name)
        elif isinstance(x, (tuple, list)):
            stack.extend(x)
        elif isinstance(x, dict):
            stack.extend(x.values())
        elif attrs.has(type(x)):
            stack.extend(getattr(x, a.name) for a in attrs.fields(type(x)) if a.name != "span")
    unused = choices - used
    if not unused:
        return rs
    return attrs.evolve(rs, steps=tuple(s for s in rs.steps if not (type(s) is ir.Let and s.name in unused)))


def _in_evaluation_order(steps: list) -> list:
    """Contribution amounts come last (after allocation and production), the rest as built."""
    return [s for s in steps if not (isinstance(s, ir.Let) and s.role == "contribution")] + \
        [s for s in steps if isinstance(s, ir.Let) and s.role == "contribution"]
