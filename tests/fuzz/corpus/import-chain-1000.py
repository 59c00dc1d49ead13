"""1 000 chained imports hit the recursion limit (PCR006 at 1:1, 75 unknown names); now PCR127."""

LIB = 'library "L{i}" version "1.0.0" {{ title zh "库" en "Lib" }}\nimport "l{j}.pcr"\nfactor f{i}: t/t = 1 source "x"\n'


def case(Case):
    files = {f"l{i}.pcr": LIB.format(i=i, j=i + 1) for i in range(1, 1001)}
    return Case("corpus", "1 000 chained imports", 'import "l1.pcr"\n', "main.pcr", files)
