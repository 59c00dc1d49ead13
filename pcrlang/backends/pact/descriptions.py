"""The texts of a footprint the rule and the result give: the boundary's processes, the cut-off,
the allocations and the comment (in English, the rule's English texts, else its Chinese ones).
Each takes the footprint's builder (footprint.py) for the rule, the result and the rounding."""
from __future__ import annotations

from fractions import Fraction
from typing import Optional

from ... import __version__
from ...domain.vocabulary import ALLOCATION_METHODS
from . import numbers

GATE_PHASES = ("raw_material_acquisition", "production")
OUTBOUND_PHASES = ("distribution",)


def text(t, fallback: str = "") -> str:
    """A bilingual text in English, else Chinese, else the fallback."""
    if t is None:
        return fallback
    return t.en or t.zh or fallback


def boundary(b) -> str:
    rs = b.rs
    parts = []
    for s in rs.stages:
        if s.phase not in GATE_PHASES + OUTBOUND_PHASES:
            continue
        processes = "; ".join(text(p.text, p.name) for p in s.processes)
        label = text(s.text, s.name) + (" (reported as outbound logistics)" if s.phase in OUTBOUND_PHASES else "")
        parts.append(f"{label}: {processes}." if processes else f"{label}.")
    if rs.exclusions:
        parts.append("Excluded: " + "; ".join(f"{text(x.text, x.name)} ({text(x.reason)})" if text(x.reason)
                                              else text(x.text, x.name) for x in rs.exclusions) + ".")
    outside = [s for s in rs.stages if s.phase not in GATE_PHASES + OUTBOUND_PHASES]
    if outside:
        parts.append("Outside PACT's cradle-to-gate boundary and not included: "
                     + "; ".join(text(s.text, s.name) for s in outside) + ".")
    return " ".join(parts)


def cutoff(b) -> str:
    rs, cutoff = b.rs, b.result["cutoff"]
    c = rs.cutoff
    if c is None:
        return "The rule allows no cut-off; no flow was left out."
    rule = "; ".join([f"per flow {t.op} {numbers.exact_decimal_string(t.percent)} % by {t.basis}" for t in c.per_flow]
                     + [f"in total {t.op} {numbers.exact_decimal_string(t.percent)} % by {t.basis}" for t in c.total])
    flows = cutoff.get("flows") or []
    if not flows:
        left = "no flow was left out."
    else:
        items = []
        for flow in flows:
            shares = flow.get("shares_percent", {}) if isinstance(flow, dict) else {}
            share = shares.get("emissions")
            items.append(f"{flow.get('input')} ({b.decimal(b.number(share, 'result.cutoff.flows'))} % of "
                         f"emissions)" if share is not None else str(flow.get("input")))
        left = "left out: " + ", ".join(items) + "."
    whole = " Shares are of the rule's whole boundary." if outside_gate(b.rs) else ""
    return f"Cut-off rule of {rs.identifier} {rs.version}, clause {c.clause} ({rule}); {left}{whole}"


def allocation(b) -> Optional[str]:
    rs, found = b.rs, b.result.get("allocation") or {}
    if not rs.allocations:
        return None
    parts = []
    for a in rs.allocations:
        method = ALLOCATION_METHODS[a.method].en if a.method in ALLOCATION_METHODS else a.method
        places = ", ".join(f"{s}.{p}" if p else s for s, p in a.places)
        shares = (found.get(a.name) or {}).get("shares") or {}
        products = ", ".join(f"{p.name} {b.decimal(b.number(shares[p.name], 'result.allocation'))}"
                             if p.name in shares else p.name for p in a.products)
        line = f"{a.name} (clause {a.clause}): {places} allocated {method} between {products}"
        if a.justification is not None and text(a.justification):
            line += f"; {text(a.justification)}"
        parts.append(line + ".")
    return " ".join(parts)


def outside_gate(rs) -> list:
    return [s for s in rs.stages if s.phase not in GATE_PHASES]


def comment(b, f: dict) -> str:
    rs, r = b.rs, b.result
    ruleset = r["ruleset"]
    lines = [f"Calculated with {ruleset.get('compiler') or 'pcrlang ' + __version__} under {rs.identifier} "
             f"{rs.version} ({rs.status}), semantic fingerprint {b.fingerprint}"
             + (f", publication fingerprint {ruleset['publication_fingerprint']}"
                if ruleset.get("publication_fingerprint") else "") + ".",
             f"Figures in kg CO2e per declared unit ({b.amount_text()} {b.unit}; the rule declares "
             f"{numbers.exact_decimal_string(rs.declared_amount)} {rs.declared_unit}, "
             f"{text(rs.declared_text, rs.declared_unit)}), rounded to {b.decimals} decimals ({b.rounding})."]
    outside = [s for s in outside_gate(b.rs) if s.phase not in OUTBOUND_PHASES]
    if outside:
        left = ", ".join(f"{s.name} {b.decimal(f['left_out_stages'].get(s.name, Fraction(0)))}" for s in outside)
        lines.append(f"The rule's boundary is {rs.boundary_kind.replace('_', ' ')}; PACT's is cradle to gate: the "
                     f"stages {left} kg CO2e per declared unit are not included; exemptedEmissionsPercent and "
                     f"primaryDataShare are those of the rule's whole boundary.")
    given = b.meta_text("comment", pcf=False)
    if given:
        lines.append(given)
    return "\n".join(lines)
