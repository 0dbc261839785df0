"""Date expressions read into values: a phrase ("on Tuesday", "the night of 12 to 13 March", "last
week") and the publication date give a day, a period or nothing, with a precision. Shared by the date
component and the attack builder (partial dates of articles without a publication date)."""


from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser
from spacy.tokens import Span

from sahel_ie.parsing.numbers import parse_quantity
from sahel_ie.resources import current_language, read_lexicon

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
)
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}

_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)"
_MON = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
_PART = r"(?:morning|night|evening|afternoon|dawn|dusk|midday|noon|overnight)"
_EDGE = r"(?:early|late|mid|the end of|end of|the beginning of|beginning of|the start of|start of|the middle of|middle of|earlier|later)"
_SMALL = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}|the|a few|few|several|a couple of)"

_RE_AGE = re.compile(r"\d+[- ]years?[- ]old|\byears? old\b|\baged\b")
_RE_ANCHOR = re.compile(
    rf"^(?:just |only |some )?(?P<n>{_SMALL}) (?P<unit>days?|weeks?|hours?|minutes|moments|night|morning|evening|afternoon)"
    r" (?P<dir>after|later|earlier|before|prior|afterwards)$"
)
_RE_ANCHOR_HOURS = re.compile(r"^(?:just |only |a few |several )?(?:hours|minutes|moments) (?:later|after|earlier|before)$"
                              r"|^(?:shortly|soon|immediately) (?:after|afterwards?|later|thereafter)$")
_RE_CLOCK = re.compile(
    r"(?:\b(?:at|around|about|shortly after|shortly before|just after|just before|before|after|from|until)\s+)*"
    r"\b(?:\d{1,2}(?:[:.h]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|h\b|hrs\b|o'clock|gmt|utc)|[0-2]?\d:[0-5]\d\b)"
    r"(?:\s*(?:gmt|utc|local time))?"  # "at 05:00": a 24-hour time needs no unit
    r"|\b\d{4}\s*(?:gmt|utc|hrs|hours local time)\b"
)
_RE_ANCHOR_DAY = re.compile(r"^(?:earlier|later) (?:in the day|that (?:day|night|morning|evening)|the same day)$")
_RE_ANCHOR_SAME = re.compile(r"^(?:the same|that) (?:day|night|morning|evening|afternoon)$")
_RE_ANCHOR_NEXT = re.compile(
    r"^(?:on )?the (?P<dir>next|following|previous|preceding) (?P<unit>day|morning|night|evening|afternoon|week)$"
)
_RE_NIGHT = re.compile(
    r"^(?:(?:early|late) )?(?:on |during |in )?(?:(?:the )?night (?:of|from|between)|overnight(?: from)?|"
    r"(?:the )?night|(?=\w+ night ))(?: ?)(?P<a>[\w.]+)(?: night)? (?:to|into|and|-) (?P<b>[\w.]+)(?: (?P<rest>.+))?$"
)
_RE_RANGE = re.compile(r"^(?:between|from) (?P<a>.+?) (?:and|to|until|till|through|-) (?P<b>.+)$")
_RE_RANGE_DASH = re.compile(r"^(?P<a>\d{1,2}) ?(?:-|and|to|&) ?(?P<b>\d{1,2} .+)$")
_RE_ORDINAL_DAY = re.compile(r"^(?:the )?(?P<d>\d{1,2})(?:st|nd|rd|th)$")
_RE_WEEKDAY_LAST_WEEK = re.compile(rf"^(?:on )?{_WD},? (?:of )?(?P<which>last|this|previous) week$")
_RE_WEEK = re.compile(r"^(?:(?:early|late|earlier|later) )?(?:the )?(?P<which>this|last|past|previous) week$")
_RE_WEEKEND = re.compile(r"^(?:over |at |during )?(?:the |this |last |past )?weekend$")
_RE_MONTH_REL = re.compile(r"^(?:(?:early|late|earlier|later|mid)[ -])?(?:in )?(?P<which>this|last|past|previous) month$")
_RE_YEAR_REL = re.compile(r"^(?:(?:early|late|earlier|later|mid)[ -])?(?:in )?(?P<which>this|last|past|previous) year$")
_RE_WEEKDAY = re.compile(
    rf"^(?:(?:early|late) )?(?:on )?(?:the )?(?:{_PART} of )?(?:(?:last|this|past) )?{_WD}(?:'s)?(?: {_PART})?$"
)
_RE_MONTH = re.compile(rf"^(?:{_EDGE}[ -]?)?(?P<m>{_MON})(?:,? (?P<y>(?:1[89]|20)\d\d))?$")
_RE_YEAR = re.compile(rf"^(?:{_EDGE}[ -]?)?(?P<y>(?:1[89]|20)\d\d)$")
_RE_DECADE = re.compile(r"^(?:the )?(?P<y>(?:1[89]|20)\d0)s$")
_RE_DURATION = re.compile(
    r"^(?:for |over |during |within |in |throughout )?(?:the )?(?:past |last |next |first |coming |recent |previous )?"
    rf"(?:{_SMALL}|\d+|many|some|couple of) (?:\w+ )?(?:hours?|days?|nights?|weeks?|months?|years?|decades?)(?: long)?$"
)
_RE_RELATIVE_CUE = re.compile(
    r"\b(?:ago|last|this|next|yesterday|today|tonight|earlier|later|past|previous|recent|coming)\b|" + _WD
)
_RE_OF_YEAR = re.compile(rf"^(?P<rest>.*\b{_MON}.*?),? (?:of )?(?P<which>last|this|past|previous) year$")
_RE_DATEISH = re.compile(rf"\d|\b{_MON}\b|\b(?:ago|yesterday|today|tonight)\b")
_LEADING = re.compile(
    r"^(?:on|in|during|over|at|since|until|till|by|around|about|just|only|sometime|some time|as of|of|as early as|"
    r"as late as|as recently as|dated|earlier|later)\s+"
)


@dataclass
class DateMention:
    """A date expression in the text with its resolved value (ISO) and precision; internal to the pipeline.

    ``anchor_offset_days`` is set for expressions dated from another event rather than from publication
    ("a day after", "two days earlier", "the same day"): the date of the event the expression
    introduces is the anchor event's date plus the offset ("a day after the raid" = raid + 1, "the day
    before" = anchor - 1). In "X happened on Friday, a day after Y", the span modifies X's clause and
    names Y, so Y = Friday - 1: the assembler decides which event is the anchor. ``value`` stays None.
    """

    span: Span
    value: str | None
    end: str | None
    precision: str
    relative: bool
    anchor_offset_days: int | None = None

    @property
    def text(self) -> str:
        return self.span.text


@dataclass(frozen=True)
class DateInfo:
    """What ``analyse_date_expression`` reads from one date expression."""

    value: str | None
    end: str | None
    precision: str
    relative: bool = False
    anchor_offset_days: int | None = None


UNKNOWN = DateInfo(None, None, "unknown")


def as_date(published: Any) -> dt.date | None:
    if published is None or published == "":
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    if isinstance(published, str):
        try:
            return dt.date.fromisoformat(published.strip()[:10])
        except ValueError:
            return None
    return None


@lru_cache(maxsize=64)
def _parser(base: dt.datetime) -> DateDataParser:
    """One English parser per relative base; building one costs microseconds, parsing ~0.5 ms."""
    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False},
    )


def weekday_index(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in WEEKDAYS:
        return WEEKDAYS.index(word)
    return _WEEKDAY_ABBR.get(word)


def month_index(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in MONTHS:
        return MONTHS.index(word) + 1
    return _MONTH_ABBR.get(word[:4] if word.startswith("sept") else word[:3]) if len(word) >= 3 else None


def weekday_on_or_before(published: dt.date, weekday: int) -> dt.date:
    """The most recent given weekday on or before ``published`` (that day itself when it matches)."""
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _clean(text: str) -> str:
    t = text.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    t = re.sub(r"\s+", " ", t).strip(" ,;:!?\"()")
    t = re.sub(r"'s$", "", t).strip()
    t = re.sub(r"\bmid-", "mid ", t)
    while True:
        stripped = _LEADING.sub("", t)
        if stripped == t:
            break
        t = stripped
    return t.rstrip(".").strip()


def _number(word: str) -> int | None:
    if word == "the":
        return 1
    quantity = parse_quantity(word)
    if quantity is None or quantity.approximate:
        return None
    return quantity.value


def _period_end(start: dt.date, precision: str) -> dt.date:
    if precision == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return start.replace(month=12, day=31)
    if precision == "week":
        return start + dt.timedelta(days=6)
    return start


def _anchor(t: str) -> DateInfo | None:
    # The anchor patterns are the analyser's grammar, which is English: another language's phrases are
    # rewritten into it first (``analyser_phrases``: "le lendemain" -> "the next day"), so the words the
    # patterns capture are looked up in the English table, whatever the document's language.
    lex = read_lexicon("dates", "en")
    match = _RE_ANCHOR.match(t)
    if match:
        n = _number(match.group("n"))
        unit = lex["unit_days"].get(match.group("unit"), 1)
        direction = lex["anchor_words"][match.group("dir")]
        offset = None if n is None else n * unit * direction
        precision = "week" if match.group("unit").startswith("week") else "day"
        if offset is None:
            return UNKNOWN
        return DateInfo(None, None, precision, True, offset)
    if _RE_ANCHOR_HOURS.match(t) or _RE_ANCHOR_SAME.match(t):
        return DateInfo(None, None, "day", True, 0)
    match = _RE_ANCHOR_NEXT.match(t)
    if match:
        direction = lex["anchor_words"][match.group("dir")]
        unit = 7 if match.group("unit") == "week" else 1
        return DateInfo(None, None, "week" if unit == 7 else "day", True, direction * unit)
    return None


def _resolve_relative(value: dt.date | None, end: dt.date | None, precision: str, published: dt.date | None) -> DateInfo:
    if published is None:
        return DateInfo(None, None, precision, True)
    return DateInfo(_iso(value), _iso(end), precision, True)


HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
            "new year's eve": (12, 31), "new year's day": (1, 1)}


def _holiday(t: str, published: dt.date | None) -> DateInfo | None:
    """"On Christmas Eve": the occurrence nearest the anchor (a report written just before or after)."""
    day = HOLIDAYS.get(t)
    if day is None:
        return None
    if published is None:
        return DateInfo(None, None, "day", True)
    options = [dt.date(year, *day) for year in (published.year - 1, published.year, published.year + 1)]
    best = min(options, key=lambda d: (abs((d - published).days), d > published))
    return DateInfo(best.isoformat(), None, "day", True)


def _specials(t: str, published: dt.date | None) -> DateInfo | None:
    """Expressions resolved by news convention rather than by dateparser."""
    holiday = _holiday(t, published)
    if holiday is not None:
        return holiday
    base = published or dt.date(2000, 1, 1)
    if t in ("yesterday", "last night", "overnight") or re.match(rf"^yesterday {_PART}$", t):
        return _resolve_relative(base - dt.timedelta(days=1), None, "day", published)
    if t in ("today", "tonight") or re.match(rf"^(?:today|this) {_PART}$", t):
        return _resolve_relative(base, None, "day", published)
    match = _RE_WEEK.match(t)
    if match:
        monday = _monday(base) if match.group("which") == "this" else _monday(base) - dt.timedelta(days=7)
        return _resolve_relative(monday, None, "week", published)
    if _RE_WEEKEND.match(t):
        sunday = weekday_on_or_before(base, 6)
        return _resolve_relative(sunday - dt.timedelta(days=1), sunday, "range", published)
    match = _RE_MONTH_REL.match(t)
    if match:
        first = base.replace(day=1)
        if match.group("which") != "this":
            first = (first - dt.timedelta(days=1)).replace(day=1)
        return _resolve_relative(first, None, "month", published)
    match = _RE_YEAR_REL.match(t)
    if match:
        year = base.year if match.group("which") == "this" else base.year - 1
        return _resolve_relative(dt.date(year, 1, 1), None, "year", published)
    match = _RE_WEEKDAY_LAST_WEEK.match(t)
    if match:
        weekday = weekday_index(match.group("wd"))
        monday = _monday(base) - dt.timedelta(days=0 if match.group("which") == "this" else 7)
        return _resolve_relative(monday + dt.timedelta(days=weekday or 0), None, "day", published)
    match = _RE_ORDINAL_DAY.match(t)
    if match and 1 <= int(match.group("d")) <= 31:
        # "on the 12th": that day of the publication month, or of the month before when still to come
        day, month_start = int(match.group("d")), base.replace(day=1)
        for _ in range(3):
            try:
                candidate = month_start.replace(day=day)
            except ValueError:
                candidate = None
            if candidate is not None and candidate <= base:
                return _resolve_relative(candidate, None, "day", published)
            month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
        return UNKNOWN
    match = _RE_WEEKDAY.match(t)
    if match:
        weekday = weekday_index(match.group("wd"))
        if weekday is not None:
            return _resolve_relative(weekday_on_or_before(base, weekday), None, "day", published)
    match = _RE_MONTH.match(t)
    if match:
        month = month_index(match.group("m"))
        if month is not None:
            if match.group("y"):
                return DateInfo(dt.date(int(match.group("y")), month, 1).isoformat(), None, "month", False)
            year = base.year if month <= base.month else base.year - 1
            return _resolve_relative(dt.date(year, month, 1), None, "month", published)
    match = _RE_YEAR.match(t)
    if match:
        return DateInfo(f"{match.group('y')}-01-01", None, "year", False)
    match = _RE_DECADE.match(t)
    if match:
        start = int(match.group("y"))
        return DateInfo(f"{start}-01-01", f"{start + 9}-12-31", "range", False)
    return None


def _night(t: str, published: dt.date | None) -> DateInfo | None:
    if re.search(r"\d", t):  # "the night of Saturday 18 to Sunday 19 June 2022": the numbers decide
        t = re.sub(r"\s+", " ", re.sub(_WD + r",?", "", t)).strip()
    match = _RE_NIGHT.match(t)
    if not match:
        return None
    a, b, rest = match.group("a"), match.group("b"), match.group("rest")
    wa, wb = weekday_index(a), weekday_index(b)
    if wa is not None and wb is not None and not rest:
        if published is None:
            return DateInfo(None, None, "day", True)
        second = weekday_on_or_before(published, wb)
        first = second - dt.timedelta(days=1)
        if first.weekday() != wa:
            first = weekday_on_or_before(published, wa)
        return DateInfo(first.isoformat(), None, "day", True)
    if a.isdigit() and rest:
        info = analyse_date_expression(f"{a} {rest}", published)
        if info.precision == "day":
            return info
    if month_index(a) and b.isdigit() and rest is None:
        return None
    return None


_RE_RANGE_MONTH_FIRST = re.compile(
    rf"^(?P<m>{_MON}) (?P<a>\d{{1,2}}) ?(?:-|–|and|to|&) ?(?P<b>\d{{1,2}})(?:,? (?P<y>(?:1[89]|20)\d\d))?$")


def _range(t: str, published: dt.date | None) -> DateInfo | None:
    month_first = _RE_RANGE_MONTH_FIRST.match(t)
    if month_first:
        # "July 2-3", "July 14-15, 2022": the day-first form "2-3 July" says the same
        year = f" {month_first.group('y')}" if month_first.group("y") else ""
        t = f"{month_first.group('a')}-{month_first.group('b')} {month_first.group('m')}{year}"
    match = _RE_RANGE.match(t) or _RE_RANGE_DASH.match(t)
    if not match:
        return None
    a, b = match.group("a").strip(), match.group("b").strip()
    a_words = a.split()
    day_only = re.fullmatch(r"(\d{1,2})(?:,? ((?:1[89]|20)\d\d))?", b)
    if day_only and day_only.group(2):
        a_words = a_words + [day_only.group(2)]
        a = " ".join(a_words)
        b = day_only.group(1)
    second = analyse_date_expression(b, published)
    if b.isdigit() and len(b) <= 2:
        if not any(month_index(w) for w in a_words):
            return None
        second = DateInfo(None, None, "day")  # resolved below from the first date's month
    elif second.precision in ("unknown", "range") or second.anchor_offset_days is not None:
        return None
    b_words = b.split()
    year = next((w for w in b_words if re.fullmatch(r"(?:1[89]|20)\d\d", w)), None)
    if b.isdigit() and len(b) <= 2 and any(month_index(w) for w in a_words):
        # "between July 7 and 10": the second day takes the first one's month and year
        b = " ".join([w for w in a_words if month_index(w)] + [b] + [w for w in a_words if re.fullmatch(r"(?:1[89]|20)\d\d", w)])
        second = analyse_date_expression(b, published)
        if second.precision != "day":
            return None
    elif a.isdigit() and len(a) <= 2:
        a = " ".join([a] + [w for w in b_words if month_index(w)] + ([year] if year else []))
    elif year and not any(re.fullmatch(r"(?:1[89]|20)\d\d", w) for w in a_words):
        a = f"{a} {year}"
    first = analyse_date_expression(a, published)
    if first.precision in ("unknown", "range") or first.value is None and not first.relative:
        return None
    relative = first.relative or second.relative
    if first.value is None or second.value is None:
        return DateInfo(None, None, "range", relative)
    start = dt.date.fromisoformat(first.value)
    end = _period_end(dt.date.fromisoformat(second.value), second.precision)
    if not year and published is not None and start.year < published.year:
        # "5-10 July" published on 7 July: a range still running at publication is this year's
        try:
            this_start, this_end = start.replace(year=published.year), end.replace(year=published.year)
        except ValueError:
            this_start = this_end = start
        if this_start <= published <= this_end:
            start, end = this_start, this_end
    if end < start and not year and published is not None:
        try:
            later_end = end.replace(year=end.year + 1)
        except ValueError:
            later_end = end
        if (start - end).days < 7:  # "from Sunday to Thursday": the Sunday before that Thursday
            start -= dt.timedelta(days=7)
        elif start <= published < later_end and (later_end - start).days < 366:
            end = later_end  # "5-10 July" published on 7 July: the range runs on past publication
        else:
            start = start.replace(year=start.year - 1)
    if end < start:
        return None  # not a range after all ("from 2013 to Friday")
    return DateInfo(start.isoformat(), end.isoformat(), "range", relative)


def _with_dateparser(t: str, published: dt.date | None) -> DateInfo:
    if not _RE_DATEISH.search(t) and not _RE_RELATIVE_CUE.search(t):
        return UNKNOWN
    base = dt.datetime.combine(published or dt.date(2000, 1, 1), dt.time())
    # a weekday next to a full date adds nothing and confuses the parser ("Friday, 8 September 2023")
    stripped = re.sub(r"(?:\b(?:this|last|on) )?" + _WD + r",?\s*", "", t) if re.search(r"\d", t) else t
    data = _parser(base).get_date_data(stripped)
    if data.date_obj is None:
        return UNKNOWN
    day = data.date_obj.date()
    period = data.period or "day"
    parts = tuple(getattr(data, "parts", ()) or ())
    if period in ("day", "time", "part_of_day"):
        precision, value = "day", day
    elif period == "week":
        precision, value = "week", _monday(day)
    elif period == "month":
        precision, value = "month", day.replace(day=1)
    elif period == "year":
        precision, value = "year", day.replace(month=1, day=1)
    else:
        return UNKNOWN
    relative = bool(_RE_RELATIVE_CUE.search(stripped)) or (bool(parts) and "year" not in parts)
    if relative and published is None:
        return DateInfo(None, None, precision, True)
    if value > (published or value) and relative:
        return UNKNOWN  # a relative expression pointing after publication is not a past event date
    return DateInfo(value.isoformat(), None, precision, relative)


def analyse_date_expression(text: str, published: dt.date | dt.datetime | str | None,
                            lang: str | None = None) -> DateInfo:
    """Value, end, precision, relativity and anchor offset of one date expression, written in ``lang``
    (default: the language of the document being processed)."""
    lang = lang or current_language()
    if lang != "en":
        text = to_analyser_phrase(text, lang)
    return _analyse(text, as_date(published))


@lru_cache(maxsize=None)
def _translation(lang: str) -> tuple[dict[str, str], tuple[tuple[re.Pattern, str], ...]]:
    lex = read_lexicon("dates", lang)
    words = {k.lower(): v for k, v in lex.get("analyser_words", {}).items()}
    phrases = tuple((re.compile(pattern), replacement) for pattern, replacement in lex.get("analyser_phrases", []))
    return words, phrases


def to_analyser_phrase(text: str, lang: str) -> str:
    """A date expression of another language in the words of the analyser (``dates.json``'s
    ``analyser_phrases``, rewrites of whole constructions, then ``analyser_words``, word by word):
    "dans la nuit de dimanche à lundi" -> "night of sunday to monday", "mardi dernier" -> "last tuesday".
    The analyser's conventions (a weekday is the last such day on or before publication) then apply
    unchanged."""
    words, phrases = _translation(lang)
    if not words and not phrases:
        return text
    t = re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip(" ,;:")
    for pattern, replacement in phrases:
        t = pattern.sub(replacement, t)
    out = []
    for chunk in t.split(" "):
        # "l'aube", "d'août": the elided article and its word are translated apart
        parts = re.split(r"(?<=')", chunk) if "'" in chunk[:-1] else [chunk]
        for word in parts:
            bare = word.rstrip(".,")
            out.append(words.get(word, words.get(bare, word)))
    return re.sub(r"\s+", " ", " ".join(w for w in out if w)).strip()


@lru_cache(maxsize=8192)
def _analyse(text: str, published_date: dt.date | None) -> DateInfo:
    """Cached: a batch repeats the same expressions ("on Friday") under the same publication dates."""
    raw = re.sub(r"\s+", " ", text.lower()).strip(" ,;:.")
    if _RE_ANCHOR_DAY.match(raw):
        return DateInfo(None, None, "day", True, 0)
    t = _clean(text)
    if not t:
        return UNKNOWN
    lex = read_lexicon("dates")
    if t in lex["non_date_words"] or _RE_AGE.search(t):
        return UNKNOWN
    # a clock time adds nothing to the day and makes dateparser roll back to the day before
    t = _LEADING.sub("", _RE_CLOCK.sub(" ", t).strip(" ,")).strip()
    t = re.sub(r"\s+", " ", t)
    if not t or t in ("on", "at", "around", "about"):
        return UNKNOWN
    for step in (_anchor,):
        info = step(t)
        if info is not None:
            return info
    if "ago" not in t.split() and _RE_DURATION.match(t):
        return UNKNOWN
    match = _RE_OF_YEAR.match(t)
    if match and published_date is not None:
        # "December 3 last year": the day and month resolved inside the named year
        year = published_date.year - (1 if match.group("which") in ("last", "past", "previous") else 0)
        inner = _analyse(match.group("rest"), dt.date(year, 12, 31) if year < published_date.year else published_date)
        if inner.precision in ("day", "month") and inner.value:
            return DateInfo(inner.value, inner.end, inner.precision, True)
    elif match:
        return DateInfo(None, None, "day" if re.search(r"\d", match.group("rest")) else "month", True)
    for resolver in (_night, _range, _specials, _numeric_day_month):
        info = resolver(t, published_date)
        if info is not None:
            return info
    return _with_dateparser(t, published_date)


_RE_NUMERIC_DAY = re.compile(r"^(?:on )?(?P<a>\d{1,2})/(?P<b>\d{1,2})$")


def _numeric_day_month(t: str, published: dt.date | None) -> DateInfo | None:
    """A day and month in figures without a year ("on 10/12"), read against the publication date.

    Reports from the region write the day first (10/12 = 10 December), English wires often the month
    first; a figure above 12 settles which is the day, and otherwise the reading that falls on or before
    the publication date and nearest to it is taken (a report tells what has happened, most often days
    before). Each reading is in its most recent year not after the publication date. None without a
    publication date (dateparser's reading stays) or when neither reading is a calendar day."""
    match = _RE_NUMERIC_DAY.match(t)
    if match is None or published is None:
        return None
    a, b = int(match.group("a")), int(match.group("b"))
    readings = []
    for day, month in ((a, b), (b, a)):
        if not 1 <= month <= 12:
            continue
        for year in (published.year, published.year - 1):
            try:
                value = dt.date(year, month, day)
            except ValueError:
                continue
            if value <= published:
                readings.append(value)
                break
    if not readings:
        return None
    return DateInfo(_iso(max(readings)), None, "day", True)


_PARTIAL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december")
_RE_PARTIAL_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([a-z]{3,9})\b")
_RE_PARTIAL_MONTH_DAY = re.compile(r"\b([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?\b")
_RE_PARTIAL_MONTH = re.compile(r"\b([a-z]{3,9})\b")


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    for k, name in enumerate(_PARTIAL_MONTHS, 1):
        if len(word) >= 3 and name.startswith(word) and (word == name or len(word) <= 4):
            return k
    return None


def partial_date(text: str | None) -> str | None:
    """What a date expression fixes without its year, as ISO 8601 truncated forms: "On August 18" gives
    "--08-18", "in March" "--03"; None for a full date, a relative one ("Tuesday") or none at all."""
    if not text:
        return None
    low = text.lower().replace("’", "'")
    if re.search(r"\b\d{4}\b", low):
        return None  # a year: the value itself is known
    for name, (month, day) in HOLIDAYS.items():
        if re.search(rf"\b{name}\b", low):
            return f"--{month:02d}-{day:02d}"
    for regex, day_group, month_group in ((_RE_PARTIAL_DAY_MONTH, 1, 2), (_RE_PARTIAL_MONTH_DAY, 2, 1)):
        for match in regex.finditer(low):
            month = _month_number(match.group(month_group))
            day = int(match.group(day_group))
            if month is not None and 1 <= day <= 31:
                return f"--{month:02d}-{day:02d}"
    for match in _RE_PARTIAL_MONTH.finditer(low):
        if match.group(1) == "may" and not re.search(r"\b(in|of|early|late|mid|since|last|next|this)\s+may\b", low):
            continue  # "may" the verb
        month = _month_number(match.group(1))
        if month is not None and match.group(1) in _PARTIAL_MONTHS:
            return f"--{month:02d}"
    return None


def normalise_date_expression(
    text: str, published: dt.date | dt.datetime | str | None
) -> tuple[str | None, str | None, str]:
    """(value, end, precision) of a date expression, resolved against the publication date.

    Pure function shared by the component and the attack assembler. Relative expressions without a
    publication date keep their precision with a None value; non-dates ("now", "three years") come back
    as (None, None, "unknown").
    """
    info = analyse_date_expression(text, published)
    return info.value, info.end, info.precision


