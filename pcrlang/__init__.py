"""pcrlang: a language and compiler for product carbon footprint rules."""

__version__ = "0.1.0"
