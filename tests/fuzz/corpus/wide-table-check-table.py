"""A key set and table of 25 000 keys: pcrlang/check.py's check_table is quadratic (over 10 s)."""


def case(Case):
    n = 25_000
    return Case("corpus", "wide key set and table", "keys k { " + ", ".join(f"k{i}" for i in range(n)) + " }\n"
                + "table tb: t/t by k { " + " ".join(f"k{i} = {i}" for i in range(n)) + " }\n")
