"""The reference interpreter's public name (see pcrlang/semantics/interpret.py)."""
from .semantics.interpret import CalculationError, calculate, calculate_total, to_json_numbers  # noqa: F401
