"""The grammar builds under Lark's strict mode: no LALR conflicts, no terminal collisions."""
import lark

from pcrlang.syntax.parse import grammar_path, parser


def test_grammar_is_strict_lalr():
    strict = parser(strict=True)  # raises GrammarError on a shift/reduce conflict or collision
    assert isinstance(strict, lark.Lark)


def test_grammar_file_is_the_one_the_package_uses():
    assert grammar_path().name == "pcrlang.lark"
    assert "ruleset" in grammar_path().read_text(encoding="utf-8")


def test_chinese_text_and_comments_parse():
    from pcrlang.syntax.parse import parse_text
    module, diagnostics = parse_text('# 注释\nkeys regions { north zh "华北电网" en "North" } # 注释\n', "k.pcr")
    assert diagnostics == []
    (keyset,) = module.declarations
    assert keyset.keys[0].text.zh == "华北电网"
