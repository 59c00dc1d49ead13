"""The IR: the checked rule as plain frozen data, what every backend reads.

A ruleset is its declarations (inputs, factors, tables, stages, ...), a program of steps
(named bindings and run-time checks, evaluated in order), its contributions and its report
fields, all in core expressions (pcrlang/core/expr.py). Numbers are exact Fractions in base
units; clause numbers are assigned here, once, and shared by the interpreter's trace, the
calculators and the documents.

Every field is either semantic (it can change a number, a verdict or a refusal: values, bounds,
formulas, names that key the result) or publication (texts, clause numbers, sources, formulas
as written): publication fields carry `PUBLICATION` in their metadata. The semantic fingerprint
hashes the semantic fields only, so a translation fix or a comment leaves it unchanged; the
publication fingerprint hashes everything (see pcrlang/core/serialize.py).

The meaning of the program, which every backend must reproduce (docs/ir.md says it in full):
1. inputs are validated; a missing input takes its default or, if optional, zero;
2. `steps` run in order: a `Let` binds its value to its name, a `Check` refuses the calculation
   with its code when its condition is false; division by zero in any step refuses it;
3. each contribution's `value` is its kg of gas per declared unit (signed, after allocation);
   its CO2e is value x gwp; the total is their exact sum; any CO2e beyond +-1e300 is refused;
4. the report fields are evaluated over the bindings and the contributions;
5. cut-off, data quality and grading are judged exactly from their specs (pcrlang/semantics).
"""
from __future__ import annotations

from fractions import Fraction
from typing import ClassVar, Optional

import attrs

from ..source import Span
from .expr import Expr

IR_VERSION = 2
PUBLICATION = {"publication": True}
frozen = attrs.frozen(slots=True)


def pub(**kw):
    """A publication field: texts, clauses, sources (not in the semantic fingerprint)."""
    return attrs.field(metadata=PUBLICATION, **kw)


def span_field():
    return attrs.field(default=None, eq=False, metadata={"span": True})


@frozen
class Text:
    zh: Optional[str] = pub()
    en: Optional[str] = pub()


NO_TEXT = Text(None, None)


@frozen
class Bounds:
    low: Fraction
    high: Fraction
    low_inclusive: bool
    high_inclusive: bool


@frozen
class Input:
    name: str
    kind: str  # number or key
    dimension: tuple  # the dimension of the declared unit (() for keys and plain numbers)
    to_base: Fraction  # the declared unit in base units
    keyset: Optional[str]
    keys: tuple[str, ...]
    bounds: Optional[Bounds]
    optional: bool  # may be left out: it takes its default, else zero, and the result says so
    default: object  # Fraction (in the declared unit), a key, or None
    cut_off: str  # never, mass, energy or any: which per-flow basis can judge a cut-off of it
    product_property: bool  # used by the production formula: never cut, not an energy flow
    clause: str = pub()
    unit: str = pub()
    primary: bool = pub()
    default_source: Optional[str] = pub()
    text: Text = pub()
    key_texts: tuple = pub(default=())  # (key, Text): the keys' names in both languages
    # a table of rows (kind "rows"): its columns, each an Input of kind number, key or text (a
    # column's cut_off says whether a row's value of it may be left out), and its fewest rows
    columns: tuple = ()
    min_rows: int = 0
    key: bool = False  # for a column: it identifies the rows (unique in a table)
    provenance: bool = False  # for a key column: whether a row's data are primary or secondary
    symbol: Optional[str] = pub(default=None)  # the symbol formulas show, e.g. "AD_{\\mathrm{coal}}"
    sensitivity: Optional[tuple] = pub(default=None)  # (low, high) in `unit`: the range a sensitivity analysis tries
    span: Optional[Span] = span_field()


@frozen
class Factor:
    name: str
    dimension: tuple
    base_value: Optional[Fraction]  # the value in force, in base units (None: chosen at run time for the period)
    kind: Optional[str]  # electricity factor kind: combustion or life_cycle
    clause: str = pub()
    unit: str = pub()
    value: Optional[Fraction] = pub()  # in `unit` (None: a dated factor chosen at run time for the period)
    source: Optional[str] = pub()
    geography: Optional[str] = pub()
    vintage: Optional[str] = pub()
    unverified: bool = pub()
    text: Text = pub()
    validity: tuple = pub(default=())  # (start, end, value in unit, source, in force) of each dated value
    provenance: Optional[str] = None  # primary (supplier-specific) or secondary (a database dataset)
    database: Optional[str] = pub(default=None)  # the database of a secondary dataset, e.g. CLCD
    database_version: Optional[str] = pub(default=None)
    dataset: Optional[str] = pub(default=None)  # the dataset's identifier in its database
    symbol: Optional[str] = pub(default=None)
    source_text: Optional[Text] = pub(default=None)  # the source in both languages, when the rule gives both
    sensitivity: Optional[tuple] = pub(default=None)  # (low, high) in `unit`: the range a sensitivity analysis tries
    span: Optional[Span] = span_field()


@frozen
class TableRow:
    key: str
    base_value: Fraction
    value: Fraction = pub()  # in the table's unit


@frozen
class Table:
    name: str
    dimension: tuple
    keyset: str
    rows: tuple[TableRow, ...]  # in key-set order
    kind: Optional[str]
    clause: str = pub()
    unit: str = pub()
    source: Optional[str] = pub()
    geography: Optional[str] = pub()
    vintage: Optional[str] = pub()
    unverified: bool = pub()
    text: Text = pub()
    key_texts: tuple = pub(default=())
    provenance: Optional[str] = None
    database: Optional[str] = pub(default=None)
    database_version: Optional[str] = pub(default=None)
    dataset: Optional[str] = pub(default=None)
    symbol: Optional[str] = pub(default=None)
    source_text: Optional[Text] = pub(default=None)
    span: Optional[Span] = span_field()


# ---- the program ---------------------------------------------------------------------------
@frozen
class Let:
    """Bind a value to a name. role: quantity, contribution (a contribution's amount for the
    period), allocation, production, recycling, electricity, biogenic_content."""
    OP: ClassVar[str] = "let"
    name: str
    expr: Expr
    role: str
    clause: str = pub()
    formula: str = pub()  # as written in the rule ("" when synthesized)
    unit: Optional[str] = pub(default=None)  # a quantity's declared unit
    text: Text = pub(default=NO_TEXT)
    rows: Optional[str] = None  # a binding per row of this table of rows (a per-row contribution's amount)
    span: Optional[Span] = span_field()
    symbol: Optional[str] = pub(default=None)  # after span: the lowering builds a Let by position


@frozen
class Check:
    """Refuse the calculation with `code` (message `variant`) unless `condition` holds. `shown`
    is the value the message shows; `params` the message's fixed parameters ((name, text), ...)."""
    OP: ClassVar[str] = "check"
    condition: Expr
    code: str
    variant: str
    subject: Optional[str]  # the formula, parameter or block the refusal names
    field: Optional[str]  # the input the refusal names, if any
    shown: Optional[Expr]
    params: tuple
    clause: str = pub()
    span: Optional[Span] = span_field()


@frozen
class Contribution:
    name: str
    direction: str  # emission, removal, credit (a substitution's avoided product)
    stage: str
    process: Optional[str]
    gas: str
    gwp: Fraction
    carbon_kind: str
    value: Expr  # kg of the gas per declared unit: signed, after allocation (see the module docstring)
    amount: str  # the binding holding its amount for the period, before allocation and normalisation
    allocation: Optional[str]
    share: Optional[str]  # the binding of the declared product's allocation share
    packaging: bool
    recycling: Optional[str]  # the recycling block this term belongs to
    term: Optional[str]  # material, energy or disposal (Circular Footprint Formula)
    electricity: Optional[str]  # the electricity block this contribution is
    data_inputs: tuple  # the inputs whose data it rests on (data quality, primary share)
    choice_inputs: tuple  # for electricity: the inputs of each source, by source index
    rows: Optional[str]  # one value per row of this table of rows (value is then per row), or None
    secondary_data: bool  # it uses a secondary dataset (a factor or table declared `secondary`)
    choice_secondary: tuple  # for electricity: whether each source's factor is a secondary dataset
    clause: str = pub()
    formula: str = pub()
    factors: tuple[str, ...] = pub()  # factors and tables the amount uses, through quantities too
    inputs: tuple[str, ...] = pub()  # inputs the amount uses, through quantities too
    text: Text = pub()
    symbol: Optional[str] = pub(default=None)
    span: Optional[Span] = span_field()


@frozen
class ReportField:
    """One field of the result: its path, and an expression (over bindings and contribution values),
    a fixed value, or a choice (an index expression into `choices`)."""
    path: tuple[str, ...]
    expr: Optional[Expr]
    kind: str  # value, choice or fixed
    value: object = pub(default=None)  # a fixed value (str, Fraction, bool, None, tuple of str)
    choices: tuple[str, ...] = ()  # for a choice: the names the index selects


# ---- declarations the runtime judges ------------------------------------------------------------
@frozen
class Threshold:
    op: str  # < or <=
    percent: Fraction
    basis: str  # mass, energy, emissions


@frozen
class Cutoff:
    per_flow: tuple[Threshold, ...]
    total: tuple[Threshold, ...]
    never: tuple[str, ...]
    clause: str = pub()
    text: Text = pub()
    span: Optional[Span] = span_field()


@frozen
class GradeClass:
    name: str
    op: Optional[str]
    limit: Optional[Fraction]  # kg CO2e per declared unit
    limit_text: str = pub()
    text: Text = pub()


@frozen
class Grading:
    decimals: Optional[int]
    rounding: Optional[str]
    classes: tuple[GradeClass, ...]
    clause: str = pub()
    text: Text = pub()


@frozen
class QualityLevel:
    name: str
    op: Optional[str]
    limit: Optional[Fraction]


@frozen
class DataQuality:
    name: str
    criteria: tuple[str, ...]
    criteria_bounds: Bounds
    rating: Expr  # over Criterion nodes
    levels: tuple[QualityLevel, ...]
    input_minimums: tuple  # (input, level)
    result_minimum: Optional[str]
    primary_share: Optional[tuple]  # (op, percent)
    clause: str = pub()
    rating_formula: str = pub()
    text: Text = pub()


# ---- publication records (what the documents need beyond the program) ------------------------------
@frozen
class Process:
    name: str
    text: Text = pub()


@frozen
class Stage:
    name: str
    processes: tuple[Process, ...]
    phase: str = pub()
    clause: str = pub()
    text: Text = pub()


@frozen
class Exclusion:
    name: str = pub()
    text: Text = pub()
    reason: Text = pub()


@frozen
class CoProduct:
    name: str = pub()
    quantity: Optional[str] = pub()  # the binding of its quantity; of an avoided product, its credit's amount
    formula: str = pub()


@frozen
class Allocation:
    name: str = pub()
    method: str = pub()
    places: tuple = pub()  # (stage, process or None); a stage alone covers all its processes
    product: str = pub()  # the declared product, or the intermediate product passed on to `then`
    products: tuple[CoProduct, ...] = pub()  # that product first, then the co-products
    justification: Optional[Text] = pub()
    clause: str = pub()
    # a chain (`then by`): the allocation that splits this one's product further, the allocations
    # from this one to the declared product's, and the binding of the declared product's share in
    # the places this allocation splits first (the product of the shares along the chain). Left
    # at their defaults by an allocation in no chain.
    then: Optional[str] = pub(default=None)
    chain: tuple[str, ...] = pub(default=())
    declared_share: Optional[str] = pub(default=None)
    span: Optional[Span] = span_field()


@frozen
class RecyclingParameter:
    name: str = pub()
    binding: str = pub()  # the binding holding its value
    formula: str = pub()  # as written, or its default


@frozen
class Recycling:
    name: str = pub()
    approach: str = pub()
    stage: str = pub()
    process: Optional[str] = pub()
    parameters: tuple[RecyclingParameter, ...] = pub()
    terms: tuple = pub()  # (term, per-kg expression over the parameters' bindings)
    clause: str = pub()
    text: Text = pub()
    span: Optional[Span] = span_field()


@frozen
class ElectricitySource:
    name: str = pub()
    condition: Optional[Expr] = pub()
    condition_formula: Optional[str] = pub()
    factor: Optional[Expr] = pub()
    factor_formula: str = pub()
    text: Text = pub()
    inputs: tuple[str, ...] = pub(default=())


@frozen
class ElectricitySupply:
    """One supply of a split (green certificates, a direct line, on-site PV): its own contribution."""
    name: str = pub()
    share: bool = pub()  # a share of the block's amount (else a metered amount)
    amount: Optional[Expr] = pub()  # the energy, or the share
    amount_formula: str = pub()
    factor: Optional[Expr] = pub()
    factor_formula: str = pub()
    certificate: bool = pub()  # green certificates (GEC) or a green power contract back it
    energy_binding: str = pub()  # the binding of its energy for the period
    factor_binding: str = pub()  # the binding of its factor
    contribution: str = pub()  # the contribution it is
    text: Text = pub()
    inputs: tuple[str, ...] = pub(default=())


@frozen
class Electricity:
    """A block of purchased energy (electricity or heat). Without supplies its sources take the
    whole amount; with supplies each supply is its own contribution and the sources (the rule's
    `rest` lines) take what they leave, the block's own contribution."""
    name: str = pub()
    factor_kind: str = pub()
    stage: str = pub()
    process: Optional[str] = pub()
    gas: str = pub()
    amount: Optional[Expr] = pub()
    amount_formula: str = pub()
    sources: tuple[ElectricitySource, ...] = pub()
    source_binding: str = pub()  # the binding of the chosen source's index
    factor_binding: str = pub()  # the binding of the chosen source's factor
    clause: str = pub()
    text: Text = pub()
    amount_inputs: tuple[str, ...] = pub(default=())
    carrier: str = pub(default="electricity")  # electricity or heat
    supplies: tuple[ElectricitySupply, ...] = pub(default=())
    amount_binding: Optional[str] = pub(default=None)  # with supplies: the binding of the whole amount
    rest_binding: Optional[str] = pub(default=None)  # with supplies: the binding of what they leave
    span: Optional[Span] = span_field()


@frozen
class Given:
    name: str = pub()
    kind: str = pub()  # number, key, cut_off
    value: object = pub()  # Fraction in the input's own unit, or a key


@frozen
class Expectation:
    target: str = pub()  # total, stage, process, gas, kind, cutoff, grade
    subject: tuple[str, ...] = pub()
    value: Fraction = pub()  # in base units (kg CO2e or kg of gas); for cutoff: 1 pass, 0 fail
    measure: str = pub()  # co2e, gas_mass, verdict or grade
    unit: str = pub()
    tolerance: Fraction = pub()  # relative (fraction) or absolute in base units
    relative: bool = pub()
    span: Optional[Span] = span_field()


@frozen
class Example:
    title: str = pub()
    clause: str = pub()
    text: Text = pub()
    givens: tuple[Given, ...] = pub()
    expectations: tuple[Expectation, ...] = pub()
    span: Optional[Span] = span_field()


@frozen
class Reference:
    """A referenced document: its code (GB/T 24067), year (2024) or None for an undated reference,
    and title in both languages when the rule gives it."""
    code: str = pub()
    year: Optional[str] = pub()
    title: Optional[Text] = pub()


@frozen
class Term:
    """A term the rule defines (clause 3 after the general ones), with its source if taken from
    another document ("GB/T 4131—2014, 2.1")."""
    term: Text = pub()
    definition: Text = pub()
    source: Optional[str] = pub()


@frozen
class Clause:
    number: str = pub()
    subject: str = pub()  # what the clause states: "declared_unit", "input:coal", ...
    title: Text = pub()


@frozen
class Ruleset:
    identifier: str
    gwp_set: str
    gwp_values: tuple  # (gas, Fraction) of the gases the ruleset uses
    declared_amount: Fraction
    declared_dimension: tuple
    declared_base: Fraction  # the declared unit in base units (1 t -> 1000 kg)
    production: Optional[str]  # the input measuring the production, if one does
    stages: tuple[Stage, ...]
    inputs: tuple[Input, ...]
    factors: tuple[Factor, ...]
    tables: tuple[Table, ...]
    steps: tuple  # Let and Check, in evaluation order
    contributions: tuple[Contribution, ...]
    report: tuple[ReportField, ...]
    cutoff: Optional[Cutoff]
    grading: Optional[Grading]
    data_quality: Optional[DataQuality]
    per_unit: Optional[str]  # the binding of declared units per unit of production (None: 1)
    version: str = pub()
    status: str = pub()
    language: int = pub()
    title: Text = pub()
    issuer: Optional[Text] = pub()
    scope: Optional[Text] = pub()
    references: tuple[str, ...] = pub()
    effective: Optional[str] = pub()
    period: Optional[tuple] = pub()
    gwp_source: str = pub()
    declared_unit: str = pub()
    declared_text: Optional[Text] = pub()
    production_formula: Optional[str] = pub()
    boundary_kind: str = pub()
    exclusions: tuple[Exclusion, ...] = pub()
    allocations: tuple[Allocation, ...] = pub()
    recyclings: tuple[Recycling, ...] = pub()
    electricity: tuple[Electricity, ...] = pub()
    biogenic_content: Optional[str] = pub()  # the binding of the biogenic carbon content (kg C), if any
    examples: tuple[Example, ...] = pub()
    clauses: tuple[Clause, ...] = pub()
    period_inputs: Optional[tuple] = None  # (start, end): the date inputs that give the reference period
    energy_factors: Optional[str] = pub(default=None)  # the policy on electricity and heat factors (checked)
    # the publication fields of GB/T 1.1-2020 (cover, foreword, references, terms); see
    # docs/design/publication-fields.md
    category: Optional[str] = pub(default=None)  # group, national, industry, local, enterprise
    ics: Optional[str] = pub(default=None)  # "13.020.40"
    ccs: Optional[str] = pub(default=None)  # "Z 04"
    stage: Optional[str] = pub(default=None)  # working_draft ... published (domain.vocabulary.STAGES)
    released: Optional[str] = pub(default=None)  # release date
    replaces: Optional[str] = pub(default=None)  # the number of the document this one replaces
    proposer: Optional[Text] = pub(default=None)  # 提出
    committee: Optional[Text] = pub(default=None)  # 归口
    drafting_units: tuple[Text, ...] = pub(default=())  # 起草单位
    drafters: tuple[str, ...] = pub(default=())  # 主要起草人
    normative: tuple[Reference, ...] = pub(default=())  # structured normative references
    bibliography: tuple[Reference, ...] = pub(default=())  # informative sources (参考文献)
    terms: tuple[Term, ...] = pub(default=())  # the rule's own terms
    source_file: str = attrs.field(default="", eq=False, metadata={"span": True})
    span: Optional[Span] = span_field()

    def input(self, name: str) -> Input:
        return self._index("inputs")[name]

    def binding(self, name: str) -> Let:
        return self._index("steps")[name]

    def _index(self, field: str) -> dict:
        # frozen slots classes cannot cache on self: a module-level cache keyed by identity
        key = (id(self), field)
        hit = _INDEX.get(key)
        if hit is None or hit[0] is not self:
            items = getattr(self, field)
            hit = (self, {x.name: x for x in items if hasattr(x, "name")})
            if len(_INDEX) > 64:
                _INDEX.clear()
            _INDEX[key] = hit
        return hit[1]


_INDEX: dict = {}
