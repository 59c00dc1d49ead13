"""Checks of a received PACT v3 ProductFootprint: the official schema (official.py), the numbers
(decimal strings with the signs and ranges the schema states in words: its patterns for `<= 0`
do not enforce them), internal consistency, and, given a rule, agreement with the rule.

Consistency is judged within the stated rounding: a figure written with d decimals may hide up
to half a unit of its last place, so a sum of n figures agrees with its total when they differ by
at most the sum of those halves (every figure's, the total's included). pcrlang writes its own
figures to a fixed number of decimals (footprint.py), so its footprints pass; a figure changed
by more than its rounding does not.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Optional

import attrs

from ...core import ir
from . import numbers, official
from .dates import parse_datetime
from .descriptions import GATE_PHASES, OUTBOUND_PHASES
from .footprint import SPEC_VERSION
from .units import PACT_UNITS, amount_in, pact_unit

POSITIVE_OR_ZERO = ("fossilCarbonContent", "biogenicCarbonContent", "recycledCarbonContent", "fossilGhgEmissions",
                    "landUseChangeGhgEmissions", "landCarbonLeakage", "landManagementFossilGhgEmissions",
                    "landManagementBiogenicCO2Emissions", "biogenicNonCO2Emissions", "landAreaOccupation",
                    "aircraftGhgEmissions", "packagingGhgEmissions", "packagingBiogenicCarbonContent",
                    "outboundLogisticsGhgEmissions", "ccuCarbonContent", "productMassPerDeclaredUnit")
NEGATIVE_OR_ZERO = ("landManagementBiogenicCO2Removals", "biogenicCO2Uptake", "ccsTechnologicalCO2Capture",
                    "technologicalCO2Removals")
ANY_SIGN = ("pcfExcludingBiogenicUptake", "pcfIncludingBiogenicUptake")
PERCENT = ("exemptedEmissionsPercent", "primaryDataShare")
# pcfExcludingBiogenicUptake is the sum of these (the schema's x-comment)
EXCLUDING_TERMS = ("fossilGhgEmissions", "landUseChangeGhgEmissions", "landManagementBiogenicCO2Emissions",
                   "landManagementBiogenicCO2Removals", "technologicalCO2Removals", "ccsTechnologicalCO2Capture",
                   "biogenicNonCO2Emissions")
CCS_FIELDS = ("ccsTechnologicalCO2Capture", "technologicalCO2Removals", "technologicalCO2CaptureOrigin")


@attrs.frozen
class Finding:
    severity: str  # error or warning
    check: str  # schema, number, consistency, rule
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"severity": self.severity, "check": self.check, "field": self.field, "message": self.message}


@attrs.frozen
class Report:
    findings: tuple
    schema: Optional[str]  # the schema file checked against (None: not checked)
    schema_version: Optional[str]

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def as_dict(self) -> dict:
        return {"ok": self.ok, "schema": self.schema, "schema_version": self.schema_version,
                "errors": sum(f.severity == "error" for f in self.findings),
                "warnings": sum(f.severity == "warning" for f in self.findings),
                "findings": [f.as_dict() for f in self.findings]}


def validate(footprint, schema: Optional[Path] = None, rs: Optional[ir.Ruleset] = None) -> Report:
    """Every finding on one footprint; the schema check runs when `schema` is a file."""
    findings: list[Finding] = []
    flagged = set()
    version = None
    if schema is not None:
        version = official.schema_version(schema)
        for where, message in official.errors(footprint, schema):
            findings.append(Finding("error", "schema", where, message))
            flagged.add(where)
    if isinstance(footprint, dict):
        checks = _Checks(footprint, flagged)
        checks.run()
        if rs is not None:
            checks.against(rs)
        findings.extend(checks.findings)
    elif schema is None:
        findings.append(Finding("error", "schema", "(the footprint)", "is not a JSON object"))
    return Report(tuple(findings), str(schema) if schema is not None else None, version)


class _Checks:
    def __init__(self, footprint: dict, flagged: set):
        self.doc = footprint
        pcf = footprint.get("pcf")
        self.pcf = pcf if isinstance(pcf, dict) else {}
        self.flagged = flagged
        self.findings: list[Finding] = []
        self.values: dict[str, Fraction] = {}  # the decimals that parse, by pcf field

    def add(self, severity: str, check: str, field: str, message: str) -> None:
        self.findings.append(Finding(severity, check, field, message))

    # ---- numbers --------------------------------------------------------------------------------
    def _decimal(self, field: str, x, where: str) -> Optional[Fraction]:
        if not isinstance(x, str) or numbers.DECIMAL.match(x) is None:
            if where not in self.flagged:
                self.add("error", "number", where, f"{x!r} is not a PACT decimal string (digits, an optional sign "
                                                   f"and decimal point; no exponent)")
            return None
        return Fraction(x)

    def run(self) -> None:
        pcf = self.pcf
        for field in POSITIVE_OR_ZERO + NEGATIVE_OR_ZERO + ANY_SIGN + PERCENT + ("declaredUnitAmount",):
            if field not in pcf:
                continue
            value = self._decimal(field, pcf[field], f"pcf.{field}")
            if value is None:
                continue
            self.values[field] = value
            where = f"pcf.{field}"
            if field in POSITIVE_OR_ZERO and value < 0:
                self.add("error", "number", where, f"is {pcf[field]}: it must be >= 0")
            elif field in NEGATIVE_OR_ZERO and value > 0:
                self.add("error", "number", where, f"is {pcf[field]}: it must be <= 0 (an uptake or removal)")
            elif field in PERCENT and not 0 <= value <= 100:
                self.add("error", "number", where, f"is {pcf[field]}: a percentage from 0 to 100")
            elif field == "declaredUnitAmount" and value <= 0:
                self.add("error", "number", where, f"is {pcf[field]}: it must be > 0")
        dqi = pcf.get("dqi")
        if isinstance(dqi, dict):
            for field, x in sorted(dqi.items()):
                value = self._decimal(field, x, f"pcf.dqi.{field}")
                if value is not None and not 1 <= value <= 5:
                    self.add("error", "number", f"pcf.dqi.{field}", f"is {x}: a rating from 1 to 5")
        version = self.doc.get("specVersion")
        if isinstance(version, str) and not version.startswith("3."):
            self.add("warning", "schema", "specVersion", f"is {version}: these are the checks of PACT {SPEC_VERSION}")
        self._sums()
        self._flags()
        self._dates()
        self._rules_named()

    def _tolerance(self, fields) -> Fraction:
        return sum((numbers.half_unit(self.pcf[f]) for f in fields if f in self.values), Fraction(0))

    def _sum_check(self, total: str, terms: tuple, label: str) -> None:
        if total not in self.values or any(t in self.pcf and t not in self.values for t in terms):
            return  # a term that is not a decimal has its own finding: the sum cannot be judged
        present = [t for t in terms if t in self.values]
        computed = sum((self.values[t] for t in present), Fraction(0))
        allowed = self._tolerance(present + [total])
        difference = abs(self.values[total] - computed)
        if difference > allowed:
            missing = [t for t in terms if t not in self.pcf]
            self.add("error", "consistency", f"pcf.{total}",
                     f"is {self.pcf[total]}, but {label} = {_show(computed)} (differs by {_show(difference)}; the "
                     f"stated rounding allows {_show(allowed)})"
                     + (f"; absent and taken as 0: {', '.join(missing)}" if missing else ""))

    def _sums(self) -> None:
        self._sum_check("pcfExcludingBiogenicUptake", EXCLUDING_TERMS, " + ".join(EXCLUDING_TERMS))
        self._sum_check("pcfIncludingBiogenicUptake", ("pcfExcludingBiogenicUptake", "biogenicCO2Uptake"),
                        "pcfExcludingBiogenicUptake + biogenicCO2Uptake")
        for part, whole in (("aircraftGhgEmissions", "fossilGhgEmissions"),
                            ("landManagementFossilGhgEmissions", "fossilGhgEmissions"),
                            ("packagingGhgEmissions", "pcfExcludingBiogenicUptake")):
            if part in self.values and whole in self.values:
                allowed = self._tolerance([part, whole])
                if self.values[part] - self.values[whole] > allowed:
                    self.add("error", "consistency", f"pcf.{part}", f"is {self.pcf[part]}, more than "
                                                                    f"{whole} ({self.pcf[whole]}), which includes it")
        unit = self.pcf.get("declaredUnitOfMeasurement")
        if unit == "kilogram" and {"productMassPerDeclaredUnit", "declaredUnitAmount"} <= set(self.values) \
                and self.values["productMassPerDeclaredUnit"] != self.values["declaredUnitAmount"]:
            self.add("warning", "consistency", "pcf.productMassPerDeclaredUnit",
                     f"is {self.pcf['productMassPerDeclaredUnit']} kg for a declared unit of "
                     f"{self.pcf['declaredUnitAmount']} kilogram")

    def _flags(self) -> None:
        pcf = self.pcf
        packaging = pcf.get("packagingEmissionsIncluded")
        if packaging is False and "packagingGhgEmissions" in pcf:
            self.add("error", "consistency", "pcf.packagingGhgEmissions",
                     "is given though packagingEmissionsIncluded is false (it must then be undefined)")
        elif packaging is None:
            self.add("warning", "consistency", "pcf.packagingEmissionsIncluded", "is not given (SHALL in PACT)")
        ccs = pcf.get("ccsTechnologicalCO2CaptureIncluded")
        if ccs is False:
            for field in CCS_FIELDS:
                if field in pcf:
                    self.add("error", "consistency", f"pcf.{field}",
                             "is given though ccsTechnologicalCO2CaptureIncluded is false (it must then be undefined)")
        elif ccs is None:
            self.add("warning", "consistency", "pcf.ccsTechnologicalCO2CaptureIncluded", "is not given (SHALL in PACT)")
        if "primaryDataShare" not in pcf:
            self.add("warning", "consistency", "pcf.primaryDataShare", "is not given (SHALL in PACT)")

    def _dates(self) -> None:
        doc, pcf = self.doc, self.pcf
        stamps = {}
        for where, part, field in (("created", doc, "created"), ("validityPeriodStart", doc, "validityPeriodStart"),
                                   ("validityPeriodEnd", doc, "validityPeriodEnd"),
                                   ("pcf.referencePeriodStart", pcf, "referencePeriodStart"),
                                   ("pcf.referencePeriodEnd", pcf, "referencePeriodEnd")):
            if field not in part:
                continue
            stamp = parse_datetime(part[field])
            if stamp is None:
                self.add("error", "consistency", where, f"{part[field]!r} is not a date-time with its offset "
                                                        f"(RFC 3339, e.g. 2025-01-31T00:00:00Z)")
            else:
                stamps[where] = stamp
        for start, end in (("validityPeriodStart", "validityPeriodEnd"),
                           ("pcf.referencePeriodStart", "pcf.referencePeriodEnd")):
            if start in stamps and end in stamps and not stamps[start] < stamps[end]:
                self.add("error", "consistency", end, f"is not after {start}")

    def _rules_named(self) -> None:
        rules = self.pcf.get("productOrSectorSpecificRules")
        if not isinstance(rules, list):
            return
        for k, rule in enumerate(rules):
            if isinstance(rule, dict) and rule.get("operator") == "Other" and not rule.get("otherOperatorName"):
                self.add("error", "consistency", f"pcf.productOrSectorSpecificRules[{k}].otherOperatorName",
                         "must name the operator when operator is Other")

    # ---- agreement with a rule ----------------------------------------------------------------------
    def against(self, rs: ir.Ruleset) -> None:
        pcf = self.pcf
        own = pact_unit(rs.declared_dimension, rs.declared_unit)
        unit, amount = pcf.get("declaredUnitOfMeasurement"), self.values.get("declaredUnitAmount")
        unit = unit if isinstance(unit, str) else None
        declared = f"{numbers.exact_decimal_string(rs.declared_amount)} {rs.declared_unit}"
        if own is None:
            self.add("warning", "rule", "pcf.declaredUnitOfMeasurement",
                     f"not checked: the rule's declared unit {declared} has no PACT unit")
        elif unit in PACT_UNITS and amount is not None:
            if PACT_UNITS[unit][0] != rs.declared_dimension:
                self.add("error", "rule", "pcf.declaredUnitOfMeasurement",
                         f"is {unit}; the rule declares {declared} ({own})")
            elif amount * PACT_UNITS[unit][1] != rs.declared_base:
                self.add("warning", "rule", "pcf.declaredUnitAmount",
                         f"the footprint is per {pcf['declaredUnitAmount']} {unit}, the rule's declared unit is "
                         f"{declared} ({numbers.exact_decimal_string(amount_in(own, rs.declared_base))} {own}): the "
                         f"figures are not per the rule's declared unit")
        gwp = pcf.get("ipccCharacterizationFactors")
        if rs.gwp_set.startswith("AR") and gwp is not None and gwp != [rs.gwp_set]:
            self.add("error", "rule", "pcf.ipccCharacterizationFactors", f"is {gwp}; the rule's GWP set is {rs.gwp_set}")
        self._cutoff(rs)
        self._boundary(rs)
        self._named(rs)

    def _cutoff(self, rs: ir.Ruleset) -> None:
        exempted = self.values.get("exemptedEmissionsPercent")
        if exempted is None:
            return
        if rs.cutoff is None:
            if exempted != 0:
                self.add("error", "rule", "pcf.exemptedEmissionsPercent",
                         f"is {self.pcf['exemptedEmissionsPercent']} %, but the rule allows no cut-off")
            return
        for t in rs.cutoff.total:
            if t.basis != "emissions":
                continue
            # the percentage is rounded: it fails only when even its rounding cannot bring it within the limit
            low = exempted - numbers.half_unit(self.pcf["exemptedEmissionsPercent"])
            if not (low < t.percent if t.op == "<" else low <= t.percent):
                self.add("error", "rule", "pcf.exemptedEmissionsPercent",
                         f"is {self.pcf['exemptedEmissionsPercent']} %; the rule's cut-off (clause {rs.cutoff.clause}) "
                         f"allows in total {t.op} {numbers.exact_decimal_string(t.percent)} % by emissions")

    def _boundary(self, rs: ir.Ruleset) -> None:
        if rs.boundary_kind == "gate_to_gate":
            self.add("error", "rule", "pcf", "the rule is gate to gate; a PACT footprint is cradle to gate")
        phases = {s.name: s.phase for s in rs.stages}
        gate = [c for c in rs.contributions if phases.get(c.stage) in GATE_PHASES]
        kinds = {c.carbon_kind for c in gate}
        for field, present, what in (
                ("aircraftGhgEmissions", "aircraft" in kinds, "aircraft contributions"),
                ("landUseChangeGhgEmissions", "land_use_change" in kinds, "land-use change contributions"),
                ("biogenicNonCO2Emissions", any(c.carbon_kind == "biogenic" and c.gas != "CO2" for c in gate),
                 "biogenic non-CO2 contributions"),
                ("biogenicCO2Uptake", any(c.carbon_kind == "biogenic" and c.gas == "CO2" for c in gate),
                 "biogenic CO2 contributions")):
            if self.values.get(field, 0) != 0 and not present:
                self.add("error", "rule", f"pcf.{field}", f"is {self.pcf[field]}, but the rule counts no {what} "
                                                          f"within the cradle-to-gate boundary")
        for field in ("landManagementBiogenicCO2Emissions", "landManagementBiogenicCO2Removals",
                      "technologicalCO2Removals", "ccsTechnologicalCO2Capture"):
            if self.values.get(field, 0) != 0:
                self.add("error", "rule", f"pcf.{field}", f"is {self.pcf[field]}: the rule has no such contribution")
        packaging = any(c.packaging for c in rs.contributions)
        if self.pcf.get("packagingEmissionsIncluded") is True and not packaging:
            self.add("warning", "rule", "pcf.packagingEmissionsIncluded",
                     "is true, but the rule marks no contribution as packaging")
        if packaging and self.pcf.get("packagingEmissionsIncluded") is False:
            self.add("error", "rule", "pcf.packagingEmissionsIncluded", "is false, but the rule counts packaging")
        if "outboundLogisticsGhgEmissions" in self.pcf and not any(s.phase in OUTBOUND_PHASES for s in rs.stages):
            self.add("warning", "rule", "pcf.outboundLogisticsGhgEmissions",
                     "is given, but the rule has no distribution stage (it was computed outside the rule)")
        if self.values.get("biogenicCarbonContent", 0) != 0 and rs.biogenic_content is None:
            self.add("warning", "rule", "pcf.biogenicCarbonContent",
                     "is given, but the rule does not compute a biogenic carbon content")

    def _named(self, rs: ir.Ruleset) -> None:
        rules = self.pcf.get("productOrSectorSpecificRules")
        names = [n for r in rules if isinstance(r, dict) for n in (r.get("ruleNames") or []) if isinstance(n, str)] \
            if isinstance(rules, list) else []
        wanted = f"{rs.identifier} {rs.version}"
        if wanted in names:
            return
        other = [n for n in names if n.split(" ")[0] == rs.identifier]
        self.add("error", "rule", "pcf.productOrSectorSpecificRules",
                 f"names {other[0]!r}, not version {rs.version} of the rule" if other else
                 f"does not name the rule {wanted!r}")


def _show(x: Fraction) -> str:
    return numbers.exact_decimal_string(x, 9)

