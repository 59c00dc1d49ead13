"""More declarations than the limit: PCR011, nothing checked."""


def case(Case):
    return Case("corpus", "25 000 declarations", "".join(f"input x{i}: t\n" for i in range(25_000)))
