"""The certifier's toolkit: conformance suites, verification of any calculator, semantic diff
and certification bundles (docs/certifier-guide.md).

- suite.py (with cases.py, edges.py, thresholds.py and solve.py): `pcr suite`, the cases of a
  rule version with expected values from the exact interpreter;
- protocol.py: the JSON-lines and HTTP protocols a calculator answers;
- verify.py: `pcr verify`, every case through a calculator, compared field by field;
- report.py: the verification report as JSON and as a self-contained HTML page (zh, en);
- diff.py: `pcr diff`, the semantic difference of two rule versions and its impact;
- bundle.py: `pcr bundle`, a reproducible certification bundle, and its --check;
- mutate.py: mutants of a compiled calculator, for the suite's mutation score;
- commands.py: the commands, which import the modules above only when they run (so `pcr check`
  starts as fast as before).
"""

# the field groups a suite compares, in the order of the result (see docs/suite-format.md)
GROUPS = ("total", "by_stage", "by_process", "by_gas", "by_carbon_kind", "separately_reported", "allocation",
          "rows", "transport", "reference_period", "data", "electricity", "recycling", "cutoff", "data_quality",
          "grade", "error")
DEFAULT_RANDOM = 100  # random cases in a suite
DEFAULT_TIMEOUT = 10.0  # seconds per case
DEFAULT_TOTAL = 1800.0  # seconds for a whole suite
