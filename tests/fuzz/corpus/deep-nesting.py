"""Formulas nested thousands deep: RecursionError in the checker (PCR006 at 1:1); now PCR006 where
the formula gets too deep, from the parser."""


def case(Case):
    deep = 20_000
    text = ("quantity a = " + "(1 + " * deep + "1" + ")" * deep + "\n" + "quantity b = " + "- " * deep + "1\n"
            + "quantity c = 1" + " + 1" * deep + "\n" + "quantity d = " + "min(1, " * deep + "1" + ")" * deep + "\n")
    return Case("corpus", "deep nesting", text)
