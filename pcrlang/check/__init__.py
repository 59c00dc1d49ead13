"""Check: resolve names, infer dimensions, and enforce the rules of a product carbon footprint
rule (boundary, allocation, cut-off, examples). Collects every diagnostic of a file in one run.

`check()` runs the passes below in this order over one `Context` (context.py); each pass is a
function of one module that returns what it computes, and `check()` hands that on to the later
passes that need it.
"""
from __future__ import annotations

from typing import Optional

from ..diagnostics import Diagnostic
from ..domain.gases import GASES
from ..model import Model
from ..source import collector_paused
from ..syntax import ast
from . import (allocation, boundary, consistency, contributions, cutoff, editions, electricity, examples, flows, grading, header,
               inputs, names, quality, quantities, recycling, structure, transport, warnings)
from .context import Context

__all__ = ["check"]


def check(module: ast.Module) -> tuple[Optional[Model], list[Diagnostic]]:
    """The checked model (None if there is an error) and every diagnostic of the module."""
    with collector_paused():
        ctx = Context(module)
        model = _run(ctx)
    return model, ctx.diagnostics


def _run(ctx: Context) -> Optional[Model]:
    # the file: overrides left over, library or ruleset, one header, boundary and block of each kind
    decls = structure.unwrap_overrides(ctx, ctx.module.declarations)
    ctx.library_mode = structure.is_library(ctx, decls)
    blocks = structure.check_blocks(ctx, decls)

    # names, header (and the language edition it states), boundary
    ctx.values = names.declare(ctx, decls)
    fields = header.check_header(ctx, blocks.header) if blocks.header else {}
    edition = editions.check_edition(ctx, decls)
    stages = boundary.check_boundary(ctx, blocks.boundary) if blocks.boundary else None

    # key sets, inputs, factors (single, then dated: they need the reference period), tables
    inputs.check_keysets(ctx, decls)
    ctx.inputs = inputs.check_inputs(ctx, decls)
    ctx.factors = inputs.check_factors(ctx, decls)
    ctx.period = header.check_period(ctx, blocks.header, fields)
    dated, deferred = inputs.check_dated_factors(ctx, decls, fields)
    ctx.factors.update(dated)
    ctx.tables = inputs.check_tables(ctx, decls)

    # the declared unit, the quantities in dependency order, the production
    declared_unit = header.check_declared_unit(ctx, fields.get("declared_unit"))
    quantity_decls = {d.name.value: d for d in names.first(ctx, decls, ast.Quantity)}
    order = quantities.resolve(ctx, quantity_decls)
    production = header.check_production(ctx, fields, declared_unit)

    # contributions, allocation, cut-off and the other blocks
    gwp_name, gwp_source, gwp_values = header.gwp_table(ctx, decls, fields.get("gwp"))
    ctx.declared_gases = frozenset(g for g in (gwp_values or {}) if g not in GASES)
    contribs = contributions.check_contributions(ctx, decls, stages, gwp_values)
    packaging = set(contribs.packaging)
    transports, transport_places = transport.check_transports(ctx, decls, stages, gwp_values, packaging)
    allocations, allocation_of, credit_places = allocation.check_allocations(ctx, decls, stages)
    if blocks.cutoff is not None:
        cutoff.check_cutoff(ctx, blocks.cutoff, declared_unit)
        flows.check_implicit_flows(ctx, [d for d in decls if isinstance(d, ast.Cutoff)], fields.get("production"),
                                   allocations, quantity_decls)
    recyclings, recycling_places = recycling.check_recyclings(ctx, decls, stages)
    electricity_blocks, electricity_places = electricity.check_electricity_blocks(ctx, decls, stages)
    checks = consistency.check_consistency(ctx, decls)
    if blocks.grading is not None:
        grading.check_grading(ctx, blocks.grading)
    if blocks.data_quality is not None:
        quality.check_data_quality(ctx, blocks.data_quality)
    if blocks.biogenic_content is not None:
        contributions.check_biogenic_content(ctx, blocks.biogenic_content)

    # examples, then what is never used, and what the file's edition deprecates
    example_decls = examples.check_examples(ctx, decls, stages, blocks.grading)
    warnings.report_deferred(ctx, deferred)
    used_places = contribs.places | credit_places | recycling_places | electricity_places | transport_places
    warnings.check_unused(ctx, quantity_decls, blocks.boundary, stages, used_places)
    warnings.check_examples_exist(ctx, blocks.header, example_decls)
    editions.check_deprecations(ctx, decls, edition)

    if any(d.is_error for d in ctx.diagnostics) or blocks.header is None or blocks.boundary is None \
            or declared_unit is None:
        return None
    return Model(
        module=ctx.module, header=blocks.header, fields=fields, declared_unit=fields["declared_unit"],
        declared_to_base=declared_unit[0], declared_dimension=declared_unit[1], production=production,
        boundary=blocks.boundary, keysets={d.name.value: d for d in decls if isinstance(d, ast.KeySet)},
        inputs=ctx.inputs, factors=ctx.factors, tables=ctx.tables, quantities=order,
        contributions=contribs.declared, contribution_gas=contribs.gas, contribution_kind=contribs.kind,
        allocations=allocations, allocation_of=allocation_of, cutoff=blocks.cutoff,
        examples=example_decls, unit_factors=ctx.unit_cache, production_expr=fields.get("production"),
        gwp_name=gwp_name, gwp_source=gwp_source, gwp_table=gwp_values or {}, packaging=frozenset(packaging), transports=transports, checks=checks,
        recyclings=recyclings, electricity=electricity_blocks, grading=blocks.grading,
        data_quality=blocks.data_quality, biogenic_content=blocks.biogenic_content, period=ctx.period,
    )

