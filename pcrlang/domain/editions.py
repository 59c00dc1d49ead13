"""Editions of the language, and what each edition deprecates.

A ruleset or library may say which edition of pcrlang it is written for (`language 1` in its
header); without it, the current edition applies. Within an edition nothing is removed: a
construct can only be deprecated. It keeps its meaning, the checker warns (PCR-W10) and offers a
rewrite, and `pcr migrate` applies the rewrites. A deprecated construct is removed only in a later
edition, which a ruleset has to state to be checked by its rules (docs/stability.md).
"""
from __future__ import annotations

import attrs

CURRENT_EDITION = 1
KNOWN_EDITIONS = (1,)

# What a deprecation can name, by the kind of word: a unit name (anywhere a unit is written), or a
# word of one of the vocabularies (pcrlang/domain/vocabulary.py, gases.py) where the rule writes it.
KINDS = ("unit", "status", "gwp", "boundary", "phase", "allocation", "cutoff_basis", "rounding", "factor_kind",
         "recycling", "carbon_kind", "gas")


@attrs.frozen(slots=True)
class Deprecation:
    code: str  # a stable identifier, e.g. "D001"; never reused
    edition: int  # the edition that deprecates it; files written for an earlier edition are not warned
    kind: str  # one of KINDS
    old: str  # the deprecated word
    new: str  # the rewrite: the word that replaces it, with the same meaning
    # (the warning says it in either language: "the unit `tonne` is deprecated: write `t`")


# No construct of edition 1 is deprecated yet. An entry here is all it takes to deprecate a word:
# the checker warns with a fix, `pcr migrate` rewrites it, and the diagnostics page lists PCR-W10.
DEPRECATIONS: tuple[Deprecation, ...] = ()
