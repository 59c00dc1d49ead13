"""Backends: each reads the IR (pcrlang.ir) and writes one kind of artifact."""
