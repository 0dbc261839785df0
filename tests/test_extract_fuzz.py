"""Fuzzing ``extract`` with what makes rule-based extraction slow or wrong: long sentences without a full
stop, absurd numbers, dates at the ends of the calendar. Every example must give valid records (or a clear
error entry) and cost linear time.

``SAHEL_FUZZ_EXAMPLES`` sets the number of examples (default 10, for CI); ``SAHEL_FUZZ_REPORT=path``
writes the worst time per 10,000 characters seen to that file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sahel_ie
from sahel_ie.schema import validate_extraction

KNOWN = {"empty", "too_large", "invalid_published", "processing_error", "implausible_count", "timeout"}
WORDS = ["gunmen", "killed", "civilians", "soldiers", "in", "near", "Djibo", "Gao", "Ménaka", "JNIM", "claimed",
         "responsibility", "for", "the", "attack", "said", "that", "it", "its", "fighters", "and", "while",
         "ambushed", "wounded", "abducted", "army", "blamed", "on", "jihadists", "last", "week", "Friday",
         "ago", "days", "after", "before", "dozens", "at", "least", "ISWAP", "Islamic", "State", "of"]
huge_numbers = st.one_of(st.integers(min_value=0, max_value=10**40).map(str),
                         st.integers(min_value=1, max_value=10**6).map(lambda n: f"{n:,}"),
                         st.sampled_from(["1e30", "9" * 60, "one million million", "-5", "0", "3.5 million"]))
extreme_dates = st.one_of(
    st.dates().map(lambda d: d.strftime("%d %B %Y")),
    st.dates().map(lambda d: d.isoformat()),
    st.integers(min_value=-10**6, max_value=10**6).map(lambda n: f"in {n}"),
    st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n} days ago"),
    st.sampled_from(["on 31 February 2020", "on 0 January 0", "in the year 99999", "on 1 January 1",
                     "on 31 December 9999", "last week", "next month", "the day before yesterday"]))
token = st.one_of(st.sampled_from(WORDS), huge_numbers, extreme_dates)
# a sentence of 1 to 1,200 tokens without a full stop inside, optionally closed by one; the length is drawn
# first, so long sentences are as likely as short ones
sentence = st.tuples(
    st.sampled_from([1, 8, 60, 400, 1200]).flatmap(lambda n: st.lists(token, min_size=n, max_size=n)),
    st.sampled_from(["", ".", " and", ","])).map(lambda parts: " ".join(parts[0]) + parts[1])
article = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
published = st.one_of(st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "2024-02-30", "yesterday",
                                       "2020-06-01", dt.datetime(9999, 12, 31, 23, 59), dt.date(1, 1, 1)]),
                      st.none(), st.dates(), st.dates().map(str))
EXAMPLES = int(os.environ.get("SAHEL_FUZZ_EXAMPLES", "10"))
WORST = {"per_10k": 0.0, "chars": 0, "seconds": 0.0}


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(text=article, published=published)
def test_extreme_articles_give_valid_records_in_linear_time(nlp, text, published):
    if not WORST["chars"]:  # lazy loads (dateparser for odd dates) are not the article's cost
        sahel_ie.extract("Gunmen killed 5 soldiers near Gao last week, on 31 February 2020.", "yesterday", nlp=nlp)
    started = time.perf_counter()
    extraction = sahel_ie.extract(text, published, "fuzz", nlp=nlp)
    seconds = time.perf_counter() - started
    data = extraction.to_dict()
    validate_extraction(data)
    json.dumps(data, ensure_ascii=False).encode("utf-8")
    assert {e.kind for e in extraction.errors} <= KNOWN
    assert "processing_error" not in {e.kind for e in extraction.errors}, extraction.errors
    for record in [*extraction.attacks, *extraction.claims]:
        for casualty in getattr(record, "casualties", None) or getattr(record, "claimed_casualties", []):
            assert casualty.count is None or 0 <= casualty.count <= 100_000
    for attack in extraction.attacks:
        if attack.date.value:
            assert 1 <= dt.date.fromisoformat(attack.date.value).year <= 9999
    per_10k = seconds * 10_000 / max(len(text), 2_000)  # short texts: fixed costs, not a rate
    if per_10k > WORST["per_10k"]:
        WORST.update(per_10k=round(per_10k, 3), chars=len(text), seconds=round(seconds, 3))
    if os.environ.get("SAHEL_FUZZ_REPORT"):
        with open(os.environ["SAHEL_FUZZ_REPORT"], "w", encoding="utf-8") as handle:
            json.dump(WORST, handle)
    # linear cost: a generous bound for a loaded CI machine (the benchmark gives ~1-2 s per 10,000)
    assert per_10k < 30, f"{seconds:.1f} s for {len(text):,} characters"
