"""An unclosed string of 10 MB: the grammar's STRING backtracked (3.2 GB, 22 s); now PCR010."""


def case(Case):
    return Case("corpus", "unclosed string of 10 MB", 'ruleset "' + "a" * 10_000_000)
