import pytest

from kg.corpus.text import chinese_to_int, int_to_chinese, normalize_text

NUMERALS = [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十八", 28), ("七十四", 74), ("一百", 100),
    ("一百零一", 101), ("一百一十", 110), ("一百一十九", 119), ("二百零五", 205), ("一千", 1000), ("一千零五", 1005),
]


@pytest.mark.parametrize(("chinese", "arabic"), NUMERALS)
def test_chinese_numerals_round_trip(chinese, arabic):
    assert chinese_to_int(chinese) == arabic
    assert int_to_chinese(arabic) == chinese


@pytest.mark.parametrize("variant", ["两", "〇", "零"])
def test_variant_digits_are_read(variant):
    assert chinese_to_int(f"一百{variant}二" if variant != "两" else "两百") in (102, 200)


@pytest.mark.parametrize("bad", ["", "abc", "二十八条"])
def test_non_numerals_are_refused(bad):
    with pytest.raises(ValueError):
        chinese_to_int(bad)


NORMALISATION = [
    ("第２８条", "第28条"),
    ("ＧＢ５００１６", "GB 50016"),
    ("GB50016-2014", "GB 50016-2014"),
    ("GB 50016—2014", "GB 50016-2014"),
    ("GB/T50974", "GB/T 50974"),
    ("《自动喷水灭火系统设计规范》GB\u200250084", "《自动喷水灭火系统设计规范》GB 50084"),
    ("第一章\u3000总\u3000则", "第一章 总 则"),
    ("\ufeff消防\u200b设施", "消防设施"),
    ("第３．３．１条", "第3.3.1条"),
    ("，。（）：；", "，。（）：；"),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALISATION)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected
