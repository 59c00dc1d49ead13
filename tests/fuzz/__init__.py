"""Fuzzers of the whole pipeline, kept in the repository.

Three generators feed `pcrlang.compiler.compile_text` in-process, each case under a time limit:

- `mutation`: the shipped rulesets and standard library, mutated (deletions, insertions of `"`,
  `{`, `1e999`, NUL, `中`, lone surrogates, control and bidi characters, swapped and duplicated
  lines, truncation, CR and CRLF line endings, names swapped for other names of the file);
- `grammar`: text generated from the grammar by hypothesis (`from_lark`, with explicit
  strategies for names, comments, strings and numbers so that most samples parse), alone or
  after a valid header and boundary, so that the checker and later passes see it;
- `pathological`: huge strings, deep nesting, many declarations, long lines, many errors, huge
  exponents, import chains and cycles, hostile import paths (a fixed set, run in turn);

plus the seed corpus (tests/fuzz/corpus/), which holds every reproducer found so far.

A crash is any exception out of `compile_text`; a hang is a case over the time limit (10 s).
`python -m tests.fuzz --cases 100000 [--seed S] [--jobs 2]` runs a long campaign and prints
cases, crashes (with a signature and a saved reproducer under tests/fuzz/findings/), hangs and
time per case, per generator; tests/fuzz/test_fuzz.py runs a short one and the corpus.
"""
