"""The official PACT v3 OpenAPI schema, read where the user keeps it, and a validator of a
ProductFootprint against it.

pcrlang does not ship the schema: its licence (WBCSD) lets a copy be shared only
non-commercially, and pcrlang is MIT-licensed. The file is found, in order, at the path given,
at $PCRLANG_PACT_SCHEMA, or as `shared/pact/openapi-v3.yaml` in the current directory, the
package's directory or one of their parents (the project keeps it at ../shared beside the
repository). Reading it needs PyYAML and validating needs jsonschema (the `pact` extra).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

ENV = "PCRLANG_PACT_SCHEMA"
RELATIVE = Path("shared") / "pact" / "openapi-v3.yaml"
URI = "urn:pcrlang:pact-openapi-v3"
WHERE = ("the official PACT v3 OpenAPI schema (openapi-v3.yaml, from https://github.com/wbcsd) was not found: "
         f"pass --schema PATH, or set {ENV}")


class SchemaUnavailable(Exception):
    """The schema cannot be found, read or used; the message says what to do."""


def locate(path: Optional[str] = None) -> Path:
    if path:
        found = Path(path)
        if not found.is_file():
            raise SchemaUnavailable(f"{path}: no such file (the official PACT v3 OpenAPI schema)")
        return found
    if os.environ.get(ENV):
        found = Path(os.environ[ENV])
        if not found.is_file():
            raise SchemaUnavailable(f"{ENV}={found}: no such file")
        return found
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for folder in (start, *start.parents):
            if (folder / RELATIVE).is_file():
                return folder / RELATIVE
    raise SchemaUnavailable(WHERE)


@lru_cache(maxsize=4)
def _load(path: str):
    try:
        import yaml
    except ImportError:
        raise SchemaUnavailable("reading the PACT schema needs PyYAML: pip install 'pcrlang[pact]'") from None
    try:
        with open(path, encoding="utf-8") as f:
            document = yaml.safe_load(f)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SchemaUnavailable(f"{path}: cannot be read as YAML: {error}") from None
    try:
        version = document["info"]["version"]
        document["components"]["schemas"]["ProductFootprint"]
    except (TypeError, KeyError):
        raise SchemaUnavailable(f"{path}: not the PACT OpenAPI schema (no components.schemas.ProductFootprint)") \
            from None
    return document, str(version)


@lru_cache(maxsize=4)
def _validator(path: str):
    try:
        from jsonschema import Draft202012Validator, FormatChecker
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
    except ImportError:
        raise SchemaUnavailable("validating against the PACT schema needs jsonschema: pip install 'pcrlang[pact]'") \
            from None
    document, version = _load(path)
    registry = Registry().with_resource(URI, Resource(contents=document, specification=DRAFT202012))
    schema = {"$ref": URI + "#/components/schemas/ProductFootprint"}
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker()), version


def schema_version(path: Path) -> str:
    return _load(str(path))[1]


def errors(footprint, path: Path) -> list[tuple[str, str]]:
    """(JSON path, message) of every way the footprint breaks the official schema, in a stable order."""
    validator, _ = _validator(str(path))
    found = []
    for error in validator.iter_errors(footprint):
        where = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in error.absolute_path).replace(".[", "[")
        found.append((where or "(the footprint)", error.message if len(error.message) <= 300
                      else error.message[:300] + "..."))
    return sorted(found)
