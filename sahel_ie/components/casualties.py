"""``sahel_casualties``: casualty phrases ("Forty-nine civilians ... were killed") as ``CasualtyMention``s.

The component works from amounts outwards: it finds every amount phrase in the text (digits, number
words, vague amounts such as "dozens", "a soldier"), keeps those whose noun is a person (or that have no
noun at all, "killing 12"), and then asks what happened to them. The outcome comes first from the words
right next to the amount ("12 dead", "40 wounded"), then from the dependency parse: the amount is the
passive subject or object of an outcome verb ("were killed", "killed 12"), the subject of "died" or "lost
their lives", the object of "left ... dead", the complement of "the lives of", "a death toll of", or
"among the dead were". Starting from amounts, rather than from verbs, is what keeps statistics such as
"12,947 peacekeepers" or "50 km" out: they have no outcome word, so no mention. Group words, outcome
words, qualifiers and vague amounts are data in ``models/lexicons/en/casualties.json``.

Two further readings follow ACLED's coding: a single definite or named person who is the object or
passive subject of an outcome verb counts as one ("killing the unit commander"), and a figure with no
noun ("wounded 28 others", "7") takes the group of the toll read just before it in the sentence, or of
"among the assailants". Plural nouns without a figure ("soldiers were killed") give no mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import DEP, LOWER, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from sahel_ie import extensions  # noqa: F401  (registers Doc/Span extensions)
from sahel_ie.parsing.syntax import function_words
from sahel_ie.parsing.segments import calendar_words
from sahel_ie.parsing.numbers import cardinal_words, is_number_word, is_vague_amount, parse_quantity, vague_quantities
from sahel_ie.records import Casualty, Evidence
from sahel_ie.resources import read_lexicon, per_language, in_document_language

NOMINAL_POS = {"NOUN", "PROPN", "NUM", "PRON", "ADJ"}
MAX_VAGUE_TOKENS = 4
MAX_QUALIFIER_TOKENS = 3
MAX_NOUN_RUN = 5
NAMING_PARTICIPLES = frozenset({"named", "called", "identified", "known"})  # "a worker named Ali Maiga"


@dataclass
class CasualtyMention:
    """One (outcome, group) toll read from the text; spaCy objects, internal to the pipeline."""

    span: Span
    outcome: str
    group: str
    count: int | None
    count_max: int | None
    qualifier: str
    head: Token
    victim: Token | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.span.text

    def to_record(self, shared: bool = False, source: str | None = None, sentence: int | None = None) -> Casualty:
        """The contract's ``Casualty`` with the phrase's offsets as evidence. ``sentence``: the index of the
        parser sentence holding the phrase, when the caller knows it (else it is found from ``doc.sents``)."""
        doc = self.span.doc
        if sentence is None and doc.has_annotation("SENT_START"):
            for index, sent in enumerate(doc.sents):
                if sent.start <= self.span.start < sent.end:
                    sentence = index
                    break
        text = self.span.text
        return Casualty(
            outcome=self.outcome,
            group=self.group,
            count=self.count,
            count_max=self.count_max,
            qualifier=self.qualifier,
            text=text,
            shared=shared,
            source=source,
            evidence=[Evidence(self.span.start_char, self.span.end_char, sentence, text)],
        )


@dataclass
class _Amount:
    """An amount phrase before its outcome is known."""

    start: int  # first token, qualifier included
    num_start: int
    num_end: int
    end: int  # one past the last token of the phrase (noun included)
    count: int | None
    count_max: int | None
    qualifier: str
    noun: Token | None
    group: str | None
    outcome_word: Token | None = None  # outcome adjective inside or right after the phrase


class Lexicon:
    """The casualty lexicon, with the lookups the rules need."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.outcome_verbs: dict[str, str] = data["outcome_verbs"]
        alive = data.get("alive_verbs") or {}
        self.alive_verbs = frozenset(alive.get("verbs", []))
        self.alive_words = frozenset(alive.get("words", []))
        self.intransitive = set(data["intransitive_verbs"])
        self.outcome_adjectives: dict[str, str] = data["outcome_adjectives"]
        self.outcome_nouns: dict[str, str] = data["outcome_nouns"]
        self.life_verbs = set(data["life_verbs"])
        self.lose_life_verbs = set(data.get("lose_life_verbs", ["lose"]))
        self.life_nouns = set(data.get("life_nouns", ["life"]))
        self.leave_verbs = set(data["leave_verbs"])
        self.hostage_verbs = set(data["hostage_verbs"])
        self.copulas = set(data["copulas"])
        self.victim_nouns: dict[str, str] = data["victim_nouns"]
        # what follows a space in a victim noun ("wedding guests" gives "guests"): a two-word victim noun
        # ends with one of these
        self.victim_noun_tails = frozenset(k[i + 1:] for k in self.victim_nouns for i, c in enumerate(k) if c == " ")
        self.generic_nouns = set(data["generic_nouns"])
        self.group_modifiers: dict[str, str | None] = data["group_modifiers"]
        self.force_nouns: dict[str, str] = data["force_nouns"]
        self.entity_labels: dict[str, str] = data["entity_labels"]
        self.actor_groups: dict[str, str] = data["actor_groups"]
        self.qualifiers: dict[str, str] = data["qualifiers"]
        self.range_words = set(data["range_words"])
        self.toll_nouns = set(data["toll_nouns"])
        self.skip_labels = set(data["skip_entity_labels"])
        self.descriptive_labels = frozenset(data.get("descriptive_labels", ()))
        self.vague_casualty_nouns = frozenset(data.get("vague_casualty_nouns", ()))
        part = data.get("part_of_toll", {})
        self.part_preps = frozenset(part.get("preps", ()))
        self.part_pronouns = frozenset(part.get("pronouns", ()))
        self.non_person_victims = frozenset(data.get("non_person_victims", ()))
        self.person_killing_verbs = frozenset(data.get("person_killing_verbs", ()))
        self.fate_pronouns: dict[str, str] = {word: number for number, words in data.get("fate_pronouns", {}).items()
                                              for word in words}
        self.place_labels = frozenset({"GPE", "LOC", "FAC", "COUNTRY", "REGION", "PLACE", "FEATURE"})
        self.day_words_end_nouns = bool(data.get("day_words_end_victim_nouns", False))
        self.two_word_after = bool(data.get("two_word_victims_after_noun", False))
        self.noun_compounds = bool(data.get("noun_compounds", True))
        self.victim_noun_heads = frozenset(k[:k.index(" ")] for k in self.victim_nouns if " " in k)
        aggregate = data.get("aggregate", {})
        self.aggregate_phrases = [tuple(p.split()) for p in aggregate.get("phrases", [])]
        # the phrases that can start at a word, in list order (an empty phrase starts anywhere)
        self.aggregate_phrases_at = {
            p[0]: [q for q in self.aggregate_phrases if not q or q[0] == p[0]] for p in self.aggregate_phrases if p
        }
        self.aggregate_phrases_anywhere = [q for q in self.aggregate_phrases if not q]
        self.sum_phrases = frozenset(tuple(p.split()) for p in aggregate.get("sum_phrases", []))
        self.since_words = set(aggregate.get("since_words", []))
        self.month_words = set(aggregate.get("months", []))
        self.spread_nouns = set(aggregate.get("spread_nouns", []))
        self.spread_preps = set(aggregate.get("spread_preps", []))
        self.vague = vague_quantities()
        # "a", "an" / "un", "une": the articles that count one person
        self.singular_articles = frozenset(k for k, (v, _approx) in self.vague.items() if v == 1 and " " not in k)
        # vague words whose figure is ACLED's convention for the dead only ("many killed" = 10): said of
        # the wounded, missing or abducted they give no count
        self.deaths_only_vague = frozenset(k for k, v in data["vague_quantities"].items() if v.get("deaths_only"))
        # the beginnings of vague amounts that go on ("a number" of "a number of"): reading stops at others
        self.vague_openings = frozenset(p[:k] for p in self.vague for k, c in enumerate(p) if c == " ")
        # first words that can open an amount phrase, besides digits and number words
        self.amount_starters = frozenset(p.split()[0] for p in self.vague) | {"a", "an", "one", "half"}
        self.amount_openers = self.amount_starters | cardinal_words()

    def verb_outcome(self, token: Token) -> str | None:
        found = self.outcome_verbs.get(token.lemma_.lower()) or self.outcome_verbs.get(token.lower_)
        if found is None and token.lemma_.lower() in self.alive_verbs and any(
                c.lower_ in self.alive_words for c in token.children):
            return "killed"  # "were burned alive": the verb alone kills nobody ("burned houses")
        return found

    def word_outcome(self, token: Token) -> str | None:
        """Outcome of an adjective, participle or noun ("dead", "wounded", "deaths")."""
        low = token.lower_
        if low in self.outcome_adjectives:
            return self.outcome_adjectives[low]
        if token.pos_ in ("NOUN", "PROPN"):
            return self.outcome_nouns.get(token.lemma_.lower()) or self.outcome_nouns.get(low)
        if token.tag_ == "VBN":
            return self.verb_outcome(token)
        return None


@per_language
def default_lexicon() -> Lexicon:
    return Lexicon(read_lexicon("casualties"))


# --- amount phrases -------------------------------------------------------------------------------


_DATE_WORDS = frozenset(
    "day days week weeks month months year years hour hours night nights ago decade decades century "
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday km kilometres kilometers miles metres percent "
    "per cent % cfa francs dollars euros $ € £ kg kilograms tonnes tons litres liters metres meters m".split()
)


def _skipped_tokens(doc: Doc, lex: Lexicon) -> set[int]:
    """Numbers inside dates, times, percentages and measures are not tolls ("in 2013", "50 km").

    The small model also tags some counts as DATE ("2 later died") or QUANTITY ("4 assailants"); only
    entities that hold a date or unit word, or a year, are skipped, and only up to that word
    ("16 December 2016 twelve soldiers").
    """
    skipped: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in lex.skip_labels:
            continue
        if ent.label_ == "ORDINAL":
            skipped.update(range(ent.start, ent.end))
            continue
        marks = [t.i for t in ent if t.lower_ in _DATE_WORDS or t.shape_ == "dddd" or ":" in t.text]
        if marks:
            last = max(marks)
            skipped.update(t.i for t in ent if t.i <= last or t.shape_ in ("d", "dd"))
    return skipped


def _lower_texts(doc: Doc) -> list[str]:
    """The lower-case text of every token, read from the token array rather than through Token objects."""
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(LOWER).tolist()] if len(doc) else []


def _cardinal_run(lowers: list[str], i: int) -> int:
    """End of a run of cardinal words/digits starting at ``i`` ("Forty - nine", "one hundred and twenty").

    ``lowers`` are the doc's lower-case token texts (read once per doc: indexing the Doc builds a Token)."""
    j = i
    n = len(lowers)
    if lowers[i] in ("a", "an") and i + 1 < n and lowers[i + 1] in ("dozen", "hundred", "thousand", "score"):
        j = i + 1
    elif lowers[i] == "half" and i + 2 < n and lowers[i + 1] == "a" and lowers[i + 2] == "dozen":
        j = i + 2
    while j < n:
        low = lowers[j]
        if is_number_word(low):
            j += 1
            continue
        if low in ("-", "–") and j > i and j + 1 < n and lowers[j - 1] in cardinal_words() \
                and lowers[j + 1] in cardinal_words():
            j += 1
            continue
        if low == "and" and j > i and lowers[j - 1] in ("hundred", "thousand") \
                and j + 1 < n and lowers[j + 1] in cardinal_words():
            j += 1
            continue
        break
    # a run must hold at least one real number token
    if j > i and any(is_number_word(low) and low not in ("a", "an") for low in lowers[i:j]):
        return j
    return i


def _vague_run(lowers: list[str], i: int, lex: Lexicon) -> int:
    """End of the longest vague-amount phrase starting at ``i`` ("a number of", "dozens"), else ``i``."""
    best = i
    words: list[str] = []
    for j in range(i, min(len(lowers), i + MAX_VAGUE_TOKENS)):
        words.append(lowers[j])
        phrase = " ".join(words)
        if phrase == "many" and i > 0 and lowers[i - 1] in ("as", "how", "so", "too"):
            break  # "as many as 14" is a qualifier
        if phrase in lex.vague and phrase not in ("a", "an"):
            best = j + 1
        if phrase not in lex.vague_openings:
            break  # no longer vague amount begins with these words
    return best


def _qualifier_before(lowers: list[str], start: int, lex: Lexicon, floor: int) -> tuple[str | None, int]:
    for n in range(MAX_QUALIFIER_TOKENS, 0, -1):
        if start - n < floor:
            continue
        phrase = " ".join(lowers[start - n:start])
        if phrase in lex.qualifiers:
            return lex.qualifiers[phrase], start - n
    return None, start


def _modifiers(noun: Token) -> list[Token]:
    return [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")]


def _peacekeeping(noun: Token, lex: Lexicon) -> bool:
    """A soldier noun modified by a UN mission ("Minusma soldier", "UN troops", "peacekeeping troops")."""
    for child in _modifiers(noun):
        if child.ent_type_ in lex.entity_labels and lex.actor_groups.get(
                child.ent_id_, lex.entity_labels[child.ent_type_]) == "peacekeepers":
            return True
        if lex.group_modifiers.get(child.lower_) == "peacekeepers":
            return True
    return False


def group_of(noun: Token, lex: Lexicon, depth: int = 0) -> str | None:
    """Casualty group of a victim noun, or None when the noun is not a kind of person."""
    lemma = noun.lemma_.lower()
    low = noun.lower_
    if noun.ent_type_ in lex.entity_labels:
        if noun.ent_type_ in lex.descriptive_labels and not noun.ent_id_:
            # a description, not a known actor: "militiamen" are militia whoever they fight for
            own = lex.victim_nouns.get(low) or lex.victim_nouns.get(lemma)
            if own:
                return own
        return lex.actor_groups.get(noun.ent_id_, lex.entity_labels[noun.ent_type_])
    if noun.i > 0 and (lemma in lex.victim_noun_tails or low in lex.victim_noun_tails):
        prev = noun.doc[noun.i - 1]
        for two in (f"{prev.lemma_.lower()} {lemma}", f"{prev.lower_} {low}"):
            if two in lex.victim_nouns:
                return lex.victim_nouns[two]
    if lex.two_word_after and (lemma in lex.victim_noun_heads or low in lex.victim_noun_heads) \
            and noun.i + 1 < len(noun.doc):
        nxt = noun.doc[noun.i + 1]  # "casques bleus": the modifier follows the noun
        for two in (f"{lemma} {nxt.lemma_.lower()}", f"{low} {nxt.lower_}"):
            if two in lex.victim_nouns:
                return lex.victim_nouns[two]
    if lemma in lex.force_nouns or low in lex.force_nouns:
        for child in _modifiers(noun):
            value = lex.group_modifiers.get(child.lower_)
            if value:
                return value
        return lex.force_nouns.get(lemma) or lex.force_nouns.get(low)
    for key in (low, lemma, low[:-1] if low.endswith("s") else None):
        if key and key in lex.victim_nouns:
            group = lex.victim_nouns[key]
            if group == "military" and _peacekeeping(noun, lex):
                return "peacekeepers"  # "one Minusma soldier", "two UN troops"
            return group
    if noun.pos_ == "PRON" and low in ("them", "us", "those", "whom", "these"):
        return "unspecified"
    if lemma in lex.generic_nouns or low in lex.generic_nouns:
        for child in _modifiers(noun):
            if child.ent_type_ in lex.entity_labels:  # "13 GATIA members"
                return lex.actor_groups.get(child.ent_id_, lex.entity_labels[child.ent_type_])
            value = lex.group_modifiers.get(child.lower_)
            if value:
                return value
        if depth == 0:
            for child in noun.children:
                if child.dep_ == "prep" and child.lower_ in function_words("of"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            inner = group_of(pobj, lex, depth + 1)
                            if inner is not None:
                                return inner
            # "40 people, mostly women and children": the people are civilians when an apposition says
            # so right there ("including three children" names a part only, and proves nothing)
            for child in noun.children:
                if child.dep_ == "appos" and group_of(child, lex, depth + 1) == "civilians":
                    return "civilians"
        return "unspecified"
    return None


def _is_day_word(low: str) -> bool:
    weekdays, months, _ = calendar_words()
    return low in weekdays or low in months


def _noun_after(doc: Doc, j: int, lex: Lexicon) -> tuple[Token | None, Token | None, int]:
    """(victim-or-other noun, outcome word, end) for the words right after an amount."""
    n = len(doc)
    if j < n and doc[j].lower_ in function_words("of"):
        k = j + 1
        while k < n and (
            doc[k].dep_ in ("det", "poss") and doc[k].pos_ in ("DET", "PRON")
            and doc[k].lower_ not in ("them", "us", "those", "these")
            or (k > j + 1 and doc[k].like_num)  # "one of the three soldiers"
        ):
            k += 1
        if k < n and doc[k].pos_ == "PRON":
            return doc[k], None, k + 1
        noun, outcome_word, end = _noun_after(doc, k, lex)
        if noun is not None:
            return noun, outcome_word, end
        return None, None, j
    noun: Token | None = None
    outcome_word: Token | None = None
    end = j
    k = j
    while k < n and k - j < MAX_NOUN_RUN:
        token = doc[k]
        if token.text in ('"', "“", "”", "'", "‘", "’") and k == j:
            k += 1  # 63 "terrorists neutralised"
            continue
        if token.is_punct and token.text not in ("-",):
            break
        if token.lower_ in lex.outcome_adjectives and token.pos_ in ("ADJ", "VERB", "NOUN"):
            # "12 wounded soldiers" (modifier) or "12 dead" (the phrase ends with the outcome)
            outcome_word = token
            k += 1
            if not (k < n and doc[k].pos_ in ("NOUN", "PROPN") and doc[k].lower_ not in lex.outcome_adjectives):
                break
            continue
        low = token.lower_
        if noun is not None and lex.day_words_end_nouns and _is_day_word(low):
            break  # "ont tué six civils lundi"
        if token.pos_ in ("NOUN", "PROPN") or low in lex.victim_nouns or (low.endswith("s") and low[:-1] in lex.victim_nouns):
            if noun is not None and not lex.noun_compounds:
                break  # "deux morts côté FAMa": the second noun is not part of the victim noun
            noun = token  # the tagger sometimes makes a verb of "militants"
            end = k + 1
            k += 1
            continue
        if token.pos_ == "ADJ" or token.text == "-" or (
            # "two armed men"; once the noun is read, a participle opens its modifier ("a worker named X")
            not (noun is not None and token.lower_ in NAMING_PARTICIPLES)
            and token.tag_ in ("VBN", "VBD") and k + 1 < n and doc[k + 1].pos_ in ("NOUN", "PROPN", "ADJ")
        ):
            k += 1
            continue
        break
    if noun is None:
        return None, outcome_word, j
    return noun, outcome_word, end


def find_amounts(doc: Doc, lex: Lexicon) -> list[_Amount]:
    """Every amount phrase with a person noun (or no noun) in the document."""
    amounts: list[_Amount] = []
    i = 0
    n = len(doc)
    floor = 0
    skipped = _skipped_tokens(doc, lex)
    lowers = _lower_texts(doc)
    # tokens that may open an amount (a starter word, a number word, digits), in text order: the scan below
    # jumps from one to the next
    words = lex.amount_openers
    openers = [k for k, low in enumerate(lowers)
               if (low in words or (low[:1].isdigit() or "-" in low) and is_number_word(low)) and k not in skipped]
    next_opener = 0
    while True:
        while next_opener < len(openers) and openers[next_opener] < i:
            next_opener += 1
        if next_opener == len(openers):
            break
        i = openers[next_opener]
        if lowers[i] == "one" and i + 1 < n and lowers[i + 1] == "another":
            i += 2  # "kill one another"
            continue
        j_vague = _vague_run(lowers, i, lex)
        j_card = _cardinal_run(lowers, i)
        single = False
        if j_vague == i and j_card == i:
            # "a soldier", "an attacker": the article as an amount of one, only before a person noun
            if lowers[i] in ("a", "an", "one") and i + 1 < n:
                noun, outcome_word, end = _noun_after(doc, i + 1, lex)
                if noun is not None and noun.tag_ in ("NN", "NNP") and group_of(noun, lex) is not None \
                        and noun.lower_ not in ("one", "other", "body", "life"):
                    single = True
                    j = i + 1
                else:
                    i += 1
                    continue
            else:
                i += 1
                continue
        else:
            j = max(j_vague, j_card)
        num_start, num_end = i, j
        quantity = parse_quantity(doc[num_start:num_end].text) if not single else parse_quantity("a")
        if quantity is None:
            i = j
            continue
        count, approximate = quantity.value, quantity.approximate
        count_max: int | None = None
        qualifier, start = _qualifier_before(lowers, num_start, lex, floor)
        between = num_start > 0 and lowers[num_start - 1] in function_words("between")
        if between and qualifier is None:
            start = num_start - 1
        # ranges: "10 to 15", "10-15", "between 10 and 15"
        if j + 1 < n and (lowers[j] in lex.range_words or (between and lowers[j] == "and")):
            j2 = _cardinal_run(lowers, j + 1)
            if j2 > j + 1:
                second = parse_quantity(doc[j + 1:j2].text)
                if second is not None and second.value is not None and count is not None and second.value > count:
                    count_max = second.value
                    num_end = j = j2
        after = num_end
        if after + 1 < n and lowers[after] == "or" and lowers[after + 1] in ("so", "more"):
            # "a dozen or so soldiers", "20 or more civilians"
            qualifier = qualifier or ("about" if lowers[after + 1] == "so" else "at_least")
            after += 2
        if after + 2 < n and lowers[after] == "(" and doc[after + 1].like_num and lowers[after + 2] == ")":
            after += 3  # "seventeen (17) soldiers", the communiqué style
        noun, outcome_word, end = _noun_after(doc, after, lex)
        if noun is None and after > num_end:
            end = after
        group: str | None = None
        if noun is not None:
            noun_outcome = lex.outcome_nouns.get(noun.lemma_.lower())
            group = group_of(noun, lex)
            if group is None and noun_outcome is not None and noun.lemma_.lower() not in ("life", "body", "victim"):
                # "12 deaths", "30 fatalities": the noun is the outcome, the group is unknown
                outcome_word, noun, group = noun, None, None
            elif group is None:
                i = max(end, j)
                continue
            elif noun.lemma_.lower() in lex.generic_nouns:
                # "12 members of the security forces": the phrase runs to the end of its "of" complement
                for child in noun.children:
                    if child.dep_ == "prep" and child.lower_ in function_words("of") and child.i == end:
                        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                        if pobj is not None:
                            end = pobj.i + 1
        if qualifier is None:
            qualifier = "about" if approximate else "exact"
        amounts.append(
            _Amount(start, num_start, num_end, max(end, num_end), count, count_max, qualifier, noun, group, outcome_word)
        )
        floor = max(end, num_end)
        i = floor
    return amounts


# --- outcomes ------------------------------------------------------------------------------------


def _phrase_head(doc: Doc, start: int, end: int) -> Token:
    """The token of ``doc[start:end]`` whose head lies outside it (the phrase's syntactic head)."""
    for token in doc[start:end]:
        if not (start <= token.head.i < end) or token.head.i == token.i:
            if not token.is_punct:
                return token
    return doc[end - 1]


def _outcome_child(verb: Token, lex: Lexicon) -> Token | None:
    """An outcome complement of a verb: "reported missing", "found dead", "left ... dead"."""
    for child in verb.children:
        if child.dep_ in ("xcomp", "oprd", "acomp", "attr", "advmod"):
            if child.lower_ in lex.outcome_adjectives or (child.tag_ == "VBN" and lex.verb_outcome(child)):
                return child
            for grandchild in child.children:  # "were found shot dead"
                if grandchild.dep_ in ("oprd", "acomp", "advmod", "xcomp") and grandchild.lower_ in lex.outcome_adjectives:
                    return grandchild
    return None


def _toll_outcome(noun: Token, lex: Lexicon) -> str | None:
    """"the death toll", "the number of dead", "the toll of the wounded": a noun that is a casualty count."""
    lemma = noun.lemma_.lower()
    if lemma not in lex.toll_nouns:
        return None
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in function_words("of"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and lex.word_outcome(pobj):
                    return lex.word_outcome(pobj)
        if child.dep_ in ("compound", "amod") and lex.word_outcome(child):
            return lex.word_outcome(child)
    return "killed" if lemma == "toll" else None


def _among_outcome(copula: Token, lex: Lexicon) -> tuple[str, Token] | None:
    """"Among the dead were ...", "Among those killed were ..."."""
    for child in copula.children:
        if child.dep_ == "prep" and child.lower_ in function_words("among"):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                outcome = lex.word_outcome(pobj)
                if outcome:
                    return outcome, pobj
                for grandchild in pobj.children:
                    if grandchild.dep_ in ("acl", "relcl", "amod") and (
                        lex.verb_outcome(grandchild) or grandchild.lower_ in lex.outcome_adjectives
                    ):
                        return lex.word_outcome(grandchild) or lex.verb_outcome(grandchild) or "killed", grandchild
    return None


_ATTEMPT_LEMMAS = frozenset({"attempt", "try", "threaten", "plan", "seek", "vow", "fail"})


def _attempted(word: Token) -> bool:
    """"attempted to assassinate two members": the outcome did not happen."""
    return word.dep_ == "xcomp" and word.head.lemma_.lower() in _ATTEMPT_LEMMAS


def outcome_from_syntax(anchor: Token, lex: Lexicon) -> tuple[str, Token] | None:
    """(outcome, outcome word) for an amount phrase headed by ``anchor``, read off the parse."""
    x = anchor
    for _ in range(6):
        if x.dep_ in ("conj", "appos") and x.head.pos_ in NOMINAL_POS and x.head.i != x.i:
            x = x.head
            continue
        break
    return _final_fate(x, lex)


def _final_fate(x: Token, lex: Lexicon) -> tuple[str, Token] | None:
    """The clause's outcome, else the modifier's; but a killing participle on the noun ("Young man beheaded
    by gunmen in X, his father was abducted", two headline clauses the parser joined) is the person's
    fate whatever the clause it was made subject of says: nobody is wounded or taken after being killed."""
    clause = _outcome_of_clause(x, lex)
    if clause is not None and clause[0] != "killed":
        modifier = _outcome_of_modifier(x, lex)
        if modifier is not None and modifier[0] == "killed" and modifier[1].dep_ == "acl":
            return modifier
    return clause or _outcome_of_modifier(x, lex)


def _outcome_of_modifier(x: Token, lex: Lexicon) -> tuple[str, Token] | None:
    """"12 soldiers killed in the attack", "12 people who were killed"; "the chief and his son, who were
    burned alive": a plural relative clause on the last conjunct tells the fate of all of them."""
    children = list(x.children)
    for conj in (c for c in x.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")):
        children += [c for c in conj.children if c.dep_ == "relcl" and any(
            a.dep_ == "auxpass" and a.tag_ in ("VBD", "VBP") and a.lower_ in ("were", "are") for a in c.children)]
    for child in children:
        if child.dep_ in ("acl", "relcl") and child.i > x.i:
            outcome = lex.verb_outcome(child)
            if outcome and (child.tag_ == "VBN" and child.dep_ == "acl" or any(c.dep_ == "auxpass" for c in child.children)):
                return outcome, child
            if child.dep_ == "relcl" and child.lemma_.lower() in lex.intransitive:
                return lex.verb_outcome(child) or "killed", child
    if x.dep_ == "ROOT":
        return _headline_participle(x, lex)
    return None


def _headline_participle(x: Token, lex: Lexicon) -> tuple[str, Token] | None:
    """"Agent of the customs office killed by gunmen": a note's headline passive whose participle the
    parser hangs from the "of"/"for" phrase of the person it tells. With the person noun as the root of
    the sentence (no verb of its own), a killing participle with a "by" agent inside that phrase is its
    outcome."""
    for prep in x.children:
        if prep.dep_ != "prep" or not (prep.lower_ in function_words("of") or prep.lower_ == "for"):
            continue
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            for verb in pobj.children:
                if verb.dep_ == "acl" and _telegraphic_passive(verb) and lex.verb_outcome(verb):
                    return lex.verb_outcome(verb), verb
    return None


def _telegraphic_passive(verb: Token) -> bool:
    """A past participle with a "by" agent and no auxiliary: the headline style of a passive."""
    if verb.tag_ != "VBN":
        return False
    children = list(verb.children)
    return any(c.dep_ == "agent" for c in children) and not any(c.dep_ in ("aux", "auxpass") for c in children)


def _outcome_of_clause(x: Token, lex: Lexicon) -> tuple[str, Token] | None:
    """The outcome of the clause in which the amount phrase ``x`` is subject, object or complement."""
    head, dep = x.head, x.dep_
    if head.i == x.i:
        return None
    if dep == "nsubjpass":
        outcome = lex.verb_outcome(head)
        if outcome:
            return outcome, head
        child = _outcome_child(head, lex)
        if child is not None:
            return lex.word_outcome(child) or lex.verb_outcome(child) or "killed", child
        for conj in head.children:  # "was shot and killed": the conjoined verb shares the subject
            if conj.dep_ == "conj" and conj.tag_ == "VBN" and lex.verb_outcome(conj) and not any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
                return lex.verb_outcome(conj), conj
        return None
    if dep in ("dobj", "pobj") and (dep == "dobj" or head.lower_ in function_words("between")):
        verb = head if dep == "dobj" else head.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        lemma = verb.lemma_.lower()
        outcome = lex.verb_outcome(verb)
        if outcome and lemma not in lex.intransitive:
            return outcome, verb
        for child in verb.children:  # "shot to death", "beaten to death"
            if child.dep_ == "prep" and child.lower_ == "to" and any(
                g.dep_ == "pobj" and g.lower_ == "death" for g in child.children
            ):
                return "killed", verb
        if lemma in lex.hostage_verbs:
            for child in verb.children:
                if child.lower_ in ("hostage", "hostages", "captive", "captives"):
                    return "abducted", child
        if lemma in lex.leave_verbs:
            for candidate in list(verb.children) + list(x.children):
                if candidate.i != x.i and (candidate.lower_ in lex.outcome_adjectives):
                    return lex.outcome_adjectives[candidate.lower_], candidate
        return None
    if dep == "nsubj" and _telegraphic_passive(head):
        # "Councilman assassinated by presumed jihadists": a passive without its auxiliary, parsed active
        outcome = lex.verb_outcome(head)
        if outcome:
            return outcome, head
    if dep == "nsubj":
        lemma = head.lemma_.lower()
        if lemma in lex.intransitive:
            return lex.verb_outcome(head) or "killed", head
        if lemma in lex.lose_life_verbs and any(c.lemma_.lower() in lex.life_nouns for c in head.children):
            return "killed", head
        if lemma in lex.leave_verbs:  # "4 reported killed", "two found dead"
            child = _outcome_child(head, lex)
            if child is not None:
                return lex.word_outcome(child) or lex.verb_outcome(child) or "killed", child
        if head.lower_ in ("missing", "dead", "wounded", "injured", "unaccounted") \
                and not any(c.dep_ == "dobj" for c in head.children):
            return lex.outcome_adjectives[head.lower_], head  # "... are missing" parsed as a progressive
        if lemma in lex.copulas or head.pos_ == "AUX":
            for child in head.children:
                if child.dep_ in ("acomp", "attr", "oprd") and lex.word_outcome(child):
                    return lex.word_outcome(child) or "killed", child
            return _among_outcome(head, lex)
        return None
    if dep == "attr" and (head.lemma_.lower() in lex.copulas or head.pos_ == "AUX"):
        found = _among_outcome(head, lex)
        if found is not None:
            return found
        for child in head.children:
            if child.dep_ == "nsubj" and child.lemma_.lower() in ("victim", "dead", "casualty"):
                return "killed", child
        return None
    if dep == "pobj":
        prep = head
        owner = prep.head
        if prep.lower_ in function_words("of"):
            owner_lemma = owner.lemma_.lower()
            if owner_lemma in lex.life_nouns:
                if owner.head.lemma_.lower() in lex.life_verbs:
                    return "killed", owner
                return None
            outcome = lex.outcome_nouns.get(owner_lemma) or lex.outcome_nouns.get(owner.lower_)
            if outcome and owner.pos_ in ("NOUN", "PROPN"):
                return outcome, owner
            return None
        if prep.lower_ in ("to", "at"):
            if _toll_outcome(owner, lex):
                return _toll_outcome(owner, lex), owner
            for child in owner.children:
                if child.dep_ in ("nsubj", "nsubjpass", "dobj") and _toll_outcome(child, lex):
                    return _toll_outcome(child, lex), child
        if prep.lower_ in function_words("to") and owner.pos_ in ("VERB", "AUX") \
                and owner.lemma_.lower() in lex.life_verbs and prep.lower_ not in ("to", "at"):
            # "l'attaque a coûté la vie à quatre gardes": the dative of a life verb whose object is a life
            if any(c.dep_ == "dobj" and c.lemma_.lower() in lex.life_nouns for c in owner.children):
                return "killed", owner
        return None
    return None


# words allowed between an amount and its outcome: "4 reported killed", "12 reportedly dead"
_ADJACENT_FILLERS = frozenset(
    {"reported", "reportedly", "confirmed", "believed", "feared", "presumed", "also", "were", "was", "are",
     "is", "been", "have", "had", "later", "still", "all"}
)


def _own_predicate(doc: Doc, amount: _Amount, lex: Lexicon) -> bool:
    """Whether a bare figure is followed by a participle of its own that is no casualty ("8 arrested")."""
    k = amount.end
    while k < len(doc) and doc[k].lower_ in _ADJACENT_FILLERS and k - amount.end < 2:
        k += 1
    if k >= len(doc):
        return False
    word = doc[k]
    return (
        word.tag_ in ("VBN", "VBD")
        and word.lower_ not in lex.outcome_adjectives
        and lex.verb_outcome(word) is None
    )


def _adjacent_outcome(doc: Doc, amount: _Amount, anchor: Token, lex: Lexicon) -> tuple[str, Token] | None:
    """Outcome written right next to the amount: "12 dead", "40 wounded", "12 soldiers killed"."""
    word = amount.outcome_word
    k = start = amount.end
    if k < len(doc) and doc[k].lower_ in function_words("of") and amount.noun is not None and doc[k].right_edge.i - k < 8:
        k = start = doc[k].right_edge.i + 1  # "twelve soldiers of the anti-terrorist unit were killed"
    while word is None and k < len(doc) and k - start <= 2:
        nxt = doc[k]
        if nxt.lower_ in lex.outcome_adjectives or (nxt.tag_ in ("VBN", "VBD") and lex.verb_outcome(nxt)):
            word = nxt
        elif nxt.lower_ in _ADJACENT_FILLERS:
            k += 1
            continue
        break
    if word is None:
        return None
    if word.pos_ in ("VERB", "AUX") and word.i >= amount.end:
        # an active verb with an object makes the amount its subject (the attackers), not its victims
        if any(c.dep_ == "dobj" for c in word.children):
            return None
    outcome = lex.outcome_adjectives.get(word.lower_) or lex.word_outcome(word) or lex.verb_outcome(word)
    if outcome is None:
        return None
    return outcome, word


def _outcome_of_later_conjunct(
    doc: Doc, amount: _Amount, anchor: Token, amounts: list[_Amount], lex: Lexicon
) -> tuple[str, Token] | None:
    """"14 soldiers and 4 assailants killed": the outcome written after the last conjunct covers all."""
    for later in amounts:
        if later.start < amount.end:
            continue
        between = doc[amount.end:later.start]
        if len(between) > 2 or any(t.lower_ not in ("and", ",", "&", "as", "well") for t in between):
            break
        later_anchor = _phrase_head(doc, later.num_start, later.end)
        found = _adjacent_outcome(doc, later, later_anchor, lex)
        if found is not None:
            return found
        amount = later
    return None


_SIDE_NOUNS = frozenset({"rank", "ranks", "side", "camp"})


def _speaker_subject(token: Token) -> Token | None:
    """The subject of the clause ``token`` is in, climbing conjoined verbs ("JNIM claimed ..., admits ...")."""
    x = token
    for _ in range(8):
        if x.pos_ in ("VERB", "AUX"):
            subjects = [c for c in x.children if c.dep_ == "nsubj"]  # the acting side, not the victims
            if subjects:
                return subjects[0]
        if x.head.i == x.i:
            return None
        x = x.head
    return None


def _side_owner(side: Token) -> Token | None:
    """Whose ranks: "the ranks of the jihadists", "JNIM's ranks", or "its / own ranks", which are the
    ranks of the clause's subject (the side that admits its losses)."""
    inner = [g for c in side.children if c.lower_ in function_words("of") for g in c.children if g.dep_ == "pobj"]
    if inner:
        return inner[0]
    for child in side.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
        if child.dep_ == "poss" or (child.dep_ == "amod" and child.lower_ == "own"):
            return _speaker_subject(side)
    return None


def _among_hosts(word: Token, anchor: Token) -> list[Token]:
    """The outcome word, the amount's head, and the verbs they hang from (which may carry the "in")."""
    hosts = [word, anchor]
    for token in (word, anchor):
        if token.head.i != token.i and token.head.pos_ in ("VERB", "AUX") and token.head not in hosts:
            hosts.append(token.head)
    return hosts


def _toll_owner(word: Token, lex: Lexicon) -> str | None:
    """"put the army death toll at 85", "the civilian toll rose to 40": whose dead a toll noun counts, read
    from the words before it."""
    if word.lemma_.lower() not in lex.toll_nouns:
        return None
    for token in reversed([t for t in word.subtree if t.i < word.i]):
        if token.dep_ not in ("compound", "amod", "poss", "nmod"):
            continue
        group = lex.group_modifiers.get(token.lower_) or group_of(token, lex)
        if group and group != "unspecified":
            return group
    return None


def _group_from_among(word: Token, anchor: Token, lex: Lexicon) -> str | None:
    """"15 killed among the assailants", "seven killed in the ranks of the jihadists", "2 dead in JNIM's
    ranks", "acknowledged three dead in its ranks" (the prepositional phrase may hang from the verb that
    reports the dead)."""
    for token in _among_hosts(word, anchor):
        for child in token.children:
            if child.dep_ != "prep" or child.lower_ not in ("among", "in", "on", "from"):
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                target = pobj
                if pobj.lemma_.lower() in _SIDE_NOUNS or pobj.lower_ in _SIDE_NOUNS:
                    target = _side_owner(pobj)
                if target is not None:
                    group = group_of(target, lex)
                    if group not in (None, "unspecified"):
                        return group
    return None


def _killed_after(word: Token, lex: Lexicon) -> Token | None:
    """"five traders were abducted and executed", "arrested and later executed": a killing verb
    conjoined to the abduction verb, with no object of its own, is what happened to the same people in
    the end (ACLED counts them as fatalities)."""
    for child in word.children:
        if child.dep_ != "conj" or child.i < word.i or lex.verb_outcome(child) != "killed":
            continue
        if any(c.dep_ in ("dobj", "nsubj", "nsubjpass") for c in child.children):
            continue
        return child
    return None


def _part_of_toll(noun: Token | None, lex: Lexicon) -> bool:
    """"10 civilians, among them 3 children": the figure's noun carries a preposition whose object is a
    pronoun for the toll told before (``part_of_toll``), so it counts a part of that toll, not a toll."""
    if noun is None:
        return False
    for child in noun.children:
        if child.lower_ in lex.part_preps and any(g.lower_ in lex.part_pronouns for g in child.children):
            return True
        if child.lower_ in lex.part_pronouns and any(g.lower_ in lex.part_preps for g in child.children):
            return True
    return False


def _within_toll(amount: "_Amount", total: CasualtyMention, lex: Lexicon) -> bool:
    """Whether a part told after a toll ("among them ...") adds nothing to it: the toll names a kind of
    person of the part's own group ("10 civilians, among them 3 children"). A toll of people in general
    ("47 people, among them 30 civilians, 14 soldiers and 3 volunteers") is broken down by its parts,
    which keep their groups and figures."""
    victim = total.victim
    if victim is None or total.span.sent.start != amount.noun.sent.start:
        return False
    if victim.lemma_.lower() in lex.generic_nouns or victim.lower_ in lex.generic_nouns:
        return False
    return amount.group == total.group


def find_casualties(doc: Doc, lex: Lexicon | None = None) -> list[CasualtyMention]:
    """All casualty mentions of a parsed document, in text order."""
    lex = lex or default_lexicon()
    mentions: list[CasualtyMention] = []
    amounts = find_amounts(doc, lex)
    for amount in amounts:
        if amount.noun is None and _own_predicate(doc, amount, lex):
            continue  # "seven (07) assailants neutralised and eight (08) arrested"
        if amount.noun is None and doc[amount.num_end - 1].head.ent_type_ in ("DATE", "TIME"):
            continue  # "between July 7 and 10": the day of a date the NER cut short
        if mentions and _part_of_toll(amount.noun, lex) and _within_toll(amount, mentions[-1], lex):
            continue  # "killing 10 civilians, among them 3 children": the children are among the ten
        anchor = _phrase_head(doc, amount.num_start, amount.end)
        # "5 guards, 1 gendarme & 6 assailants killed, 2 guards wounded": the outcome written after a list
        # covers its members before any verb the parse hangs the first one from
        found = (_adjacent_outcome(doc, amount, anchor, lex)
                 or _outcome_of_later_conjunct(doc, amount, anchor, amounts, lex)
                 or outcome_from_syntax(anchor, lex))
        if found is not None and found[0] == "abducted" and found[1].dep_ == "acl":
            # "eight herders abducted the day before were found dead": the clause's own outcome, death, is
            # what happened to them in the end (ACLED counts them as fatalities)
            final = outcome_from_syntax(anchor, lex)
            if final is not None and final[0] == "killed":
                found = final
        if found is not None and found[0] == "abducted":
            killing = _killed_after(found[1], lex)
            if killing is not None:
                found = "killed", killing
        if (found is None and amount.noun is not None and lex.deaths_only_vague
                and (amount.noun.lemma_.lower() in lex.vague_casualty_nouns or amount.noun.lower_ in lex.vague_casualty_nouns)
                and doc[amount.start:amount.num_end].text.lower() in lex.deaths_only_vague):
            found = "killed", amount.noun  # "many casualties among the militants": ACLED's unknown toll, 10 dead
        if found is None and amount.noun is not None and amount.noun.lower_ in ("body", "bodies", "corpse", "corpses"):
            found = "killed", amount.noun  # "The 8 bodies were discovered"
        if found is None and amount.start > 0:
            # "killing at least four Dozos and burning ...": the verb right before the amount, whatever the parse
            before = doc[amount.start - 1]
            outcome = lex.verb_outcome(before)
            if outcome and before.tag_ in ("VBG", "VBD") and before.lemma_.lower() not in lex.intransitive:
                found = outcome, before
        later = _later_death(anchor)
        if later is not None:
            found = "killed", later  # "two later died of their wounds", "three wounded soldiers later died"
        if found is None:
            continue
        outcome, word = found
        if _attempted(word):
            continue
        if amount.noun is not None and amount.noun.pos_ == "PRON" and any(
            m.head.i == word.i for m in mentions
        ):
            continue  # "Nine people were injured, two of them seriously": a part of a toll already read
        group = amount.group
        bare = amount.noun is None or amount.noun.lemma_.lower() in ("other", "more")
        if bare:
            group = _group_from_among(word, anchor, lex) or _toll_owner(word, lex) or "unspecified"
            if group == "unspecified":
                # "killed 12 soldiers and wounded 7 (others)": a bare figure shares the group of the toll
                # read just before it in the same sentence
                for previous in reversed(mentions):
                    if previous.span.sent.start != doc[amount.start].sent.start:
                        break
                    if previous.victim is not None and previous.group != "unspecified":
                        group = previous.group
                        break
        if group == "unspecified" and amount.noun is not None and amount.noun.dep_ == "conj" and (
                any(c.dep_ == "poss" for c in amount.noun.children)
                or amount.noun.lemma_.lower() in lex.generic_nouns or amount.noun.lower_ in lex.generic_nouns):
            # "a village chief and his three sons": the relatives share the group of the victim they follow
            # (not "seven soldiers and five rangers": a kind of person of its own, group unknown)
            for previous in reversed(mentions):
                if previous.victim is not None and previous.victim.i == amount.noun.head.i:
                    group = previous.group
                    break
        if group == "unspecified" and word.lemma_.lower() == "lose":
            # "the army lost 20 men": the losing side's own people
            for child in word.children:
                if child.dep_ == "nsubj":
                    own = group_of(child, lex)
                    if own not in (None, "unspecified"):
                        group = own
        if amount.noun is None and lex.verb_outcome(word) == "abducted" and word.lemma_.lower() in ("seize", "capture"):
            continue  # "seized 12" without a person noun is as likely weapons or vehicles
        span = doc[amount.start:amount.end]
        count, count_max = amount.count, amount.count_max
        if outcome != "killed" and lex.deaths_only_vague and doc[amount.start:amount.num_end].text.lower() in lex.deaths_only_vague:
            count, count_max = None, None  # "many others reported missing": a number nobody gave
        mentions.append(
            CasualtyMention(
                span=span,
                outcome=outcome,
                group=group or "unspecified",
                count=count,
                count_max=count_max,
                qualifier=amount.qualifier,
                head=word,
                victim=amount.noun,
                extras={"later_died": True} if later is not None else {},
            )
        )
        killing = _killed_and_wounded(word, lex)
        if killing is not None and amount.count is not None and is_vague_amount(span.text):
            # "killing and wounding several": the vague word counts the dead too (ACLED: several = 3)
            mentions.append(CasualtyMention(span=span, outcome="killed", group=group or "unspecified",
                                            count=amount.count, count_max=amount.count_max,
                                            qualifier=amount.qualifier, head=killing, victim=amount.noun))
    return mentions


def _killed_and_wounded(word: Token, lex: Lexicon) -> Token | None:
    """The killing verb of "killed and wounded <amount>": ``word`` (the wounding verb, which the parser
    gives the shared object) is a conjunct of a killing verb with no object of its own."""
    if lex.verb_outcome(word) != "injured" or word.dep_ != "conj":
        return None
    first = word.head
    if lex.verb_outcome(first) == "killed" and first.pos_ == "VERB" and not any(
            c.dep_ in ("dobj", "obj", "nsubjpass") for c in first.children):
        return first
    return None


LATER_WORDS = frozenset({"later", "subsequently", "afterwards", "afterward", "since"})
WOUND_NOUNS = frozenset({"injury", "wound"})


def _later_death(anchor: Token) -> Token | None:
    """The verb when the amount is the subject of a death told after the toll ("two later died of their
    injuries", "three of the wounded succumbed to their wounds"): those dead are added to the toll."""
    verb = anchor.head
    while anchor.dep_ == "pobj" and verb.dep_ == "prep":  # "two of them later died"
        anchor, verb = verb.head, verb.head.head
    if anchor.dep_ != "nsubj" or verb.lemma_.lower() not in ("die", "succumb"):
        return None
    later = any(c.dep_ == "advmod" and c.lower_ in LATER_WORDS for c in verb.children)
    wounds = any(t.lemma_.lower() in WOUND_NOUNS for c in verb.children if c.dep_ == "prep" for t in c.subtree)
    return verb if later or wounds else None


_DEFINITE = frozenset({"the", "his", "her", "their", "its", "our", "this", "that"})
_SINGLE_TAGS = frozenset(get_string_id(tag) for tag in ("NN", "NNP"))
_SINGLE_DEPS = frozenset(get_string_id(dep) for dep in ("nsubjpass", "dobj", "nsubj", "conj", "ROOT", "pobj"))
_SINGLE_TAG_IDS = np.array(sorted(_SINGLE_TAGS), dtype=np.uint64)
_SINGLE_DEP_IDS = np.array(sorted(_SINGLE_DEPS), dtype=np.uint64)


def _single_candidates(doc: Doc) -> list[int]:
    """Indices of singular nouns in an argument position, picked on the tag and dependency arrays: only
    these few tokens are ever built and walked."""
    if not len(doc):
        return []
    rows = doc.to_array([TAG, DEP])
    chosen = np.isin(rows[:, 0], _SINGLE_TAG_IDS) & np.isin(rows[:, 1], _SINGLE_DEP_IDS)
    return np.flatnonzero(chosen).tolist()


COMPANION_PREPOSITIONS = frozenset({"with", "alongside"})


def companion_anchors(head: Token) -> list[Token]:
    """The tokens a person told as a companion may have been with ("killed a trader with his driver", "a
    chief was shot dead along with his guard"): for the object of "with" or "alongside" owned by a
    possessive, the word the preposition hangs from and that word's object or passive subject. Empty
    otherwise ("a trader with a gun": no possessive)."""
    if not any(c.dep_ == "poss" for c in head.children):
        return []
    prep = head.head
    if head.dep_ == "conj" and prep.dep_ == "pobj" and prep.head.lower_ == "of" and prep.head.dep_ == "prep":
        # "killing a leader of the X faction and his driver": the parser joins the driver to the faction
        # inside the "of" phrase; a person with a possessive goes with the person the phrase hangs from
        owner = prep.head.head
        while owner.dep_ == "pobj" and owner.head.lower_ == "of" and owner.head.head.i != owner.i:
            owner = owner.head.head  # "a leader of the X faction of the Y tribe and his driver"
        return [owner] if owner.pos_ in ("NOUN", "PROPN") else []
    if head.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in COMPANION_PREPOSITIONS:
        return []
    anchor = prep.head
    if anchor.dep_ == "advmod" and anchor.lower_ == "along":  # "along with his guard"
        anchor = anchor.head
    return [anchor, *(c for c in anchor.children if c.dep_ in ("dobj", "nsubjpass"))]


def _companion_of(head: Token, mentions: list[CasualtyMention]) -> Token | None:
    """The victim the casualty reader already took that a companion was with (``companion_anchors``); None
    when there is none ("killed him with his own gun" names no victim of a toll)."""
    anchors = companion_anchors(head)
    if not anchors:
        return None
    victims = {m.victim.i: m.victim for m in mentions if m.victim is not None}
    victims |= {t.i: t for m in mentions for t in m.span if t.dep_ in ("dobj", "nsubjpass")}
    return next((victims[a.i] for a in anchors if a.i in victims), None)


def _unlisted_person(token: Token, lex: Lexicon) -> tuple[str | None, bool]:
    """The group of a single victim the victim lexicon does not list, and whether it is only presumed.

    A name in apposition with a person noun takes that noun's group ("Amadou Diallo, a farmer"); a
    personal name is a person of no group; a definite common noun ("the town clerk") is presumed a
    person (``loose``): only the object or passive subject of a verb that kills a person
    (``person_killing_verbs``: "assassinated", "executed", not "massacred", said of communities, nor
    "left ... dead", said of attacks) makes it a victim, unless the lexicon lists it among the animals
    and things (``non_person_victims``)."""
    if token.ent_type_ in lex.place_labels:
        return None, False  # "BAMAKO, Aug 10 - Forty-two soldiers ...": a dateline, not a victim
    for child in token.children:
        if child.dep_ == "appos" and not any(c.dep_ == "nummod" for c in child.children):
            group = group_of(child, lex)
            if group is not None:
                return group, False
    if token.ent_type_ == "PERSON":
        return "unspecified", False
    if token.tag_ == "NN" and not token.ent_type_ and token.lemma_.lower() not in lex.non_person_victims \
            and any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in token.children):
        return "unspecified", True
    return None, False


def _objectless_killing(head: Token, lex: Lexicon) -> tuple[str, Token] | None:
    """"The district secretary assassinated at his home": a note's passive without its auxiliary that the
    tagger reads as an active past. A killing verb with a person as subject, no object, no auxiliary and
    no clause of its own cannot be active, so its subject is the victim."""
    verb = head.head
    if head.dep_ != "nsubj" or verb.tag_ not in ("VBD", "VBN") or verb.lemma_.lower() not in lex.person_killing_verbs:
        return None
    if any(c.dep_ in ("dobj", "obj", "aux", "auxpass", "ccomp", "xcomp", "attr", "oprd") for c in verb.children):
        return None
    return "killed", verb


def _shot_dead(head: Token, lex: Lexicon) -> tuple[str, Token] | None:
    """"Gunmen shot dead the officer": the parser hangs "dead" from the object, not from the verb."""
    verb = head.head
    if head.dep_ != "dobj" or verb.i + 1 >= len(head.doc) or verb.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.dep_ == "dobj" and c.i != head.i for c in verb.children):
        return None  # "shot dead six people, among them the priest": a part of the toll, parsed as an object
    nxt = head.doc[verb.i + 1]
    if nxt.i < head.i and nxt.lower_ in lex.outcome_adjectives and lex.outcome_adjectives[nxt.lower_] == "killed":
        return "killed", verb
    return None


def find_single_victims(doc: Doc, mentions: list[CasualtyMention], lex: Lexicon) -> list[CasualtyMention]:
    """One named or definite person as the object or passive subject of an outcome verb: "killing the unit
    commander", "the deputy mayor was shot dead", "Councilman assassinated" (wire headline style).

    Counted as one, like ACLED does. Plural nouns without a figure ("soldiers were killed") stay out: their
    number is unknown.
    """
    covered = {i for m in mentions for i in range(m.span.start, m.span.end)}
    found: list[CasualtyMention] = []
    # the tag and dependency tests on hashes pick the few candidates before any Token is built; the tests
    # after them only filter, so the cheap word tests run before the walks over children
    for i in _single_candidates(doc):
        if i in covered:
            continue
        token = doc[i]
        if token.lower_ in ("one", "other", "body", "life", "toll") or token.ent_type_ in lex.entity_labels:
            continue
        if token.lower_ in lex.outcome_adjectives or token.lemma_.lower() in lex.outcome_nouns:
            continue  # "took 20 passengers hostage": the outcome word itself
        group = group_of(token, lex)
        if group is None and token.pos_ == "PROPN":
            # "shot dead CSMAK officer Baba Ag Adobent": a name whose title says who he was
            group = next((g for c in token.children if c.dep_ == "compound" and c.i < token.i
                          for g in [group_of(c, lex)] if g is not None), None)
        loose = unlisted = False
        if group is None:
            group, loose = _unlisted_person(token, lex)
            unlisted = group is not None
        if group is None:
            continue
        children = list(token.children)
        if any(c.dep_ in ("nummod", "quantmod") for c in children):
            continue
        dets = [c for c in children if c.dep_ in ("det", "poss")]
        if dets and dets[0].lower_ not in _DEFINITE and (unlisted or dets[0].lower_ not in lex.singular_articles):
            # "a soldier" is read as an amount; "any soldier", "no soldier" are not casualties. A listed
            # person the amount reader missed ("a Water and Forests department agent": the name's "and"
            # cut the amount short) counts one, as an amount would.
            continue
        head = token
        while head.dep_ == "conj" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i != head.i:
            head = head.head  # "killing the unit commander and the deputy mayor"
        companion = _companion_of(head, [*mentions, *found]) or (
            _companion_of(token, [*mentions, *found]) if token.dep_ == "conj" and head.dep_ == "pobj" else None)
        if companion is not None:
            head = companion  # "shot dead a local chief with his son": the son shares the chief's fate
        if head.dep_ not in ("nsubjpass", "dobj", "nsubj", "ROOT"):
            continue
        # "the unit commander was killed"; "Malian army officer killed by gunmen" (headline)
        outcome = (_final_fate(head, lex) or _shot_dead(head, lex)
                   or (_objectless_killing(head, lex) if group != "assailants" else None))
        if outcome is None or _attempted(outcome[1]):
            continue
        if unlisted and (head.i != token.i or head.dep_ not in ("nsubjpass", "dobj", "nsubj")):
            continue  # a name the lexicon does not know counts only as the verb's own subject or object
        if unlisted and any(c.dep_ == head.dep_ and c.i != head.i and c.i in covered for c in head.head.children):
            continue  # the verb's subject is a toll already read: a second "subject" is the parser's slip
        if loose and (outcome[0] != "killed" or head.i != token.i or head.dep_ not in ("nsubjpass", "dobj")
                      or outcome[1].i != head.head.i or outcome[1].lemma_.lower() not in lex.person_killing_verbs):
            continue  # only a verb that kills one person says a noun the lexicon does not know is one
        if group == "unspecified" and companion is not None:
            group = next((m.group for m in [*mentions, *found] if m.victim is not None
                          and m.victim.i == companion.i), group)
        if group == "unspecified" and token.dep_ == "conj":
            # "killed a commander and his associate": the companion shares the group of the victim before him
            group = next((m.group for m in [*mentions, *found] if m.victim is not None
                          and m.victim.i == token.head.i), group)
        start = min([token.i] + [c.left_edge.i for c in token.children if c.i < token.i and c.dep_ in ("det", "poss", "amod", "compound")])
        found.append(
            CasualtyMention(doc[start:token.i + 1], outcome[0], group, 1, None, "exact", outcome[1], victim=token)
        )
    return found


# --- aggregate tolls -----------------------------------------------------------------------------

_CLAUSE_BREAKS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "conj", "acl"})


def _clause_tokens(head: Token) -> list[Token]:
    """The toll's own clause: from the outcome word up to its first verb, minus embedded clauses that do
    not hold the toll. A statistic told in a neighbouring clause ("..., the deadliest since 2015") must not
    make this toll one."""
    root = head
    while root.pos_ not in {"VERB", "AUX"} and root.head.i != root.i:
        root = root.head
    path = {head.i, *(t.i for t in head.ancestors)}
    out: list[Token] = []
    stack = [root]
    while stack:
        token = stack.pop()
        out.append(token)
        for child in token.children:
            if child.dep_ in _CLAUSE_BREAKS and child.i not in path:
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _superlative_scope(token: Token) -> bool:
    """"the deadliest attack this year": a yardstick, not a period the toll is counted over."""
    return any(t.tag_ == "JJS" or t.lower_ in {"worst", "deadliest", "biggest", "largest", "heaviest"}
               for t in [token.head, *token.head.children, *token.ancestors] if abs(t.i - token.i) <= 4)


def aggregate_cue(mention: "CasualtyMention", lex: Lexicon, skip: frozenset = frozenset()) -> str | None:
    """The words that make a toll a count over a period or an area ("500 deaths since 2015",
    "50 people killed in four regions within a 72-hour period", "across the country"), or None.

    Such figures are statistics: attaching them to an attack would give it another event's dead."""
    head = mention.head if mention.head is not None else mention.span.root
    tokens = _clause_tokens(head)
    inside = {t.i for t in tokens}
    doc = head.doc
    for token in tokens:
        if mention.span.start <= token.i < mention.span.end:
            continue
        low = token.lower_
        if low in lex.since_words:
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is not None and (nxt.shape_ == "dddd" or nxt.lower_ in lex.month_words):
                return f"{token.text} {nxt.text}"
        if low in lex.spread_preps:
            for child in token.children:
                # "in four regions" spreads the toll; "in the three villages" points back at told attacks
                if child.dep_ == "pobj" and child.lower_ in lex.spread_nouns and any(
                        g.dep_ == "nummod" for g in child.children) and not any(
                        g.dep_ in {"det", "poss"} for g in child.children):
                    return " ".join(t.text for t in doc[token.i:child.i + 1])
        for phrase in lex.aggregate_phrases_at.get(low, lex.aggregate_phrases_anywhere):
            if phrase in skip:
                continue
            end = token.i + len(phrase)
            if end <= len(doc) and tuple(t.lower_ for t in doc[token.i:end]) == phrase and all(
                    i in inside for i in range(token.i, end)) and not _superlative_scope(token):
                return " ".join(phrase)
    return None


def find_fates_of_abducted(doc: Doc, mentions: list[CasualtyMention], lex: Lexicon) -> list[CasualtyMention]:
    """Hostages killed afterwards, told with a pronoun: "militiamen abducted four herders ..., they were
    executed", "a trader was abducted. He was later found dead". The pronoun (``fate_pronouns``:
    singular or plural) is the subject of a killing, and the nearest abduction toll before it, in its
    sentence or the one before, has a count of the pronoun's number: those hostages count as killed too,
    as ACLED counts them."""
    pronouns = lex.fate_pronouns
    if not pronouns or not any(m.outcome == "abducted" for m in mentions):
        return []  # no hostages told: no fate to read (most articles)
    found: list[CasualtyMention] = []
    starts = [s.start for s in doc.sents]
    for i, lower in enumerate(_lower_texts(doc)):
        number = pronouns.get(lower)
        if number is None:
            continue
        token = doc[i]
        if token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        outcome = _outcome_of_clause(token, lex)
        if outcome is None or outcome[0] != "killed" or _attempted(outcome[1]):
            continue
        sent_start = token.sent.start
        previous_start = max((s for s in starts if s < sent_start), default=sent_start)
        before = [m for m in mentions if previous_start <= m.span.start < token.i]
        if not before or any(m.outcome == "killed" and m.head.i == outcome[1].i for m in mentions):
            continue
        last = before[-1]
        if last.outcome != "abducted" or last.count is None or (last.count == 1) != (number == "one"):
            continue
        found.append(CasualtyMention(doc[token.i:token.i + 1], "killed", last.group, last.count, last.count_max,
                                     last.qualifier, outcome[1], victim=token))
    return found


class SahelCasualties:
    """Writes ``doc._.casualty_mentions``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = default_lexicon(lang=nlp.lang)

    @in_document_language
    def __call__(self, doc: Doc) -> Doc:
        mentions = find_casualties(doc, self.lexicon)
        mentions.extend(find_single_victims(doc, mentions, self.lexicon))
        mentions.extend(find_fates_of_abducted(doc, mentions, self.lexicon))
        for mention in mentions:
            cue = aggregate_cue(mention, self.lexicon)
            if cue is not None and tuple(cue.split()) in self.lexicon.sum_phrases:
                # "killing 12 in total": the sum over the events told, no statistic unless another cue says so
                other = aggregate_cue(mention, self.lexicon, skip=self.lexicon.sum_phrases)
                if other is None:
                    mention.extras["sum"] = cue
                cue = other
            if cue is not None:
                mention.extras["aggregate"] = cue
            if provisional_cue(mention, self.lexicon):
                mention.extras["provisional"] = True
        doc._.casualty_mentions = sorted(mentions, key=lambda m: m.span.start)
        return doc


PROVISIONAL_WORDS = frozenset({"initial", "provisional", "preliminary", "first", "early", "earlier"})


def provisional_cue(mention: CasualtyMention, lex: Lexicon) -> bool:
    """"The initial toll is nine dead", "a provisional toll of six killed": a figure given as provisional,
    which a later figure for the same people revises (ACLED keeps the revised one)."""
    def provisional(noun: Token) -> bool:
        return (noun.lemma_.lower() in lex.toll_nouns or noun.lower_ in lex.toll_nouns) and any(
            c.dep_ in ("amod", "compound") and c.lower_ in PROVISIONAL_WORDS for c in noun.children)

    x = mention.span.root
    for _ in range(6):
        if provisional(x):
            return True
        if x.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") and provisional(c) for c in x.children):
            return True
        if x.head.i == x.i:
            break
        x = x.head
    return False


@Language.factory("sahel_casualties", requires=["doc.sents", "token.dep", "token.lemma"],
                  assigns=["doc._.casualty_mentions"])
def make_sahel_casualties(nlp: Language, name: str) -> SahelCasualties:
    return SahelCasualties(nlp, name)
