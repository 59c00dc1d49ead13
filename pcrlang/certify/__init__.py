"""The certifier's toolkit: conformance suites, verification of any calculator, semantic diff
and certification bundles (docs/certifier-guide.md).

- suite.py (with cases.py, edges.py, thresholds.py and solve.py): `pcr suite`, the cases of a
  rule version with expected values from the exact interpreter;
- protocol.py: the JSON-lines and HTTP protocols a calculator answers;
- verify.py: `pcr verify`, every case through a calculator, compared field by field;
- report.py: the verification report as JSON and as a self-contained HTML page (zh, en);
- diff.py: `pcr diff`, the semantic difference of two rule versions and its impact;
- bundle.py: `pcr bundle`, a reproducible certification bundle, and its --check;
- mutate.py: mutants of a compiled calculator, for the suite's mutation score.
"""
