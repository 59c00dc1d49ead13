"""20 000 unknown names among 20 000 declared ones: a suggestion per unknown name looked at every
name (the checker calling diagnostics.did_you_mean): quadratic, over 10 s; now about 2 s."""


def case(Case):
    n = 20_000
    return Case("corpus", "many unknown names", "".join(f"quantity q{i} = nope{i}\n" for i in range(n)))
