"""What is declared but never used, factors without a source, empty stages, missing examples."""
from __future__ import annotations

from ..diagnostics import msg
from ..syntax import ast


def report_deferred(ctx, deferred: dict) -> None:
    """The problems of imported dated factors, for those the rule uses."""
    for name, (args, kwargs) in deferred.items():
        if name in ctx.used:
            ctx.error(*args, **kwargs)


def check_unused(ctx, quantities: dict, boundary: ast.Boundary | None, stages, used_places: set) -> None:
    # "never used" is unknowable when a declaration failed to parse (it may use them)
    complete = not ctx.module.unparsed_names and not ctx.library_mode
    for name, info in ctx.inputs.items():
        if name not in ctx.used and complete:
            ctx.error("PCR-W01", msg(name=name), info.decl.name.span)
    for name, info in list(ctx.factors.items()) + list(ctx.tables.items()):
        if info is None:
            continue
        bilingual = next((a for a in getattr(info.decl, "attributes", ()) if a.key == "source_text"), None)
        if info.source is None and bilingual is not None:
            ctx.error("PCR144", msg(name=name),
                      bilingual.span)
        elif info.source is None:
            ctx.error("PCR-W02", msg(name=name), info.decl.name.span)
        if info.unverified and ctx.own(info.decl):  # a library's own check flags its values
            ctx.error("PCR-W07", msg(name=name), info.decl.name.span)
        if name not in ctx.used and complete and ctx.own(info.decl):  # a library's factors need not all be used
            ctx.error("PCR-W03", msg(name=name), info.decl.name.span)
    for name, q in quantities.items():
        if name not in ctx.used and complete:
            ctx.error("PCR-W04", msg(name=name), q.name.span)
    if stages is not None and complete:
        stage_names = {s for s, _ in used_places}
        for stage in boundary.stages:
            if stage.name.value not in stage_names:
                ctx.error("PCR-W05", msg(name=stage.name.value), stage.name.span)


def check_examples_exist(ctx, header: ast.Header | None, examples: list) -> None:
    if header is not None and not examples and not ctx.unparsed("example"):
        ctx.error("PCR-W06", msg(), header.span)
