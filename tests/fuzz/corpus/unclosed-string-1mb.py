"""An unclosed string of 1.9 MB, under the size limit: linear time, constant memory, one PCR005."""


def case(Case):
    return Case("corpus", "unclosed string of 1.9 MB", 'input coal: t zh "' + "煤" * 1_900_000)
