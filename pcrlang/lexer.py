"""The Pygments lexer moved to pcrlang/syntax/highlight.py; this name stays for existing imports."""
from .syntax.highlight import PcrlangLexer

__all__ = ["PcrlangLexer"]
