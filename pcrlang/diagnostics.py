"""Diagnostics are data: one catalogue of stable codes, each with its message and help.

Every error a user can cause in a ruleset is reported through `Diagnostic`; the checker
collects them all and the command line renders them with the source line and a caret.
"""
from __future__ import annotations

import attrs
import contextlib
import difflib
import json
from typing import Iterable

from .domain.editions import KNOWN_EDITIONS
from .source import Span, display_width, shown, source_lines, visible

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # worth knowing, never a failure, not even with --strict (e.g. an unverified value, flagged as such)

# code: (severity, title, help). Messages are formatted per occurrence; titles and help are
# stable so that documentation and editors can rely on them. Never renumber a code.
CATALOGUE: dict[str, tuple[str, str, str]] = {
    # syntax and files
    "PCR001": (ERROR, "syntax error", "check the declaration against the language reference"),
    "PCR002": (ERROR, "unexpected character", "remove the character or put the text in a string"),
    "PCR003": (ERROR, "cannot read file", "check the path and that the file is UTF-8 text"),
    "PCR004": (ERROR, "invalid number", "write numbers as 12, 0.5 or 1.5e3"),
    "PCR005": (ERROR, "invalid string", "close the string on the same line; escape quotes as \\\""),
    "PCR006": (ERROR, "formula nested too deeply", "split the formula into named quantities"),
    "PCR007": (ERROR, "text is not valid Unicode", "the text holds a lone surrogate, which is no character; save the file as UTF-8, or pass valid Unicode text"),
    "PCR008": (ERROR, "control character", "remove it: apart from tab and newline, no control character may appear in a ruleset; write a line break in a string as \\n"),
    "PCR009": (ERROR, "bidirectional control character", "remove it: an embedding, override or isolate control makes the text read differently from what the compiler sees, and right-to-left text displays without it"),
    "PCR010": (ERROR, "file too large", "split the rule: import shared libraries instead of copying them in"),
    "PCR011": (ERROR, "too many declarations", "split the rule: import shared libraries instead of copying them in"),
    "PCR012": (ERROR, "full-width punctuation", "write punctuation outside strings in ASCII (half-width): `,` for `，`, `\"` for `“ ”`, `:` for `：`, `(` `)` for `（ ）`, `=` for `＝`"),
    # header
    "PCR101": (ERROR, "missing ruleset header", "start the file with `ruleset \"ID\" version \"1.0.0\" { ... }`"),
    "PCR102": (ERROR, "duplicate ruleset header", "a file declares one ruleset"),
    "PCR103": (ERROR, "missing header field", "add the field to the ruleset header"),
    "PCR104": (ERROR, "invalid version", "use a semantic version such as \"1.0.0\" or \"1.2.0-draft.1\""),
    "PCR105": (ERROR, "unknown status", "use draft, issued or withdrawn"),
    "PCR106": (ERROR, "unknown GWP set", "use AR4, AR5 or AR6"),
    "PCR107": (ERROR, "duplicate header field", "state each header field once"),
    "PCR108": (ERROR, "invalid declared unit", "the declared unit is a positive amount of a known unit"),
    "PCR109": (ERROR, "production does not match the declared unit", "the production input must measure the product in a unit of the declared unit's dimension"),
    "PCR110": (ERROR, "missing translation", "give the text in both Chinese (zh) and English (en)"),
    "PCR111": (ERROR, "invalid date", "write dates as \"YYYY-MM-DD\""),
    "PCR112": (ERROR, "duplicate block", "a ruleset has one `grading`, one `data_quality` and one `biogenic_carbon_content` block"),
    "PCR113": (ERROR, "unknown language edition", "this compiler knows language edition " + ", ".join(map(str, KNOWN_EDITIONS)) + "; state it (`language 1`) or leave it out for the current edition"),
    "PCR114": (ERROR, "period of inputs that are not dates", "a reference period from the inputs names two inputs declared `: date`"),
    "PCR115": (ERROR, "sensitivity range not applicable or empty",
               "`sensitivity LOW to HIGH` on a number input or a factor, LOW below HIGH"),
    "PCR116": (ERROR, "sensitivity range outside the bounds or the value",
               "an input's range lies inside its bounds; a factor's range contains its value"),
    # publication fields (GB/T 1.1-2020 cover, foreword, references; docs/design/publication-fields.md)
    "PCR130": (ERROR, "unknown document category", "use group, national, industry, local or enterprise"),
    "PCR131": (ERROR, "unknown stage", "use working_draft, draft_for_comment, draft_for_approval, final_draft or published"),
    "PCR132": (ERROR, "invalid release date", "write the release date as \"YYYY-MM-DD\""),
    "PCR133": (WARNING, "implemented before it is released", "a standard is implemented (`effective`) on or after the day it is released (`released`)"),
    "PCR134": (ERROR, "invalid ICS code", "an ICS code is two digits, then optionally three and two more: \"13\", \"13.020\", \"13.020.40\""),
    "PCR135": (ERROR, "invalid CCS code", "a CCS code is a capital letter and two digits: \"Z 04\""),
    "PCR136": (ERROR, "symbol cannot be typeset", "write a base with `_` and `^` (one character or a {group}), Greek letters (\\\\alpha) and \\\\mathrm{...} or \\\\text{...}: \"E_{kiln}\""),
    "PCR137": (ERROR, "duplicate symbol", "give each name of the rule its own symbol, e.g. a different subscript"),
    "PCR138": (WARNING, "publication text in one language", "give the text in both Chinese (zh) and English (en)"),
    "PCR139": (ERROR, "duplicate reference", "list each referenced document once, in `normative` or in `bibliography`"),
    "PCR140": (WARNING, "normative reference without title", "GB/T 1.1 prints the title of each normative reference: `\"CODE\" zh \"...\" en \"...\"`"),
    "PCR141": (WARNING, "draft for comment without its foreword facts", "give `proposer`, `committee` and `drafting_units` before the draft goes out for comment"),
    "PCR142": (ERROR, "bilingual source in one language", "give the source in both Chinese (zh) and English (en), or write `source \"...\"`"),
    "PCR143": (NOTE, "normative reference that is no standard", "a normative reference is a standard (GB, GB/T, ISO, IEC, HJ, T/, ...); other documents go in `bibliography`"),
    "PCR144": (WARNING, "factor with only a bilingual source", "add the source as one string, `source \"...\"`, beside `source zh \"...\" en \"...\"`"),
    # names
    "PCR201": (ERROR, "unknown name", "declare the name before using it, or correct its spelling"),
    "PCR202": (ERROR, "duplicate name", "every declaration needs its own name"),
    "PCR203": (ERROR, "circular definition", "a quantity cannot depend on itself"),
    "PCR204": (ERROR, "name is not a value", "only inputs, factors and quantities can be used in formulas"),
    "PCR205": (ERROR, "unknown function", "the functions are min and max"),
    "PCR206": (ERROR, "wrong number of arguments", "min and max take two or more arguments"),
    "PCR207": (ERROR, "not a table", "only tables can be looked up with [ ]"),
    "PCR208": (ERROR, "bad table key", "look a table up with an input of the table's key set, or a key in quotes"),
    "PCR209": (ERROR, "unknown key", "use one of the keys of the key set"),
    "PCR210": (ERROR, "incomplete table", "give a value for every key of the key set"),
    "PCR211": (ERROR, "duplicate key", "list each key once"),
    "PCR212": (ERROR, "reserved name", "choose another name"),
    "PCR213": (ERROR, "not a table of rows", "sum over the rows of an input declared `NAME: rows { column ... }`"),
    "PCR214": (ERROR, "no row here", "read a column inside `sum(row in TABLE: ...)` or a contribution `for row in TABLE`"),
    "PCR215": (ERROR, "unknown column", "use a column the table of rows declares"),
    "PCR216": (ERROR, "table of rows used as a value", "sum over its rows: `sum(row in TABLE: row.COLUMN)`"),
    "PCR217": (ERROR, "text column used as a value", "a text column names a row; use a number or key column in formulas"),
    "PCR218": (ERROR, "row variable hides a name", "name the row variable differently, e.g. `row`"),
    "PCR219": (ERROR, "nested sums over one table", "sum over a table once; for a pairwise formula, declare a second table"),
    # units and dimensions
    "PCR301": (ERROR, "unknown unit", "use a unit from the unit table, such as t, kg, kWh, GJ, kgCO2e"),
    "PCR302": (ERROR, "dimension mismatch", "both sides must have the same dimension; convert with a named factor"),
    "PCR303": (ERROR, "offset unit", "units with an offset (degrees Celsius, Fahrenheit) cannot be converted by a factor; use K"),
    "PCR304": (ERROR, "declared unit does not match formula", "the formula's dimension must match the unit declared for it"),
    "PCR305": (ERROR, "contribution is not an emission", "an emission formula must give a mass of its gas"),
    "PCR306": (ERROR, "division by zero", "a formula divides by a literal zero"),
    "PCR307": (ERROR, "condition is not a comparison", "use a comparison such as `x > 0` as the condition"),
    "PCR308": (ERROR, "comparison of a key with a number", "compare a key-set input only with a key in quotes"),
    "PCR309": (ERROR, "invalid exponent", "unit exponents are whole numbers"),
    "PCR310": (ERROR, "value is not a number", "a key can only be compared or used to look up a table"),
    "PCR311": (ERROR, "unit scale out of range", "a unit lies between 1e-300 and 1e300 times its base unit (kg, m, s, J, ...), the range calculators compute in; use fewer or smaller factors"),
    "PCR312": (ERROR, "value out of range", "a value converted to base units (kg, m, s, J, ...) lies between 1e-300 and 1e300 in magnitude, the range calculators compute in; give it in a unit nearer its size"),
    # boundary
    "PCR401": (ERROR, "missing boundary", "declare `boundary cradle_to_gate { ... }`"),
    "PCR402": (ERROR, "unknown boundary type", "use cradle_to_gate, cradle_to_grave or gate_to_gate"),
    "PCR403": (ERROR, "missing life-cycle stage", "declare a stage for every phase of the boundary type"),
    "PCR404": (ERROR, "stage outside the boundary", "this phase is not part of the boundary type"),
    "PCR405": (ERROR, "unknown life-cycle phase", "phases are raw_material_acquisition, production, distribution, use, end_of_life"),
    "PCR406": (ERROR, "process both included and excluded", "a process is either inside the boundary or excluded"),
    "PCR407": (ERROR, "stages out of order", "list stages in life-cycle order"),
    "PCR408": (ERROR, "unknown stage or process", "attach the contribution to a declared stage and process"),
    "PCR409": (ERROR, "duplicate boundary", "a ruleset has one system boundary"),
    # contributions and gases
    "PCR501": (ERROR, "unknown gas", "use CO2, CH4_fossil, CH4_non_fossil, N2O, CF4, C2F6, SF6, NF3, HFC134a, HFC23, HFC125 or CO2e"),
    "PCR502": (ERROR, "missing gas", "state the gas: `, gas CO2`"),
    "PCR503": (ERROR, "unknown carbon kind", "use fossil, biogenic, land_use_change or aircraft"),
    "PCR504": (ERROR, "missing carbon kind", "state the carbon kind: `, fossil`"),
    "PCR505": (ERROR, "gas has no GWP value", "the chosen GWP set has no value for this gas"),
    "PCR506": (ERROR, "conflicting contribution attributes", "state the gas and the carbon kind once each"),
    "PCR507": (ERROR, "offsets are not part of a footprint", "ISO 14067 and the GHG Protocol report offsets, if at all, apart from the footprint; remove it"),
    "PCR520": (ERROR, "unknown recycling approach", "use cut_off (100:0), avoided_burden (0:100), fifty_fifty or cff"),
    "PCR521": (ERROR, "unknown Circular Footprint Formula parameter", "parameters are material, R1, R2, R3, A, B, Qsin_Qp, Qsout_Qp, Ev, Ev_star, Erec, ErecEoL, ED, EER, LHV, XER_heat, XER_elec, ESE_heat, ESE_elec"),
    "PCR522": (ERROR, "recycling parameter out of range", "shares R1, R2, R3, A and B lie between 0 and 1, and R2 + R3 at most 1"),
    "PCR523": (ERROR, "missing recycling parameter", "give the amount of material, Ev, and A for the Circular Footprint Formula"),
    "PCR524": (ERROR, "the approach fixes A", "cut_off has A = 1, avoided_burden A = 0, fifty_fifty A = 0.5"),
    "PCR530": (ERROR, "unknown electricity factor kind", "use combustion or life_cycle"),
    "PCR531": (ERROR, "incomplete electricity block", "give `amount = ...` and at least one `source NAME factor ...`"),
    "PCR532": (ERROR, "electricity factor without a kind", "declare `kind combustion` or `kind life_cycle` on the factor"),
    "PCR533": (ERROR, "electricity factor of the wrong kind", "a combustion-only grid factor and a life-cycle footprint factor cannot be mixed"),
    "PCR534": (ERROR, "factor against the rule's energy factor policy", "under `energy_factors life_cycle` (GB/T 24067) every factor of purchased electricity or heat that feeds a contribution is a life-cycle factor (`kind life_cycle`); under `energy_factors combustion`, a combustion one"),
    "PCR535": (ERROR, "invalid supply split", "split the amount with `supply NAME = AMOUNT factor F` or `supply NAME share FRACTION factor F`, and give the factor of what they leave with `rest NAME factor F`"),
    "PCR536": (ERROR, "certificates without a residual mix", "once certificates or a green power contract claim part of the electricity, the rest takes a factor declared `residual_mix`, not the grid average"),
    "PCR537": (ERROR, "energy factor policy changed by an extending rule", "a product rule keeps the energy factor policy of the general rule it extends: repeat it or leave `energy_factors` out"),
    "PCR538": (ERROR, "supply shares out of range", "a share is a fraction of the block's amount, in [0, 1]; the shares of one block add up to at most 1"),
    "PCR540": (ERROR, "invalid rounding rule", "write `round to 1 decimals half_up` (half_up, half_even, down or up)"),
    "PCR541": (ERROR, "invalid grading classes", "list classes as `class A <= 500 kgCO2e` from the lowest limit up, `class E otherwise` last"),
    "PCR550": (ERROR, "incomplete data quality scheme", "declare `criteria ... in [1, 5]` and `rating = ...`"),
    "PCR551": (ERROR, "invalid data quality levels", "list levels as `level good <= 3.0` from the best rating to the worst, `level poor otherwise` last"),
    "PCR552": (ERROR, "invalid data quality requirement", "require a declared level for inputs or `result`, or `require primary_share >= 50 %`"),
    "PCR560": (ERROR, "incomplete transport block", "give the table of legs (`legs NAME`) and the table of factors by mode (`factor NAME`)"),
    "PCR561": (ERROR, "transport item given twice", "give `legs`, `factor` and `empty_return` once each"),
    "PCR562": (ERROR, "legs are not a table of rows", "declare the legs as an input `: rows` with columns `mass`, `distance` and `mode`"),
    "PCR563": (ERROR, "legs without their columns", "a table of legs has a column `mass` (a mass), `distance` (a length) and `mode` (a key set)"),
    "PCR564": (ERROR, "transport factor is not a table by mode", "use a table by the key set of the legs' `mode` column, in kg of a gas per t·km"),
    "PCR565": (ERROR, "invalid empty-return share", "the empty trip back adds a share of the laden emission: a plain number, 0 or more"),
    "PCR570": (ERROR, "check of two different things", "`check NAME: A within N % of B` compares two amounts of one kind"),
    "PCR571": (ERROR, "tolerance of a check not below 100 %", "give the tolerance of the balance in percent, below 100"),
    # allocation
    "PCR601": (ERROR, "unknown allocation method", "use mass, energy, economic, fixed or substitution"),
    "PCR602": (ERROR, "fixed shares do not sum to 1", "fixed allocation shares must add up to exactly 1"),
    "PCR603": (ERROR, "economic allocation needs a justification", "ISO 14044 puts physical relations before economic value; say why they cannot be used"),
    "PCR604": (ERROR, "co-product quantities have incompatible units", "all co-products must be measured in the same dimension"),
    "PCR605": (ERROR, "allocation needs the declared product and a co-product", "name the `product` and at least one `coproduct`"),
    "PCR606": (ERROR, "process allocated twice", "a process belongs to one allocation, unless one allocation splits further what another gives its product: write `then by NEXT` in the first"),
    "PCR607": (ERROR, "allocation quantity has the wrong dimension", "use masses for `by mass`, energies for `by energy`, money for `by economic`, plain shares for `by fixed`"),
    "PCR608": (ERROR, "substitution needs an avoided product", "name the avoided product and its emissions: `avoided acid = acid_output * acid_factor`"),
    "PCR609": (ERROR, "item does not fit the allocation method", "coproducts belong to partitioning methods, avoided products to substitution"),
    "PCR610": (ERROR, "unknown allocation", "`then by` names an allocation of the ruleset, the one that splits the product further"),
    "PCR611": (ERROR, "allocation chain is circular", "a chain of allocations ends at the allocation of the declared product, which has no `then by`"),
    "PCR612": (ERROR, "allocation chain does not end at the declared product", "the allocation a product is passed on to splits shares (it is no substitution) and covers every place of the allocation that passes it on"),
    "PCR613": (ERROR, "allocation item given twice", "name each product of an allocation once, and pass the product on to one allocation"),
    # cut-off
    "PCR701": (ERROR, "invalid cut-off threshold", "thresholds are percentages between 0 and 100"),
    "PCR702": (ERROR, "per-flow threshold above cumulative threshold", "the per-flow threshold cannot exceed the cumulative one"),
    "PCR703": (ERROR, "unknown cut-off basis", "use mass, energy or emissions"),
    "PCR704": (ERROR, "never-cut flow is not an input", "list inputs in `never`"),
    "PCR705": (ERROR, "duplicate cut-off rules", "a ruleset has one cut-off block"),
    "PCR706": (ERROR, "cut-off threshold direction", "write thresholds as `< 1 %` or `<= 1 %`"),
    "PCR707": (ERROR, "cut-off by mass needs a product measured in mass", "declare the unit or the production in a mass unit, or cut off by energy or emissions"),
    "PCR708": (ERROR, "cut-off expectation is pass or fail", "write `expect cutoff pass` or `expect cutoff fail`"),
    # inputs and factors
    "PCR801": (ERROR, "invalid bounds", "the lower bound must not exceed the upper bound"),
    "PCR802": (ERROR, "default outside bounds", "the default value must lie inside the input's bounds"),
    "PCR803": (ERROR, "default has the wrong type", "a number for a quantity input, a key in quotes for a key-set input"),
    "PCR804": (ERROR, "duplicate attribute", "state each attribute once"),
    "PCR805": (ERROR, "primary input with a default", "primary data must be measured; remove `primary` or the default"),
    "PCR807": (ERROR, "optional key input without a default", "a key-set input left out needs a default key: `default \"KEY\" source \"...\"`"),
    "PCR806": (ERROR, "default without a source", "secondary data needs its source: `default 0.95 source \"IPCC 2006\"`"),
    "PCR810": (ERROR, "overlapping validity periods", "a factor has one value in force at any date"),
    "PCR811": (ERROR, "no reference period", "declare `period \"2022-01-01\" to \"2022-12-31\"` in the header"),
    "PCR812": (ERROR, "no factor value in force", "give a value for the reference period, or allow `extrapolate latest` in the header"),
    "PCR813": (ERROR, "text outside a table of rows", "only a column of a table of rows can be text; use a key set for a choice of values"),
    "PCR814": (ERROR, "invalid key column", "one column of a table, text or a key, identifies its rows and cannot be left out"),
    "PCR815": (ERROR, "flow that is not an amount", "a flow is an amount of material, energy or transport (t, kWh, tkm), not a ratio, a share or a price"),
    "PCR816": (ERROR, "invalid table of rows", "declare its columns: `column mass: t in [0, 1e9] flow`; attributes belong to the columns"),
    "PCR817": (ERROR, "duplicate column", "give each column of a table its own name"),
    "PCR818": (ERROR, "invalid provenance", "a database dataset is secondary data: `secondary database \"CLCD\" version \"0.8\" dataset \"...\"`"),
    "PCR819": (ERROR, "invalid provenance column", "the provenance column of a table takes the keys `primary` and `secondary`"),
    # modules
    "PCR120": (ERROR, "import not found", "check the path; it is looked up next to the importing file, then on the import path (--import-path, PCRLANG_PATH), then in the standard library"),
    "PCR121": (ERROR, "import cycle", "a module cannot import itself, directly or through others"),
    "PCR122": (ERROR, "silent shadowing", "a name from an imported or extended module is redeclared; write `override` to replace it on purpose"),
    "PCR123": (ERROR, "override of nothing", "`override` names a declaration of the extended or imported module"),
    "PCR124": (ERROR, "imported module is not a library", "import files that start with `library`; extend a general rule with `extends` in the header"),
    "PCR125": (ERROR, "conflicting imports", "two imported modules declare the same name; import one of them"),
    "PCR126": (ERROR, "import outside the project", "import files of the project (the checked file's folder and below), of the import path or of the standard library; a trusted local user may allow any file with --trust-imports"),
    "PCR127": (ERROR, "imports nested too deeply", "import the libraries from the ruleset itself instead of through a long chain"),
    "PCR128": (ERROR, "invalid import path", "import a .pcr file by a relative path such as \"cn_grid.pcr\" or \"lib/fuels.pcr\""),
    # examples
    "PCR901": (ERROR, "example gives an unknown input", "give values only for declared inputs"),
    "PCR902": (ERROR, "example misses a required input", "give a value for every required input"),
    "PCR903": (ERROR, "example value has the wrong unit", "give the value in a unit of the input's dimension"),
    "PCR904": (ERROR, "example expects an unknown target", "expect total, a declared stage, process, gas or carbon kind"),
    "PCR905": (ERROR, "expected value has the wrong unit", "expected emissions are in a CO2e mass unit, or a gas mass unit for `gas`"),
    "PCR906": (ERROR, "example gives an input twice", "give each input once"),
    "PCR907": (ERROR, "example fails", "the reference interpreter's result differs from the expected value"),
    "PCR908": (ERROR, "example is refused", "the reference interpreter refuses the example's inputs"),
    "PCR909": (ERROR, "duplicate example", "give each example its own title"),
    "PCR910": (ERROR, "example gives too few rows", "give at least as many rows as the table declares with `at_least`"),
    "PCR911": (ERROR, "example gives a row twice", "each row of a table has its own key"),
    # warnings
    "PCR-W01": (WARNING, "unused input", "use the input in a formula or remove it"),
    "PCR-W02": (WARNING, "factor without a source", "cite the publisher, table and year: `source \"...\"`"),
    "PCR-W03": (WARNING, "unused factor", "use the factor in a formula or remove it"),
    "PCR-W04": (WARNING, "unused quantity", "use the quantity in a contribution or remove it"),
    "PCR-W05": (WARNING, "stage without contributions", "attach a contribution to the stage or explain why it is empty"),
    "PCR-W06": (WARNING, "ruleset without examples", "add worked examples: they are the ruleset's tests"),
    "PCR-W07": (NOTE, "unverified factor", "check the value in a primary source and remove `unverified`"),
    "PCR-W08": (WARNING, "missing translation", "give the text in both Chinese (zh) and English (en)"),
    "PCR-W09": (WARNING, "factor extrapolated", "the rule allows the latest value when none is in force; prefer a value for the period"),
    "PCR-W10": (WARNING, "deprecated construct", "it still works in this edition; `pcr migrate FILE --write` rewrites it"),
    "PCR-W11": (WARNING, "grid-like factor without a kind", "declare `kind life_cycle` or `kind combustion` on a factor of purchased electricity, so that the rule's energy factor policy can hold it"),
}


# The titles and help in Chinese: pcrlang/diagnostics_zh.py (re-exported here).
from .diagnostics_zh import CATALOGUE_ZH  # noqa: E402


LANGUAGES = ("en", "zh")
LANGUAGE = ["en"]  # the language of titles and help: set_language (pcr --lang, or the locale)


def set_language(lang: str | None) -> None:
    LANGUAGE[0] = "zh" if str(lang or "").lower().startswith("zh") else "en"


@contextlib.contextmanager
def as_lang(lang: str | None):
    """Titles, help and messages in `lang` inside the block (the LSP server, per client)."""
    before = LANGUAGE[0]
    set_language(lang)
    try:
        yield
    finally:
        LANGUAGE[0] = before


def locale_language(environ=None) -> str:
    """zh when the locale names Chinese (LC_ALL, then LC_MESSAGES, then LANG, as POSIX reads
    them), else en."""
    import os
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def title_of(code: str, lang: str | None = None) -> str:
    if (lang or LANGUAGE[0]) == "zh":
        from .diagnostics_zh import CATALOGUE_ZH
        return CATALOGUE_ZH[code][0]
    return CATALOGUE[code][1]


# The ASCII punctuation a full-width (Chinese input method) character stands for, by name: the
# hint of PCR012 ("use an ASCII comma `,`"), translated by diagnostics_zh.PUNCTUATION_NAMES_ZH.
PUNCTUATION_NAMES = {
    ",": "comma", '"': "double quote", ":": "colon", "(": "opening parenthesis", ")": "closing parenthesis",
    "=": "equals sign", "[": "opening bracket", "]": "closing bracket", "{": "opening brace",
    "}": "closing brace", ".": "full stop", "%": "percent sign", "+": "plus sign", "-": "minus sign",
    "*": "asterisk", "/": "slash", "<": "less-than sign", ">": "greater-than sign", ";": "semicolon",
    "'": "single quote", "^": "caret", "!": "exclamation mark", "_": "underscore", "#": "number sign", " ": "space",
}
_FULLWIDTH_EXTRA = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "、": ",", "。": ".", "　": " ",
                    "【": "[", "】": "]", "《": "<", "》": ">", "—": "-"}


def fullwidth_ascii(char: str) -> str | None:
    """The ASCII character a full-width or Chinese punctuation character stands for (`，` -> `,`,
    `“` -> `"`), or None."""
    if len(char) != 1:
        return None
    if "\uff01" <= char <= "\uff5e":  # the Halfwidth and Fullwidth Forms block mirrors ASCII 0x21-0x7E
        return chr(ord(char) - 0xFEE0)
    return _FULLWIDTH_EXTRA.get(char)


def help_of(d: "Diagnostic", lang: str | None = None) -> str:
    """The occurrence's hint if it has one (a suggestion, a rewrite), else the catalogue's help,
    in `lang`."""
    zh = (lang or LANGUAGE[0]) == "zh"
    if d.help is not None:
        return d.hint.render("zh") if zh and d.hint is not None else d.help
    if zh:
        from .diagnostics_zh import CATALOGUE_ZH
        return CATALOGUE_ZH[d.code][1]
    return CATALOGUE[d.code][2]


@attrs.frozen(slots=True)
class Fix:
    """A machine-applicable edit: replace the text of `span` with `replacement` (`pcr migrate`)."""

    span: Span
    replacement: str

    def as_dict(self) -> dict:
        return {"span": self.span.as_dict(), "replacement": self.replacement}


@attrs.frozen(slots=True)
class Message:
    """A message from the catalogue of messages (pcrlang/diagnostics_messages.py): the variant
    of the code's message and its named parameters, rendered in either language."""

    variant: str
    params: tuple  # ((name, value), ...), in the order given

    def render(self, code: str, lang: str) -> str:
        from .diagnostics_messages import MESSAGES
        en, zh = MESSAGES[code][self.variant]
        return _fill(zh if lang == "zh" else en, self.params, lang)


@attrs.frozen(slots=True)
class Phrase:
    """A phrase of the catalogue (diagnostics_messages.PHRASES) used as a message's parameter,
    such as "stage `kiln`": rendered in the message's language."""

    key: str
    params: tuple

    def render(self, lang: str) -> str:
        from .diagnostics_messages import PHRASES
        entry = PHRASES.get(self.key)
        if entry is None:  # a keyword of the language with no phrase yet: shown as written, never a crash
            return " ".join([self.key, *(f"`{v}`" for _, v in self.params)])
        if callable(entry):
            return entry(lang, **dict(self.params))
        return _fill(entry[1] if lang == "zh" else entry[0], self.params, lang)


@attrs.frozen(slots=True)
class Hint:
    """A hint of the catalogue of hints (diagnostics_messages.HINTS): what to write instead, for one
    occurrence ("did you mean `t`?"), with its named parameters, rendered in either language."""

    key: str
    params: tuple  # ((name, value), ...), in the order given

    def render(self, lang: str) -> str:
        from .diagnostics_messages import HINTS
        en, zh = HINTS[self.key]
        return _fill(zh if lang == "zh" else en, self.params, lang)


def _fill(template: str, params: tuple, lang: str) -> str:
    return template.format(**{k: v.render(lang) if isinstance(v, Phrase) else v for k, v in params})


def msg(variant: str = "", /, **params) -> Message:
    """The message `variant` of the diagnostic's code, with its parameters: `ctx.error("PCR301",
    msg(name=u), span)`; the templates, in English and Chinese, are in diagnostics_messages.py."""
    return Message(variant, tuple(params.items()))


def phrase(key: str, /, **params) -> Phrase:
    return Phrase(key, tuple(params.items()))


def hint(key: str, /, **params) -> Hint:
    """The occurrence's hint `key`, with its parameters: `ctx.error("PCR504", msg(...), span,
    hint("state_kind"))`; the templates, in English and Chinese, are in diagnostics_messages.py."""
    return Hint(key, tuple(params.items()))


@attrs.frozen(slots=True)
class Diagnostic:
    code: str
    message: str  # in English; `message_of(d, lang)` gives it in the chosen language
    span: Span
    help: str | None = None  # the occurrence's hint in English; `help_of(d, lang)` gives it in the chosen language
    fix: Fix | None = None
    template: Message | None = attrs.field(default=None, eq=False, repr=False)  # where the message came from
    hint: Hint | None = attrs.field(default=None, eq=False, repr=False)  # where the help came from

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code][0]

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def as_dict(self, lang: str | None = None) -> dict:
        out = {
            "code": self.code,
            "severity": self.severity,
            "title": title_of(self.code, lang),
            "message": _message(self, lang),
            "span": {**self.span.as_dict(), "file": visible(self.span.file)},
            "help": visible(help_of(self, lang)),
        }
        if self.fix is not None:
            out["fix"] = self.fix.as_dict()
        return out


def diagnostic(code: str, message: "str | Message", span: Span, help: "Hint | None" = None,
               fix: Fix | None = None) -> Diagnostic:
    """A diagnostic; `message` is a `msg(...)` of the code's templates and `help` a `hint(...)` (or
    None for the catalogue's help). An English text in either place (a diagnostic made outside
    the package) is shown in English in both languages."""
    if code not in CATALOGUE:  # a programming error, not a user error
        raise KeyError(code)
    template = message if isinstance(message, Message) else None
    text = message.render(code, "en") if template is not None else message
    found = help if isinstance(help, Hint) else None
    return Diagnostic(code, text, span, found.render("en") if found is not None else help, fix, template, found)


def message_of(d: Diagnostic, lang: str | None = None) -> str:
    """The occurrence's message in `lang` (the chosen language by default)."""
    if d.template is not None and (lang or LANGUAGE[0]) == "zh":
        return d.template.render(d.code, "zh")
    return d.message


def did_you_mean(name: str, candidates: Iterable[str]) -> Hint | None:
    """A suggestion for a misspelt name ("did you mean `t`?"), or None when nothing is close."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return suggestion(matches[:1]) if matches else None


def suggestion(names: Iterable[str]) -> Hint:
    """"did you mean `a` or `b`?" (是否想写 `a` 或 `b`？)."""
    return hint("did_you_mean", names=phrase("alternatives", names=tuple(names)))


def sort_key(d: Diagnostic):
    return (d.span.file, d.span.line, d.span.column, d.code)


MAX_RENDERED = 200  # diagnostics rendered per file; `pcr check --format json` gives them all
MAX_MESSAGE = 500  # characters of a message shown (a message quoting a 1 MB token is cut)
MAX_LINE_CELLS = 120  # a longer source line is shown as a window around the caret
CONTEXT_CELLS = 40  # cells of the line shown before the caret in such a window


def _elide(text: str, limit: int = MAX_MESSAGE) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _message(d: Diagnostic, lang: str | None = None) -> str:
    """The message as shown: ruleset text in it escaped (see `source.visible`), very long ones cut."""
    return visible(_elide(message_of(d, lang)))


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """The source line as shown, the cells before the caret and the caret's width.

    `start` and `end` are 0-based character offsets of the span in the line. Characters are
    shown as `source.shown` does (escaped, wide, zero-width), so the carets stay under the span;
    a line wider than MAX_LINE_CELLS is cut to a window around the span, marked with `...`."""
    n = len(line)
    start = min(max(start, 0), n)
    end = max(min(end, n), start)
    first, last = 0, n
    if n > MAX_LINE_CELLS or (n > MAX_LINE_CELLS // 2 and display_width(line) > MAX_LINE_CELLS):
        # (a long line is not measured whole: 200 diagnostics on a 2 MB line would measure it 200 times)
        first, budget = start, CONTEXT_CELLS
        while first > 0 and budget > 0:
            first -= 1
            budget -= shown(line[first])[1]
        last, budget = start, MAX_LINE_CELLS - CONTEXT_CELLS
        while last < n and budget > 0:
            budget -= shown(line[last])[1]
            last += 1
    pieces = [shown(ch) for ch in line[first:last]]
    before = "..." if first > 0 else ""
    after = "..." if last < n else ""
    text = before + "".join(p for p, _ in pieces) + after
    indent = len(before) + sum(w for _, w in pieces[:start - first])
    width = sum(w for _, w in pieces[start - first:min(end, last) - first])
    return text, indent, max(1, width)


def render(d: Diagnostic, source_text: str | None, lang: str | None = None) -> str:
    """Render like rustc: header, location, the source line and a caret under the span.

    Everything from the ruleset (message, path, source line) is shown escaped, so a diagnostic
    cannot drive the terminal or be reordered by bidi controls; the lines of a text are split
    once however many diagnostics it has."""
    title = title_of(d.code, lang)
    lines = [f"{d.severity}[{d.code}]: {_message(d, lang)}"]
    s = d.span
    lines.append(f"  --> {visible(s.file)}:{s.line}:{s.column}")
    if source_text is not None and s.line >= 1:
        src_lines = source_lines(source_text)
        if s.line <= len(src_lines):
            line = src_lines[s.line - 1]
            end = s.end_column - 1 if s.end_line == s.line else len(line)
            text, indent, width = _window(line, s.column - 1, end)
            gutter = str(s.line)
            pad = " " * len(gutter)
            lines.append(f"{pad} |")
            lines.append(f"{gutter} | {text}")
            lines.append(f"{pad} | {' ' * indent}{'^' * width}")
    help_text = visible(_elide(help_of(d, lang)))
    lines.append(f"  = {title}；帮助：{help_text}" if (lang or LANGUAGE[0]) == "zh" else f"  = {title}; help: {help_text}")
    return "\n".join(lines)


def render_all(diagnostics: Iterable[Diagnostic], text_of, limit: int = MAX_RENDERED,
               lang: str | None = None) -> list[str]:
    """Rendered diagnostics, at most `limit` per file, then one line per file saying how many
    more there are (a file with 5 000 errors on one line would otherwise print megabytes)."""
    out: list[str] = []
    rendered: dict[str, int] = {}
    hidden: dict[str, dict[str, int]] = {}
    for d in diagnostics:
        file = d.span.file
        if rendered.get(file, 0) < limit:
            rendered[file] = rendered.get(file, 0) + 1
            out.append(render(d, text_of(file), lang))
        else:
            counts = hidden.setdefault(file, {})
            counts[d.severity] = counts.get(d.severity, 0) + 1
    for file, counts in hidden.items():
        shown_counts = tuple((s, counts[s]) for s in (ERROR, WARNING, NOTE) if s in counts)
        out.append(phrase("hidden", counts=shown_counts, file=visible(file)).render(lang or LANGUAGE[0]))
    return out


def to_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2)
