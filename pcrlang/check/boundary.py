"""The system boundary: stages in life-cycle order, their processes, exclusions (PCR40x)."""
from __future__ import annotations

from ..domain.vocabulary import BOUNDARY_PHASES, PHASES
from ..source import Span
from ..diagnostics import msg, phrase  # noqa: F401
from ..syntax import ast

_PHASE_ORDER = {phase: i for i, phase in enumerate(PHASES)}


def check_boundary(ctx, b: ast.Boundary) -> dict:
    """Stage name -> set of its process names."""
    stages: dict[str, set[str]] = {}
    kind = b.kind.value
    phases = BOUNDARY_PHASES.get(kind)
    if phases is None:
        ctx.error("PCR402", msg(kind=kind), b.kind.span, ctx.suggest(kind, BOUNDARY_PHASES))
    covered: set[str] = set()
    unknown_phase = False
    last_index = -1
    processes_seen: dict[str, Span] = {}
    for s in b.stages:
        name = s.name.value
        if name in stages:
            ctx.error("PCR202", msg("stage", name=name), s.name.span)
            continue
        stages[name] = set()
        ctx.bilingual(s.text, s.name.span, phrase("stage", name=name))
        phase = s.phase.value
        if phase not in PHASES:
            ctx.error("PCR405", msg(phase=phase), s.phase.span, ctx.suggest(phase, PHASES))
            unknown_phase = True
        else:
            if phases is not None and phase not in phases:
                ctx.error("PCR404", msg(phase=phase, kind=kind), s.phase.span)
            index = _PHASE_ORDER[phase]
            if index < last_index:
                ctx.error("PCR407", msg(name=name, phase=phase), s.name.span)
            last_index = max(last_index, index)
            covered.add(phase)
        for p in s.processes:
            if p.name.value in stages[name]:
                ctx.error("PCR202", msg("process", name=p.name.value, stage=name), p.name.span)
            stages[name].add(p.name.value)
            processes_seen.setdefault(p.name.value, p.name.span)
            ctx.bilingual(p.text, p.name.span, phrase("process", name=p.name.value))
    # a phase the rule leaves out on purpose (`exclude use because ...`, as the EU battery rule
    # excludes the use stage) counts as declared
    covered |= {x.name.value for x in b.exclusions if x.name.value in PHASES}
    if phases is not None and not unknown_phase:
        for phase in phases:
            if phase not in covered:
                ctx.error("PCR403", msg(kind=kind, phase=phase), b.kind.span)
    for x in b.exclusions:
        if x.name.value in processes_seen or x.name.value in stages:
            ctx.error("PCR406", msg(name=x.name.value), x.name.span)
        ctx.bilingual(x.reason, x.name.span, phrase("excluded", name=x.name.value))
    return stages


def check_place(ctx, place: ast.Place, stages: dict | None) -> bool:
    """The stage (and process) a contribution or block is attached to exists."""
    if stages is None:
        return False
    stage = place.stage.value
    if stage not in stages:
        ctx.error("PCR408", msg("stage", stage=stage), place.stage.span, ctx.suggest(stage, stages))
        return False
    if place.process is not None and place.process.value not in stages[stage]:
        ctx.error("PCR408", msg("process", stage=stage, process=place.process.value), place.process.span,
                  ctx.suggest(place.process.value, stages[stage]))
        return False
    return True


def place_key(place: ast.Place) -> tuple[str, str | None]:
    return place.stage.value, place.process.value if place.process else None
