"""20 000 unknown names among 20 000 declared ones: a suggestion per unknown name looks at every
name (pcrlang/check.py calling diagnostics.did_you_mean): quadratic, over 10 s."""


def case(Case):
    n = 20_000
    return Case("corpus", "many unknown names", "".join(f"quantity q{i} = nope{i}\n" for i in range(n)))
