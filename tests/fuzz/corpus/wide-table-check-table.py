"""A key set and table of 25 000 keys: the checker's table check was quadratic (over 10 s); now linear."""


def case(Case):
    n = 25_000
    return Case("corpus", "wide key set and table", "keys k { " + ", ".join(f"k{i}" for i in range(n)) + " }\n"
                + "table tb: t/t by k { " + " ".join(f"k{i} = {i}" for i in range(n)) + " }\n")
