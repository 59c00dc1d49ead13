"""A result of a rule as a PACT v3 ProductFootprint: the rule (IR), the result, the inputs and
META, each field from the first of them that knows it (docs/pact.md gives the mapping field by
field).

- The **rule** gives the declared unit (converted to PACT's units: 1 t is 1000 kilogram), the GWP
  set (`ipccCharacterizationFactors`), the rule's name and version
  (`productOrSectorSpecificRules`), the cross-sectoral standards its references name, whether
  packaging is counted, that no CCS is counted, the reference period when the rule pins one, and
  the descriptions of its boundary, allocations and cut-off.
- The **result** gives every figure: the footprint with and without biogenic uptake, fossil,
  land-use change, biogenic CO2 uptake and non-CO2 emissions, aircraft, packaging and outbound
  logistics (from the trace, contribution by contribution, so that the split is exact), the
  biogenic carbon content when the rule declares it, `exemptedEmissionsPercent` from the cut-off,
  the primary data share (`data.primary_data_share_percent`, which every result has unless its
  total is zero, else the data-quality report's), and the reference period (the result's
  `reference_period`: the rule's, or the one its date inputs give).
- The **inputs** (when given) give the data-quality indicators from the scores of the rated
  inputs, and any value META binds to an input (`{"input": "phone_mass"}`).
- **META** gives what the rule cannot know: the company, the product, its ids, the dates,
  the geography, the fossil carbon content, the mass of a product not declared by mass.

PACT's footprint is cradle to gate: under a cradle-to-grave rule the stages of the distribution
phase become `outboundLogisticsGhgEmissions` and those of use and end of life are left out (the
comment says so and by how much). Every figure is rounded to the rule's rounding (its grading's
decimals and mode) or else to DEFAULT_DECIMALS, half up, and written as a decimal string.

A footprint that cannot be written raises PactError with every problem, each naming the PACT
field and where it can come from.
"""
from __future__ import annotations

import json
import re
import uuid
from fractions import Fraction
from typing import Optional

import attrs

from ...core import expr as cx
from ...core import ir
from ...domain import units
from . import descriptions, numbers
from .dates import normal_datetime, period_end
from .descriptions import GATE_PHASES, OUTBOUND_PHASES, text
from .units import MASSLESS, PACT_UNITS, amount_in, pact_unit

SPEC_VERSION = "3.0.3"
NAMESPACE = uuid.UUID("5b0b9c7e-2f54-4d4c-9a55-7063726c616e")  # ids derived from a footprint's content
RELATIVE = Fraction(1, 10**9)  # a calculator's figures agree with the exact ones within this

# cross-sectoral standards a rule's references name (PACT's list; GB/T 24067 adopts ISO 14067)
STANDARDS = (
    (re.compile(r"\bISO\s*14067\b|\bGB/T\s*24067\b", re.I), "ISO14067"),
    (re.compile(r"\bISO\s*14083\b", re.I), "ISO14083"),
    (re.compile(r"\bISO\s*1404[04]\b", re.I), "ISO14040-44"),
    (re.compile(r"GHG\s*Protocol.*Product|GHGP", re.I), "GHGP-Product"),
    (re.compile(r"\bPEF\b|Product Environmental Footprint", re.I), "PEF"),
    (re.compile(r"\bPAS\s*2050\b", re.I), "PAS2050"),
)
DQI = (("TeR", "technologicalDQR"), ("GR", "geographicalDQR"), ("TiR", "temporalDQR"))

# META: the PACT fields it may give, and those the rule or the result give (with why)
META_TOP = ("id", "created", "status", "validityPeriodStart", "validityPeriodEnd", "companyName", "companyIds",
            "productDescription", "productIds", "productClassifications", "productNameCompany", "comment",
            "precedingPfIds", "extensions", "pcf", "pcrlang")
META_PCF = ("referencePeriodStart", "referencePeriodEnd", "geographyRegionOrSubregion", "geographyCountry",
            "geographyCountrySubdivision", "boundaryProcessesDescription", "productMassPerDeclaredUnit",
            "fossilCarbonContent", "biogenicCarbonContent", "recycledCarbonContent", "landCarbonLeakage",
            "landManagementFossilGhgEmissions", "landAreaOccupation", "packagingEmissionsIncluded",
            "packagingBiogenicCarbonContent", "outboundLogisticsGhgEmissions", "ccsTechnologicalCO2CaptureIncluded",
            "technologicalCO2CaptureOrigin", "ccuCarbonContent", "ccuCalculationApproach", "ccuCreditCertification",
            "ipccCharacterizationFactors", "crossSectoralStandards", "productOrSectorSpecificRules",
            "exemptedEmissionsDescription", "allocationRulesDescription", "secondaryEmissionFactorSources",
            "primaryDataShare", "dqi", "verification")
META_PCRLANG = ("declaredUnit", "decimals")
FROM_RESULT = ("declaredUnitOfMeasurement", "declaredUnitAmount", "pcfExcludingBiogenicUptake",
               "pcfIncludingBiogenicUptake", "fossilGhgEmissions", "landUseChangeGhgEmissions", "biogenicCO2Uptake",
               "biogenicNonCO2Emissions", "aircraftGhgEmissions", "packagingGhgEmissions", "exemptedEmissionsPercent")
# figures that would change pcfExcludingBiogenicUptake, which the rule computes (it has no such contribution)
NOT_IN_RULES = ("landManagementBiogenicCO2Emissions", "landManagementBiogenicCO2Removals",
                "technologicalCO2Removals", "ccsTechnologicalCO2Capture")


@attrs.frozen
class Problem:
    field: str  # the PACT field (pcf.fossilCarbonContent), or META's or the result's path
    message: str

    def __str__(self):
        return f"{self.field}: {self.message}"


class PactError(ValueError):
    """A footprint that cannot be written: every problem found, each naming its field."""

    def __init__(self, problems):
        self.problems = tuple(problems)
        ValueError.__init__(self, "\n".join(map(str, self.problems)))


@attrs.frozen
class Footprint:
    document: dict  # the ProductFootprint
    warnings: tuple  # fields PACT says SHALL or SHOULD be given that are not, META values not used


def build(rs: ir.Ruleset, fingerprint: str, result, meta=None, inputs=None, decimals: Optional[int] = None) -> Footprint:
    """The ProductFootprint of one result (exact, from the interpreter, or a calculator's JSON)."""
    return _Builder(rs, fingerprint, result, meta, inputs, decimals).build()


def merge_meta(parts) -> dict:
    """META from several objects, later ones winning; `pcf` and `pcrlang` are merged field by field."""
    out: dict = {}
    for part in parts:
        if not isinstance(part, dict):
            return part  # build() reports it
        for key, value in part.items():
            if key in ("pcf", "pcrlang") and isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = {**out[key], **value}
            else:
                out[key] = value
    return out


def _factor_names(e) -> set:
    """The factors and tables an expression of the IR names."""
    found = set()
    if e is None:
        return found
    for x in cx.walk(e):
        if type(x) is cx.Factor:
            found.add(x.name)
        elif type(x) is cx.Lookup:
            found.add(x.table)
    return found


def _is_decimal_text(x) -> bool:
    return isinstance(x, str) and numbers.DECIMAL.match(x) is not None


class _Builder:
    def __init__(self, rs, fingerprint, result, meta, inputs, decimals):
        self.rs, self.fingerprint, self.result, self.inputs = rs, fingerprint, result, inputs
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.meta = meta if meta is not None else {}
        g = rs.grading
        self.given_decimals = decimals
        self.decimals = g.decimals if g is not None and g.decimals is not None else numbers.DEFAULT_DECIMALS
        self.rounding = (g.rounding if g is not None and g.rounding else None) or numbers.DEFAULT_ROUNDING
        self.phases = {s.name: s.phase for s in rs.stages}
        self.contributions = {c.name: c for c in rs.contributions}

    # ---- problems and META ------------------------------------------------------------------
    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message))

    def build(self) -> Footprint:
        if not self._check_result() or not self._check_meta():
            raise PactError(self.problems)
        pcrlang = self.meta.get("pcrlang", {})
        for d, where in ((pcrlang.get("decimals"), "META.pcrlang.decimals"), (self.given_decimals, "decimals")):
            if d is None:
                continue
            if type(d) is not int or not 0 <= d <= 30:
                self.problem(where, f"must be a whole number from 0 to 30, not {d!r}")
            else:
                self.decimals = d
        if self.problems:
            raise PactError(self.problems)
        if self.rs.boundary_kind == "gate_to_gate":
            self.problem("pcf", "a PACT footprint is cradle to gate; this rule's boundary is gate to gate, so its "
                                "result leaves out the upstream stages and cannot be one")
            raise PactError(self.problems)
        self.unit, self.amount, self.scale = self._declared_unit()
        figures = self._figures()
        if self.problems:
            raise PactError(self.problems)
        doc = self._document(figures)
        if self.problems:
            raise PactError(self.problems)
        return Footprint(doc, tuple(self.warnings))

    def _check_result(self) -> bool:
        r = self.result
        if not isinstance(r, dict):
            self.problem("result", "is not a result object (a JSON object from `pcr calc` or a calculator)")
            return False
        if "error" in r and "total" not in r:
            message = r["error"].get("message") if isinstance(r["error"], dict) else None
            self.problem("result", f"is a refused calculation, not a result: {message or r['error']}")
            return False
        for key, kind in (("ruleset", dict), ("total", None), ("trace", list), ("cutoff", dict),
                          ("separately_reported", dict)):
            if key not in r or (kind is not None and not isinstance(r[key], kind)):
                self.problem(f"result.{key}", "is missing or malformed: is this a result of a pcrlang rule?")
        flows = r.get("cutoff", {}).get("flows", []) if isinstance(r.get("cutoff"), dict) else []
        if not isinstance(flows, list) or not all(isinstance(flow, dict) for flow in flows):
            self.problem("result.cutoff.flows", "is malformed: a list of the flows left out")
        for key in ("allocation", "electricity", "data_quality"):
            if r.get(key) is not None and not isinstance(r[key], dict):
                self.problem(f"result.{key}", "is malformed: is this a result of a pcrlang rule?")
        if self.problems:
            return False
        found = r["ruleset"].get("fingerprint")
        if found != self.fingerprint:
            self.problem("result.ruleset.fingerprint",
                         f"the result was computed by a rule with fingerprint {found}, not by "
                         f"{self.rs.identifier} {self.rs.version} ({self.fingerprint}): compute it again with this rule")
            return False
        return True

    def _check_meta(self) -> bool:
        m = self.meta
        if not isinstance(m, dict):
            self.problem("META", "must be a JSON object (see rulesets/inputs/pact_meta.json)")
            return False
        for key, allowed, where in ((None, META_TOP, "META"), ("pcf", META_PCF, "META.pcf"),
                                    ("pcrlang", META_PCRLANG, "META.pcrlang")):
            part = m if key is None else m.get(key, {})
            if not isinstance(part, dict):
                self.problem(where, "must be a JSON object")
                continue
            for name in sorted(part):
                if name in allowed:
                    continue
                if name == "specVersion":
                    self.problem(f"{where}.{name}", f"pcrlang writes PACT {SPEC_VERSION}; META may not set it")
                elif name in FROM_RESULT:
                    self.problem(f"{where}.{name}", "comes from the rule and its result; META may not set it")
                elif name in NOT_IN_RULES:
                    self.problem(f"{where}.{name}", "would change pcfExcludingBiogenicUptake, which the rule "
                                                    "computes; a pcrlang rule has no such contribution")
                elif key is None and name in META_PCF + FROM_RESULT:
                    self.problem(f"{where}.{name}", "belongs in META.pcf, not at the top of META")
                else:
                    self.problem(f"{where}.{name}", f"is not a field META may give (see docs/pact.md); "
                                                    f"{where} may give: {', '.join(allowed)}")
        return not self.problems

    def meta_value(self, name: str, pcf: bool = True):
        part = self.meta.get("pcf", {}) if pcf else self.meta
        return part.get(name)

    # ---- the declared unit ----------------------------------------------------------------------
    def _declared_unit(self):
        """(PACT unit, its amount, rule declared units per PACT declared unit)."""
        rs = self.rs
        own = pact_unit(rs.declared_dimension, rs.declared_unit)
        given = self.meta.get("pcrlang", {}).get("declaredUnit")
        where = "META.pcrlang.declaredUnit"
        if given is None:
            if own is None:
                self.problem("pcf.declaredUnitOfMeasurement",
                             f"the rule's declared unit {numbers.exact_decimal_string(rs.declared_amount)} "
                             f"{rs.declared_unit} ({units.describe(rs.declared_dimension)}) has no PACT unit: give "
                             f"{where} {{\"unit\": one of {', '.join(PACT_UNITS)}, \"amount\": \"1\", "
                             f"\"ruleUnits\": how many {rs.declared_unit} one such declared unit is, or "
                             f"{{\"input\": NAME}}}}")
                return "piece", Fraction(1), Fraction(1)
            return own, amount_in(own, rs.declared_base), Fraction(1)
        if not isinstance(given, dict) or not set(given) <= {"unit", "amount", "ruleUnits"} or "unit" not in given:
            self.problem(where, "must be {\"unit\": PACT unit, \"amount\": decimal, \"ruleUnits\": decimal or "
                                "{\"input\": NAME}}")
            return "piece", Fraction(1), Fraction(1)
        unit = given["unit"]
        if not isinstance(unit, str) or unit not in PACT_UNITS:
            self.problem(f"{where}.unit", f"{unit!r} is not a PACT unit: one of {', '.join(PACT_UNITS)}")
            return "piece", Fraction(1), Fraction(1)
        amount = self._positive(given.get("amount", "1"), f"{where}.amount")
        dimension, base = PACT_UNITS[unit]
        if dimension == rs.declared_dimension:
            scale = amount * base / rs.declared_base
            if "ruleUnits" in given:
                stated = self._meta_number(given["ruleUnits"], f"{where}.ruleUnits", "per_unit", unit)
                if stated is not None and stated != scale:
                    self.problem(f"{where}.ruleUnits", f"{amount} {unit} is {numbers.exact_decimal_string(scale)} "
                                                       f"declared units of the rule, not {stated}")
            return unit, amount, scale
        if "ruleUnits" not in given:
            self.problem(f"{where}.ruleUnits", f"{unit} is not of the dimension of the rule's declared unit "
                                               f"{rs.declared_unit}: say how many {rs.declared_unit} one "
                                               f"{amount} {unit} is, or bind it to an input")
            return unit, amount, Fraction(1)
        per = self._meta_number(given["ruleUnits"], f"{where}.ruleUnits", "per_unit", unit)
        if per is None or per <= 0:
            if per is not None:
                self.problem(f"{where}.ruleUnits", "must be positive")
            return unit, amount, Fraction(1)
        return unit, amount, per * amount

    def _positive(self, x, where: str) -> Fraction:
        try:
            value = numbers.to_fraction(x)
        except (ValueError, TypeError):
            value = None
        if value is None or value <= 0:
            self.problem(where, f"must be a positive decimal, not {x!r}")
            return Fraction(1)
        return value

    # ---- META numbers and bindings to inputs ------------------------------------------------------
    def _meta_number(self, x, where: str, kind: str, pact_unit_name: Optional[str] = None) -> Optional[Fraction]:
        """A number META gives (a decimal string or a JSON number), or the value of the input it
        binds (`{"input": NAME}`), in PACT's terms: kind `mass` (kg per PACT declared unit), `carbon`
        (kg C per PACT declared unit), `per_unit` (rule declared units per one PACT unit), `plain`."""
        if isinstance(x, dict) and set(x) == {"input"}:
            return self._bound(x["input"], where, kind, pact_unit_name)
        if isinstance(x, bool) or not isinstance(x, (int, float, str)) or (isinstance(x, str) and not _is_decimal_text(x)):
            self.problem(where, f"must be a decimal string such as \"12.5\", a number, or {{\"input\": NAME}}; "
                                f"got {json.dumps(x, ensure_ascii=False)[:60]}")
            return None
        try:
            return numbers.to_fraction(x)
        except (ValueError, OverflowError):
            self.problem(where, f"is not a finite number: {x!r}")
            return None

    def _bound_raw(self, name, where: str):
        """The value an input has in this calculation: as given, else its default."""
        rs = self.rs
        if not isinstance(name, str) or name not in {i.name for i in rs.inputs}:
            self.problem(where, f"binds to {name!r}, which is not an input of {rs.identifier}")
            return None
        if self.inputs is None:
            self.problem(where, f"binds to the input `{name}`, but no inputs were given (pass the inputs with "
                                f"--input, or give the value itself)")
            return None
        i = rs.input(name)
        x = self.inputs.get(name, i.default) if isinstance(self.inputs, dict) else None
        if isinstance(x, dict) and "value" in x:
            x = x["value"]
        if x is None or isinstance(x, (dict, list)) or isinstance(x, bool):
            self.problem(where, f"binds to the input `{name}`, which has no value in these inputs "
                                f"(left out, cut off, or not a single value)")
            return None
        return i, x

    def _bound(self, name, where: str, kind: str, pact_unit_name: Optional[str]) -> Optional[Fraction]:
        found = self._bound_raw(name, where)
        if found is None:
            return None
        i, x = found
        if i.kind != "number":
            self.problem(where, f"binds to `{i.name}`, which is not a number")
            return None
        value = numbers.to_fraction(x) * i.to_base  # in base units
        rs = self.rs
        if kind == "per_unit":  # rule declared units per one PACT unit
            target = units.divide(rs.declared_dimension, PACT_UNITS[pact_unit_name][0])
            if i.dimension != target:
                self.problem(where, f"`{i.name}` is {units.describe(i.dimension)}; it must be "
                                    f"{units.describe(target)} (the rule's declared unit per {pact_unit_name})")
                return None
            return value * PACT_UNITS[pact_unit_name][1] / rs.declared_base
        wanted = {"mass": (units.MASS,), "carbon": (units.dim(C=1), units.MASS)}.get(kind, ())
        for base in wanted:
            if i.dimension == base:  # taken as per declared unit of the rule
                return value * self.scale
            if i.dimension == units.divide(base, rs.declared_dimension):  # per unit of the declared unit's dimension
                return value * rs.declared_base * self.scale
        if not wanted and i.dimension == ():
            return value
        allowed = " or ".join(f"{units.describe(b)} (per declared unit) or "
                              f"{units.describe(units.divide(b, rs.declared_dimension))}" for b in wanted)
        self.problem(where, f"`{i.name}` is {units.describe(i.dimension)}; it must be {allowed or 'a plain number'}")
        return None

    def meta_text(self, name: str, pcf: bool = True, required: bool = False, where: Optional[str] = None):
        """A string META gives (or the key or text of the input it binds)."""
        x = self.meta_value(name, pcf)
        where = where or (f"META.pcf.{name}" if pcf else f"META.{name}")
        if isinstance(x, dict) and set(x) == {"input"}:
            found = self._bound_raw(x["input"], where)
            if found is None:
                return None
            i, x = found
            if not isinstance(x, str):
                self.problem(where, f"binds to `{i.name}`, which is not a key or text")
                return None
        if x is None:
            return None
        if not isinstance(x, str) or (required and not x):
            self.problem(where, "must be a non-empty string" if required else "must be a string")
            return None
        return x

    def _meta_decimal(self, name: str, kind: str = "plain", sign: int = 0) -> Optional[str]:
        """A decimal field META gives, as PACT writes it (sign: 1 for >= 0, -1 for <= 0)."""
        x = self.meta_value(name)
        if x is None:
            return None
        where = f"META.pcf.{name}"
        value = self._meta_number(x, where, kind)
        if value is None:
            return None
        if sign * value < 0:
            self.problem(where, "must be " + (">= 0" if sign > 0 else "<= 0"))
            return None
        if isinstance(x, str):
            return x  # as the company wrote it
        return self.decimal(value)

    def amount_text(self) -> str:
        return numbers.exact_decimal_string(self.amount, self.decimals, self.rounding)

    def decimal(self, x) -> str:
        return numbers.decimal_string(x, self.decimals, self.rounding)

    # ---- the figures, from the trace ----------------------------------------------------------------
    def _figures(self) -> Optional[dict]:
        """The exact figures of the footprint per PACT declared unit, from the result's trace."""
        r = self.result
        sums = {k: Fraction(0) for k in ("fossil", "aircraft", "luc", "bio_co2", "bio_other", "packaging",
                                         "outbound", "left_out", "all")}
        left_out_stages: dict[str, Fraction] = {}
        kinds = set()
        seen = set()
        for k, entry in enumerate(r["trace"]):
            where = f"result.trace[{k}]"
            if not isinstance(entry, dict) or not {"contribution", "co2e_kg"} <= set(entry):
                self.problem(where, "is malformed: each entry needs contribution and co2e_kg")
                continue
            c = self.contributions.get(entry["contribution"]) if isinstance(entry["contribution"], str) else None
            if c is None:
                self.problem(where, f"names the contribution {entry['contribution']!r}, which {self.rs.identifier} "
                                    f"does not have: is this a result of this rule?")
                continue
            seen.add(c.name)
            try:
                e = numbers.to_fraction(entry["co2e_kg"])
            except (ValueError, TypeError, OverflowError):
                self.problem(f"{where}.co2e_kg", "is not a number")
                continue
            sums["all"] += e
            phase = self.phases.get(c.stage)
            if phase in OUTBOUND_PHASES:
                sums["outbound"] += e
                continue
            if phase not in GATE_PHASES:
                sums["left_out"] += e
                left_out_stages[c.stage] = left_out_stages.get(c.stage, Fraction(0)) + e
                continue
            kinds.add(c.carbon_kind)
            if c.carbon_kind in ("fossil", "aircraft"):
                sums["fossil"] += e
            if c.carbon_kind == "aircraft":
                sums["aircraft"] += e
            elif c.carbon_kind == "land_use_change":
                sums["luc"] += e
            elif c.carbon_kind == "biogenic":
                sums["bio_co2" if c.gas == "CO2" else "bio_other"] += e
            if c.packaging:
                sums["packaging"] += e
        missing = sorted(set(self.contributions) - seen)
        if missing:
            self.problem("result.trace", f"lacks the contributions {', '.join(missing)}: is this a result of this rule?")
        if self.problems:
            return None
        try:
            total = numbers.to_fraction(r["total"])
        except (ValueError, TypeError, OverflowError):
            self.problem("result.total", "is not a number")
            return None
        if abs(sums["all"] - total) > RELATIVE * max(abs(total), Fraction(1, 10**12)):
            self.problem("result.total", f"is {total} but its trace sums to {float(sums['all'])}: the result has been "
                                         f"changed since it was computed")
            return None
        s = self.scale
        f = {k: v * s for k, v in sums.items()}
        f["left_out_stages"] = {k: v * s for k, v in left_out_stages.items()}
        f["kinds"] = kinds
        for key, field in (("fossil", "fossilGhgEmissions"), ("luc", "landUseChangeGhgEmissions"),
                           ("bio_other", "biogenicNonCO2Emissions"), ("aircraft", "aircraftGhgEmissions"),
                           ("packaging", "packagingGhgEmissions")):
            if f[key] < 0:
                self.problem(f"pcf.{field}", f"is negative ({float(f[key]):.6g} kg CO2e per declared unit): PACT "
                                             f"allows only emissions here; credits and removals of this kind cannot "
                                             f"be exchanged in PACT")
        if f["bio_co2"] > 0:
            self.problem("pcf.biogenicCO2Uptake", f"the rule's biogenic CO2 is a net emission ({float(f['bio_co2']):.6g} "
                                                  f"kg per declared unit); PACT nets biogenic CO2 against its uptake "
                                                  f"and has no field for a net emission")
        self._air_legs()
        f["excluding"] = f["fossil"] + f["luc"] + f["bio_other"]
        f["including"] = f["excluding"] + f["bio_co2"]
        return f

    def _air_legs(self) -> None:
        """A transport block has one carbon kind: air legs of a block that is not `aircraft` are in
        fossilGhgEmissions but not in aircraftGhgEmissions, which a warning says."""
        blocks = self.result.get("transport")
        if not isinstance(blocks, dict):
            return
        for name, block in blocks.items():
            c = self.contributions.get(name)
            modes = block.get("by_mode") if isinstance(block, dict) else None
            if c is None or c.carbon_kind == "aircraft" or self.phases.get(c.stage) not in GATE_PHASES or \
                    not isinstance(modes, dict):
                continue
            air = [m for m, x in modes.items() if re.match(r"air", m, re.I) and isinstance(x, dict) and
                   isinstance(x.get("co2e_kg"), (int, float, Fraction)) and x["co2e_kg"]]
            if air:
                self.warnings.append(f"pcf.aircraftGhgEmissions leaves out the legs by {', '.join(air)} of the "
                                     f"transport block `{name}`: the block is {c.carbon_kind}, so they are counted in "
                                     f"fossilGhgEmissions only (declare air freight in a block of its own, kind "
                                     f"aircraft, to report it)")

    # ---- the document ------------------------------------------------------------------------------
    def _document(self, f: dict) -> dict:
        """The carbon footprint, in the order of PACT's schema, then the product footprint."""
        pcf: dict = {}

        def put(name, value):  # a field whose source may have nothing
            if value is not None:
                pcf[name] = value

        def carbon(name):  # kg C per declared unit, from META or an input META binds
            put(name, self._meta_decimal(name, "carbon", 1))

        def plain(name):
            put(name, self._meta_decimal(name, "plain", 1))

        pcf["declaredUnitOfMeasurement"] = self.unit
        pcf["declaredUnitAmount"] = self.amount_text()
        put("productMassPerDeclaredUnit", self._product_mass())
        start, end = self._reference_period()
        put("referencePeriodStart", start)
        put("referencePeriodEnd", end)
        geography = [g for g in ("geographyRegionOrSubregion", "geographyCountry", "geographyCountrySubdivision")
                     if self.meta_value(g) is not None]
        if len(geography) > 1:
            self.problem("META.pcf", f"gives {' and '.join(geography)}: PACT takes one of them (or none for global)")
        for g in geography:
            put(g, self.meta_text(g))
        pcf["boundaryProcessesDescription"] = self.meta_text("boundaryProcessesDescription") or descriptions.boundary(self)
        pcf["pcfExcludingBiogenicUptake"] = self.decimal(f["excluding"])
        pcf["pcfIncludingBiogenicUptake"] = self.decimal(f["including"])
        if self.meta_value("fossilCarbonContent") is None:
            self.problem("pcf.fossilCarbonContent",
                         "is mandatory in PACT v3 and the rule does not compute it: give META.pcf.fossilCarbonContent "
                         "(kg C per declared unit, \"0\" when the product holds no fossil carbon) or bind it to an "
                         "input ({\"input\": NAME})")
        carbon("fossilCarbonContent")
        put("biogenicCarbonContent", self._biogenic_content())
        carbon("recycledCarbonContent")
        pcf["fossilGhgEmissions"] = self.decimal(f["fossil"])
        pcf["landUseChangeGhgEmissions"] = self.decimal(f["luc"])
        plain("landCarbonLeakage")
        plain("landManagementFossilGhgEmissions")
        pcf["biogenicCO2Uptake"] = self.decimal(f["bio_co2"])
        pcf["biogenicNonCO2Emissions"] = self.decimal(f["bio_other"])
        plain("landAreaOccupation")
        pcf["aircraftGhgEmissions"] = self.decimal(f["aircraft"])
        pcf["packagingEmissionsIncluded"] = self._packaging_included()
        if pcf["packagingEmissionsIncluded"] and any(c.packaging for c in self.rs.contributions):
            pcf["packagingGhgEmissions"] = self.decimal(f["packaging"])
        carbon("packagingBiogenicCarbonContent")
        put("outboundLogisticsGhgEmissions", self._outbound(f))
        if self.meta_value("ccsTechnologicalCO2CaptureIncluded") not in (None, False):
            self.problem("META.pcf.ccsTechnologicalCO2CaptureIncluded",
                         "a pcrlang rule counts no CCS (it has no such contribution), so this is false")
        pcf["ccsTechnologicalCO2CaptureIncluded"] = False
        for name in ("technologicalCO2CaptureOrigin", "ccuCalculationApproach", "ccuCreditCertification"):
            put(name, self.meta_text(name))
        carbon("ccuCarbonContent")
        pcf["ipccCharacterizationFactors"] = self._characterization()
        pcf["crossSectoralStandards"] = self._standards()
        pcf["productOrSectorSpecificRules"] = self._rules()
        pcf["exemptedEmissionsPercent"] = self.decimal(self.number(
            self.result["cutoff"].get("exempted_emissions_percent"), "result.cutoff.exempted_emissions_percent"))
        pcf["exemptedEmissionsDescription"] = self.meta_text("exemptedEmissionsDescription") or descriptions.cutoff(self)
        put("allocationRulesDescription", self.meta_text("allocationRulesDescription") or descriptions.allocation(self))
        put("secondaryEmissionFactorSources", self._secondary_sources())
        put("primaryDataShare", self._primary_share())
        put("dqi", self._dqi())
        put("verification", self.meta_value("verification"))
        return self._top(pcf, f)

    def _top(self, pcf: dict, f: dict) -> dict:
        meta = self.meta
        doc: dict = {"id": None, "specVersion": SPEC_VERSION}
        for name in ("precedingPfIds",):
            if name in meta:
                doc[name] = meta[name]
        created = self._datetime(meta.get("created"), "created", True)
        if created is not None:
            doc["created"] = created
        doc["status"] = meta.get("status", "Active")
        if doc["status"] not in ("Active", "Deprecated"):
            self.problem("META.status", f"must be Active or Deprecated, not {doc['status']!r}")
        for name in ("validityPeriodStart", "validityPeriodEnd"):
            value = self._datetime(meta.get(name), name, False)
            if value is not None:
                doc[name] = value
        company = self.meta_text("companyName", pcf=False, required=True)
        if company is None and "companyName" not in meta:
            self.problem("companyName", "is mandatory: give META.companyName, the company that owns the footprint")
        doc["companyName"] = company
        for name, what in (("companyIds", "the company's ids as URNs, e.g. [\"urn:uuid:...\"] or "
                                          "[\"urn:pact:company:...\"]"),
                           ("productIds", "the product's ids as URNs, e.g. [\"urn:gtin:...\"]")):
            doc[name] = self._urns(name, what, required=True)
        doc["productDescription"] = self.meta_text("productDescription", pcf=False) or \
            text(self.rs.declared_text, text(self.rs.title))
        if "productClassifications" in meta:
            doc["productClassifications"] = self._urns("productClassifications", "", required=False)
        name = self.meta_text("productNameCompany", pcf=False, required=True)
        if name is None and "productNameCompany" not in meta:
            self.problem("productNameCompany", "is mandatory: give META.productNameCompany, the product's trade name")
        doc["productNameCompany"] = name
        doc["comment"] = descriptions.comment(self, f)
        doc["pcf"] = pcf
        if "extensions" in meta:
            doc["extensions"] = meta["extensions"]
        given = meta.get("id")
        if given is not None:
            try:
                uuid.UUID(given)
            except (TypeError, ValueError, AttributeError):
                self.problem("META.id", f"must be a UUID such as \"f4b1225a-bd44-4c8e-861d-079e4e1dfd69\", not "
                                        f"{json.dumps(given, ensure_ascii=False)[:60]}")
            doc["id"] = given
        else:  # derived from the content: the same footprint always gets the same id
            content = json.dumps({k: v for k, v in doc.items() if k != "id"}, sort_keys=True, ensure_ascii=False)
            doc["id"] = str(uuid.uuid5(NAMESPACE, content))
        return {k: v for k, v in doc.items() if v is not None}

    def _urns(self, name: str, what: str, required: bool):
        x = self.meta.get(name)
        if x is None:
            if required:
                self.problem(name, f"is mandatory: give META.{name}, {what}")
            return None
        if not isinstance(x, list) or not x or not all(isinstance(u, str) for u in x):
            self.problem(f"META.{name}", "must be a non-empty list of URN strings")
            return None
        bad = [u for u in x if not re.match(r"^urn:", u, re.I)]
        if bad:
            self.problem(f"META.{name}", f"{bad[0]!r} is not a URN (it must start with urn:)")
        return list(x)

    def _datetime(self, x, name: str, required: bool) -> Optional[str]:
        where = f"META.{name}"
        if x is None:
            if required:
                self.problem(name, f"is mandatory: give META.{name}, a date and time such as "
                                   f"\"2025-01-31T00:00:00Z\" (pcrlang does not read the clock: the same inputs give "
                                   f"the same footprint)")
            return None
        value = normal_datetime(x)
        if value is None:
            self.problem(where, f"must be a date (\"2025-01-31\") or a date and time with its offset "
                                f"(\"2025-01-31T00:00:00Z\"), not {json.dumps(x, ensure_ascii=False)[:60]}")
        return value

    def number(self, x, where: str) -> Fraction:
        try:
            return numbers.to_fraction(x)
        except (ValueError, TypeError, OverflowError):
            self.problem(where, "is missing or not a number")
            return Fraction(0)

    # ---- fields with several sources ------------------------------------------------------------------
    def _product_mass(self) -> Optional[str]:
        given = self.meta_value("productMassPerDeclaredUnit")
        if PACT_UNITS[self.unit][0] == units.MASS:
            mass = self.amount * PACT_UNITS[self.unit][1]
            if given is not None:
                self._unused("productMassPerDeclaredUnit", "the declared unit is a mass")
            return numbers.exact_decimal_string(mass, self.decimals, self.rounding)
        if given is not None:
            return self._meta_decimal("productMassPerDeclaredUnit", "mass", 1)
        if self.unit in MASSLESS:
            return "0"  # PACT: 0 for energy, transport and service products
        self.problem("pcf.productMassPerDeclaredUnit",
                     f"is mandatory in PACT v3: the mass (kg) of one declared unit ({self.amount_text()} {self.unit}) of the "
                     f"product, without packaging; give META.pcf.productMassPerDeclaredUnit, or bind it to an input of "
                     f"mass per {self.rs.declared_unit} ({{\"input\": NAME}})")
        return None

    def _unused(self, name: str, why: str) -> None:
        self.warnings.append(f"META.pcf.{name} is not used: {why}")

    def _reference_period(self):
        """(start, end) as PACT date-times, end exclusive: the result's, else the rule's, else META's."""
        found = self.result.get("reference_period")
        given = [self.meta_value(n) for n in ("referencePeriodStart", "referencePeriodEnd")]
        if found is not None:
            if not isinstance(found, dict) or not {"start", "end"} <= set(found):
                self.problem("result.reference_period", "must be {\"start\": date, \"end\": date}")
                return None, None
            period, source = (found["start"], found["end"]), "the result"
        elif self.rs.period is not None:
            period, source = self.rs.period, "the rule"
        else:
            period, source = None, None
        if period is not None:
            start, end = normal_datetime(period[0]), period_end(period[1])
            if start is None or end is None:
                self.problem("pcf.referencePeriodStart", f"{source}'s reference period {period} is not two dates")
                return None, None
            if any(g is not None for g in given):
                metas = tuple(normal_datetime(g) if g is not None else None for g in given)
                if metas != (start, end):
                    self.warnings.append(f"META.pcf.referencePeriodStart/End are not used: {source} gives the "
                                         f"reference period {period[0]} to {period[1]}")
            return start, end
        start = self._datetime(given[0], "pcf.referencePeriodStart", False)
        end = self._datetime(given[1], "pcf.referencePeriodEnd", False)
        if start is None or end is None:
            if given[0] is None or given[1] is None:
                self.problem("pcf.referencePeriodStart",
                             "referencePeriodStart and referencePeriodEnd are mandatory, and neither the rule nor the "
                             "result gives a reference period: give META.pcf.referencePeriodStart and "
                             "META.pcf.referencePeriodEnd (the end is exclusive, e.g. \"2025-01-01T00:00:00Z\" to "
                             "\"2026-01-01T00:00:00Z\" for the year 2025)")
            return None, None
        return start, end

    def _biogenic_content(self) -> Optional[str]:
        if self.rs.biogenic_content is not None:
            if self.meta_value("biogenicCarbonContent") is not None:
                self.problem("META.pcf.biogenicCarbonContent", "the rule computes the biogenic carbon content; META "
                                                               "may not give another")
            value = self.number(self.result["separately_reported"].get("biogenic_carbon_content_kgC"),
                                 "result.separately_reported.biogenic_carbon_content_kgC")
            if value < 0:
                self.problem("pcf.biogenicCarbonContent", "the rule's biogenic carbon content is negative")
            return self.decimal(value * self.scale)
        return self._meta_decimal("biogenicCarbonContent", "carbon", 1)

    def _packaging_included(self) -> bool:
        given = self.meta_value("packagingEmissionsIncluded")
        if given is not None and not isinstance(given, bool):
            self.problem("META.pcf.packagingEmissionsIncluded", "must be true or false")
            given = None
        if any(c.packaging for c in self.rs.contributions):
            if given is False:
                self.problem("META.pcf.packagingEmissionsIncluded", "the rule counts packaging (its contributions "
                                                                    "marked packaging), so this is true")
            return True
        return bool(given)

    def _outbound(self, f: dict) -> Optional[str]:
        has = any(s.phase in OUTBOUND_PHASES for s in self.rs.stages)
        given = self.meta_value("outboundLogisticsGhgEmissions")
        if has:
            if given is not None:
                self.problem("META.pcf.outboundLogisticsGhgEmissions", "the rule computes outbound logistics (its "
                                                                       "distribution stages); META may not give it")
            if f["outbound"] < 0:
                self.problem("pcf.outboundLogisticsGhgEmissions", "the rule's distribution stages sum to less than 0")
            return self.decimal(f["outbound"])
        return self._meta_decimal("outboundLogisticsGhgEmissions", "plain", 1)

    def _characterization(self) -> list:
        rs = self.rs
        own = [rs.gwp_set] if re.fullmatch(r"AR\d+", rs.gwp_set) else \
            sorted(set(re.findall(r"\bAR\d+\b", rs.gwp_source or "")))
        given = self.meta_value("ipccCharacterizationFactors")
        if own:
            if given is not None and given != own:
                self.problem("META.pcf.ipccCharacterizationFactors", f"the rule's GWP set is {', '.join(own)}")
            return own
        if not isinstance(given, list) or not given or not all(isinstance(g, str) for g in given):
            self.problem("pcf.ipccCharacterizationFactors",
                         f"the rule's GWP table {rs.gwp_set} does not say which IPCC report its values come from: "
                         f"give META.pcf.ipccCharacterizationFactors, e.g. [\"AR5\"]")
            return []
        return list(given)

    def _standards(self) -> list:
        found = []
        cited = list(self.rs.references) + [f"{r.code}{':' + r.year if r.year else ''}" for r in self.rs.normative]
        for reference in cited:
            for pattern, name in STANDARDS:
                if pattern.search(reference) and name not in found:
                    found.append(name)
        given = self.meta_value("crossSectoralStandards")
        if given is not None:
            if not isinstance(given, list) or not all(isinstance(g, str) and g for g in given):
                self.problem("META.pcf.crossSectoralStandards", "must be a list of standards such as \"ISO14067\"")
            else:
                found.extend(g for g in given if g not in found)
        if not found:
            self.problem("pcf.crossSectoralStandards",
                         "is mandatory and the rule's references name none of PACT's cross-sectoral standards "
                         "(ISO 14067, ISO 14083, ISO 14040/44, GHG Protocol Product, PEF, PAS 2050): give "
                         "META.pcf.crossSectoralStandards, e.g. [\"ISO14067\"]")
        return found

    def _rules(self) -> list:
        rs = self.rs
        operator = text(rs.issuer, "") or "pcrlang"
        own = {"operator": "Other", "ruleNames": [f"{rs.identifier} {rs.version}"], "otherOperatorName": operator}
        given = self.meta_value("productOrSectorSpecificRules")
        if given is None:
            return [own]
        if not isinstance(given, list) or not all(isinstance(g, dict) for g in given):
            self.problem("META.pcf.productOrSectorSpecificRules", "must be a list of {operator, ruleNames} objects")
            return [own]
        return [own] + [g for g in given if g != own]

    def _secondary_sources(self) -> Optional[list]:
        """The databases of the secondary datasets (factors and tables declared `secondary`) that the
        footprint's contributions use, in the order of the trace, then META's."""
        rs, r = self.rs, self.result
        declared = {d.name: d for d in rs.factors + rs.tables}
        electricity = {e.name: e for e in rs.electricity}
        used: list = []
        for entry in r["trace"]:
            c = self.contributions[entry["contribution"]]
            if self.phases.get(c.stage) not in GATE_PHASES + OUTBOUND_PHASES:
                continue
            names = list(c.factors)
            if c.electricity is not None:  # only the chosen source's factor
                e = electricity[c.electricity]
                chosen = ((r.get("electricity") or {}).get(c.electricity) or {}).get("source")
                own = {s.name: _factor_names(s.factor) for s in e.sources}
                if chosen in own:
                    others = set().union(*(v for k, v in own.items() if k != chosen)) - own[chosen]
                    names = [n for n in names if n not in others]
            used.extend(n for n in names if n not in used)
        found: list = []
        for name in used:
            d = declared.get(name)
            if d is None or d.provenance != "secondary":
                continue
            if not d.database or not d.database_version:
                self.warnings.append(f"pcf.secondaryEmissionFactorSources: the secondary dataset `{name}` has no "
                                     f"database and version in the rule, so it is not listed; META may list it")
                continue
            source = {"name": d.database, "version": d.database_version}
            if source not in found:
                found.append(source)
        given = self.meta_value("secondaryEmissionFactorSources")
        if given is not None:
            if not isinstance(given, list) or not all(
                    isinstance(g, dict) and set(g) == {"name", "version"} and all(isinstance(v, str) and v
                                                                                   for v in g.values())
                    for g in given):
                self.problem("META.pcf.secondaryEmissionFactorSources",
                             "must be a list of {\"name\": database, \"version\": its version}, both non-empty strings")
                return None
            found.extend(g for g in given if g not in found)
        return found or None

    def _primary_share(self) -> Optional[str]:
        r = self.result
        data = r.get("data")
        found = data.get("primary_data_share_percent") if isinstance(data, dict) else None
        where = "result.data.primary_data_share_percent"
        if found is None and isinstance(r.get("data_quality"), dict):
            found = r["data_quality"].get("primary_share_percent")
            where = "result.data_quality.primary_share_percent"
        if found is not None:
            if self.meta_value("primaryDataShare") is not None:
                self._unused("primaryDataShare", f"the result gives it ({where})")
            return self.decimal(self.number(found, where))
        value = self._meta_decimal("primaryDataShare", "plain", 1)
        if value is None:
            self.warnings.append("pcf.primaryDataShare (SHALL in PACT) is not given: the rule has no data-quality "
                                 "scheme to compute it; give META.pcf.primaryDataShare (percent)")
        return value

    def _dqi(self) -> Optional[dict]:
        """The emission-weighted scores of the inputs the rule rates, criterion by criterion; each
        contribution takes the scores of its worst-rated input (as the result's rating does)."""
        given = self.meta_value("dqi")
        computed = self._dqi_from_inputs()
        if computed is not None:
            if given is not None:
                self._unused("dqi", "the inputs' quality scores give it")
            return computed
        if given is not None:
            fields = [field for _, field in DQI]
            if not isinstance(given, dict) or set(given) != set(fields):
                self.problem("META.pcf.dqi", f"must be {{{', '.join(fields)}}}, each a rating from 1 to 5")
                return None
            out = {}
            for field in fields:
                value = self._meta_number(given[field], f"META.pcf.dqi.{field}", "plain")
                if value is not None and not 1 <= value <= 5:
                    self.problem(f"META.pcf.dqi.{field}", "must be a rating from 1 to 5")
                out[field] = given[field] if isinstance(given[field], str) else self.decimal(value or 0)
            return out
        why = "the rule has no data-quality scheme" if self.rs.data_quality is None else \
            "no input the rule rates has TeR, GR and TiR scores in these inputs"
        self.warnings.append(f"pcf.dqi (SHALL from 2027 in PACT) is not given: {why}; META may give pcf.dqi")
        return None

    def _dqi_from_inputs(self) -> Optional[dict]:
        rs, r, raw = self.rs, self.result, self.inputs
        dq = rs.data_quality
        if dq is None or not isinstance(raw, dict) or not isinstance(r.get("data_quality"), dict):
            return None
        if not all(c in dq.criteria for c, _ in DQI):
            return None
        b = dq.criteria_bounds
        if b.low < 1 or b.high > 5:
            return None
        ratings = r["data_quality"].get("inputs") or {}
        if not isinstance(ratings, dict):
            self.problem("result.data_quality.inputs", "is malformed: the rating of each rated input, by name")
            return None
        scores = {}
        for n, x in raw.items():
            if n not in ratings or not isinstance(x, dict) or not isinstance(x.get("quality"), dict):
                continue
            rating = ratings[n].get("rating") if isinstance(ratings[n], dict) else None
            if rating is None or any(x["quality"].get(c) is None for c, _ in DQI):
                continue  # not rated here, or not by TeR, GR and TiR
            try:
                if any(isinstance(v, bool) for v in (rating, *x["quality"].values())):
                    raise TypeError
                numbers.to_fraction(rating)
                scores[n] = {c: numbers.to_fraction(x["quality"][c]) for c, _ in DQI}
            except (ValueError, TypeError, OverflowError):
                self.problem(f"result.data_quality.inputs.{n}", "has a rating or scores that are not numbers")
                return None
        if not scores:
            return None
        order = {i.name: k for k, i in enumerate(rs.inputs)}
        sources = {e.name: [s.name for s in e.sources] for e in rs.electricity}
        weighted = {c: Fraction(0) for c, _ in DQI}
        weights = Fraction(0)
        for entry in r["trace"]:
            c = self.contributions[entry["contribution"]]
            if self.phases.get(c.stage) not in GATE_PHASES:
                continue
            size = abs(numbers.to_fraction(entry["co2e_kg"]))
            used = set(c.data_inputs)
            if c.electricity is not None:
                chosen = (r.get("electricity") or {}).get(c.electricity, {}).get("source")
                if chosen in sources.get(c.electricity, ()):
                    used |= set(c.choice_inputs[sources[c.electricity].index(chosen)])
            rated = [n for n in used if n in scores]
            if not rated or not size:
                continue
            worst = max(rated, key=lambda n: (numbers.to_fraction(ratings[n]["rating"]), -order[n]))
            for criterion, _ in DQI:
                weighted[criterion] += size * scores[worst][criterion]
            weights += size
        if not weights:
            return None
        return {field: self.decimal(weighted[criterion] / weights) for criterion, field in DQI}

