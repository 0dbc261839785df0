"""``resources.per_language``: one table per lexicon language, computed once, in the document's language."""

from sahel_ie.resources import document_language, per_language


def test_tables_are_computed_once_per_language_and_follow_the_document_language():
    calls = []

    @per_language
    def table():
        from sahel_ie.resources import current_language

        calls.append(current_language())
        return {"lang": current_language()}

    assert table()["lang"] == "en"
    with document_language("fr"):
        assert table()["lang"] == "fr"
        assert table(lang="en")["lang"] == "en"
    assert table(lang="de")["lang"] == "en"  # a language without a lexicon folder reads English
    assert calls == ["en", "fr"]
    table.cache_clear()
    assert table()["lang"] == "en" and calls == ["en", "fr", "en"]


def test_tables_with_arguments_are_kept_per_language_and_argument():
    @per_language
    def doubled(word):
        from sahel_ie.resources import current_language

        return f"{current_language()}:{word * 2}"

    assert doubled("ab") == "en:abab"
    with document_language("fr"):
        assert doubled("ab") == "fr:abab"


def test_a_table_of_none_is_remembered_too():
    calls = []

    @per_language
    def nothing():
        calls.append(1)
        return None

    assert nothing() is None and nothing() is None
    assert calls == [1]
