"""Who speaks and who relays: reporting outlets and speakers, shared by the claim and attribution extractors.

A claim or attribution is only as good as its chain of sources. "The BBC reports that Mali's military is
attributing the attacks to JNIM" has a speaker (the military, who attributes) and a relay (the BBC, who
reports). Both extractors need the same three answers, so they live here: which outlets relay a sentence
(``relaying_outlets``), who a noun phrase is (``actor_ref``: a knowledge-base actor when the text names one,
otherwise a speaker kind such as residents or security sources), and the phrase span of a subject
(``phrase_span``). Outlet names and speaker words are data in ``models/lexicons``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from typing import Any, Container, Iterable

import numpy as np
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, IDX, LEMMA, LOWER, ORTH, SPACY
from spacy.tokens import Doc, Span, Token

from sahel_ie.extensions import doc_cache
from sahel_ie.parsing.parse_table import TEXT_KEY, document_text, ids, span_text
from sahel_ie.kb.actors import ActorKB, default_kb
from sahel_ie.kb.people import default_people
from sahel_ie.records import ActorRef, Evidence
from sahel_ie.resources import read_json, read_lexicon, per_language
from sahel_ie.parsing.speakers import longest_phrase_value
from sahel_ie.parsing.syntax import according_speaker, function_word_ids, is_according_object

ACTOR_LABELS = {"ARMED_GROUP", "MILITIA", "STATE_FORCE", "FOREIGN_FORCE", "INTL_MISSION", "GOV_BODY"}
GROUP_LABELS = {"ARMED_GROUP", "MILITIA"}
PRONOUNS = {"it", "they", "its", "their", "he", "she", "we", "them", "this", "which", "who", "that"}


NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _drop_combining(match: re.Match[str]) -> str:
    char = match.group()
    return "" if unicodedata.combining(char) else char


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, accent-free, with typographic apostrophes and hyphen spacing normalised."""
    if not text.isascii():  # ASCII has no decompositions and no combining marks: only the rest is looked at
        text = NON_ASCII.sub(_drop_combining, unicodedata.normalize("NFKD", text))
    text = text.replace("’", "'").replace("‘", "'").replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    return " ".join(text.lower().split())


@lru_cache(maxsize=1)
def outlet_aliases() -> dict[str, str]:
    """Folded surface form -> canonical outlet name."""
    data = read_json("lexicons/outlets.json")
    out: dict[str, str] = {}
    for canonical, aliases in data["outlets"].items():
        out[fold(canonical)] = canonical
        for alias in aliases:
            out[fold(alias)] = canonical
    return out


@lru_cache(maxsize=1)
def _outlet_prefixes() -> frozenset[str]:
    """Every leading substring of every folded outlet alias.

    ``find_outlets`` tries six windows at each token; a window can only name an outlet when the folded
    text of its first token begins some alias, so this set lets it skip almost every token after one fold.
    """
    return frozenset(key[:n] for key in outlet_aliases() for n in range(1, len(key) + 1))


@lru_cache(maxsize=1)
def _outlet_substrings() -> frozenset[str]:
    """Every substring of every folded outlet alias, with and without a leading 'the '."""
    keys = [form for key in outlet_aliases() for form in (key, "the " + key)]
    return frozenset(key[a:b] for key in keys for a in range(len(key)) for b in range(a + 1, len(key) + 1))


def _outlet_reach(table: Snapshot, i: int, longest: int) -> int:
    """How many tokens from ``i`` (``longest`` at most) a window naming an outlet can span.

    Folding an ASCII token without spaces leaves it as it is, lower-cased, and it stays whole inside the
    folded window; so a window holding such a token that no alias contains names no outlet. Other tokens
    (accents, typographic quotes, line breaks) are not judged."""
    substrings = _outlet_substrings()
    for n in range(longest):
        word = table.texts[i + n]
        if word.isascii() and word.split() == [word] and word.lower() not in substrings:
            return n
    return longest


@lru_cache(maxsize=1)
def _outlet_lexicon() -> dict[str, Any]:
    return read_json("lexicons/outlets.json")


@per_language
def _attribution_lexicon() -> dict[str, Any]:
    return read_lexicon("attribution_cues")


@per_language
def _say_verbs() -> frozenset[str]:
    return frozenset(_attribution_lexicon()["say_verbs"])


@per_language
def _report_verbs() -> frozenset[str]:
    return frozenset(_outlet_lexicon()["report_verbs"])


@per_language
def _relay_prepositions() -> tuple[str, ...]:
    return tuple(fold(p) for p in _outlet_lexicon()["relay_prepositions"])


@per_language
def speaker_words() -> dict[str, str]:
    """Folded speaker phrase -> kind (military, residents, ...)."""
    out: dict[str, str] = {}
    for kind, words in _attribution_lexicon()["speaker_kinds"].items():
        for word in words:
            out.setdefault(fold(word), kind)
    return out


def outlet_of(text: str, *, original: str | None = None) -> str | None:
    """The canonical outlet a phrase names, or None.

    Very short aliases ("AP", "AA") only count when written in capitals, so "ap" or "aa" inside ordinary
    prose never becomes a news agency.
    """
    key = fold(text)
    if key.startswith("the "):
        key_nodet = key[4:]
    else:
        key_nodet = key
    for candidate in (key, key_nodet):
        canonical = outlet_aliases().get(candidate)
        if canonical is None:
            continue
        raw = (original or text).strip()
        raw_core = raw[4:] if raw.lower().startswith("the ") else raw
        if len(candidate) <= 3 and not raw_core.isupper():
            continue
        return canonical
    return None


def find_outlets(span: Span | Doc) -> list[tuple[Span, str]]:
    """Outlet mentions in a span: longest match first, no overlaps (memoised per span for the extractor run)."""
    doc = span.doc if isinstance(span, Span) else span
    start = span.start if isinstance(span, Span) else 0
    end = span.end if isinstance(span, Span) else len(doc)
    table = snapshot(doc)
    found = table.outlets.get((start, end))
    if found is None:
        found = table.outlets[(start, end)] = _scan_outlets(doc, table, start, end)
    return list(found)


def _scan_outlets(doc: Doc, table: Snapshot, start: int, end: int) -> list[tuple[Span, str]]:
    """``find_outlets`` on tokens ``start:end``: window texts are sliced from the document text, and a Span is
    built only for a match."""
    text = table.text
    found: list[tuple[Span, str]] = []
    prefixes = _outlet_prefixes()
    i = start
    while i < end:
        first = table.folded(i)
        if first != "the" and first not in prefixes:
            i += 1
            continue
        match = None
        head = doc[i]
        if head.is_alpha or head.text[:1].isalnum():
            for length in range(_outlet_reach(table, i, min(6, end - i)), 0, -1):
                name = outlet_of(text[table.idx[i]:table.end_char(i + length - 1)])
                if name is not None:
                    match = (doc[i:i + length], name)
                    break
        if match:
            found.append(match)
            i = match[0].end
        else:
            i += 1
    return found


def _relays(tok_span: Span) -> bool:
    """Whether an outlet mention is a relay: subject of a report verb, after 'according to', or 'told X'."""
    report_verbs = _report_verbs()
    root = tok_span.root
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in report_verbs:
        return True
    if root.dep_ == "dobj" and head.lemma_.lower() in {"tell"}:
        return True
    if root.dep_ == "pobj":
        prep = head
        if is_according_object(root) or prep.lower_ == "to" and prep.head.lower_ in ("according", "speaking", "told"):
            return True
        if prep.lower_ == "by" and prep.head.lemma_.lower() in ("cite", "quote", "report", "carry", "relay",
                                                                 "interview", "contact", "reach"):
            return True
        if prep.lower_ == "with" and prep.head.lower_ in ("interview",):
            return True
        if prep.lower_ == "to" and prep.head.lemma_.lower() in ("tell", "speak", "say", "statement"):
            return True
    window = fold(span_text(tok_span.doc[max(tok_span.start - 4, 0):tok_span.start]))
    for phrase in _relay_prepositions():
        if window.endswith(phrase):
            return True
    after = tok_span.doc[tok_span.end:tok_span.end + 2]
    if len(after) and after[0].lemma_.lower() in report_verbs:
        return True
    return False


def relaying_outlets(sent: Span, exclude: Iterable[Span] = ()) -> list[str]:
    """Canonical names of the outlets that relay what a sentence says, in order of mention.

    ``exclude`` holds spans that are the speaker themselves (an outlet that attributes is the speaker, not
    a relay).
    """
    excluded = [(s.start, s.end) for s in exclude]
    names: list[str] = []
    for mention, name in find_outlets(sent):
        if any(mention.start < e and s < mention.end for s, e in excluded):
            continue
        if name not in names and _relays_memo(mention):
            names.append(name)
    return names


def _relays_memo(mention: Span) -> bool:
    """``_relays`` remembered per mention for the extractor run (a sentence's relays are asked per record)."""
    memo = snapshot(mention.doc).relays
    key = (mention.start, mention.end)
    if key not in memo:
        memo[key] = _relays(mention)
    return memo[key]


def phrase_span(token: Token, *, conj: bool = False) -> Span:
    """The noun phrase headed by ``token``, without relative clauses, appositions and trailing punctuation
    (``conj=True`` keeps coordinated heads: "Western governments and rights groups")."""
    doc = token.doc
    left = token.left_edge.i
    right = token.i
    stops = ("relcl", "appos", "acl", "punct", "advcl") if conj else ("relcl", "appos", "acl", "punct", "cc", "conj", "advcl")
    for child in token.rights:
        if child.dep_ in stops:
            break
        right = max(right, child.right_edge.i)
    for child in token.lefts:
        if child.i == left and (child.dep_ == "punct" or child.pos_ == "ADV"):
            left = child.right_edge.i + 1
    while right > left and doc[right].is_punct:
        right -= 1
    texts = snapshot(doc).texts
    inside = texts[left:right + 1]
    opened = inside.count("(") - inside.count(")")
    if opened > 0 and right + 1 < len(doc) and texts[right + 1] == ")":
        right += 1
    left, right = _within_line(texts, token.i, left, right)
    return doc[left:right + 1]


def same_line(doc: Doc, i: int, j: int) -> bool:
    """Whether tokens ``i`` and ``j`` stand on one line of the text (no line break between them).

    A token's trailing whitespace is one space at most: line breaks are tokens of their own."""
    lo, hi = min(i, j), max(i, j)
    return not any("\n" in t for t in snapshot(doc).texts[lo:hi])


def _within_line(texts: list[str], anchor: int, left: int, right: int) -> tuple[int, int]:
    """Cut a phrase at line breaks around its head: a headline without a full stop is parsed into the
    first sentence of the body, and a phrase must not run from one into the other."""
    for i in range(anchor - 1, left - 1, -1):
        if "\n" in texts[i]:
            left = i + 1
            break
    for i in range(anchor, right):
        if "\n" in texts[i + 1]:
            right = i
            break
    return left, right


SNAPSHOT_KEY = "sahel_sources_snapshot"
# What a snapshot is read from: the tokens' strings and offsets, and the entity annotation.
SNAPSHOT_ATTRS = [ORTH, LOWER, LEMMA, IDX, SPACY, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]
WHITESPACE = ("", " ")


class Snapshot:
    """A Doc's entities and its tokens' texts, lower-cased forms (as string ids) and lower-cased lemmas, read
    at once.

    spaCy rebuilds ``doc.ents`` on every access, and ``doc[i]`` builds a ``Token`` object at each position;
    the extractors test every token of every sentence against their cue lexicons, and the objects cost more
    than the tests. Testing these lists and building a ``Token`` only where a cue word stands gives the same
    answers for less. The snapshot also memoises, for one extractor run, what the extractor asks again and
    again about the document: outlet mentions per span and relays per mention.
    """

    def __init__(self, doc: Doc, arrays: np.ndarray) -> None:
        strings = doc.vocab.strings
        self.arrays = arrays
        orths, lowers, lemmas, idx, spaces = arrays[:, :5].T.tolist()
        self.texts: list[str] = [strings[h] for h in orths]
        self.lower_ids: list[int] = lowers  # compared with ``word_ids``: no string is needed
        self.lemma: list[str] = [strings[h].lower() for h in lemmas]
        self.idx: list[int] = idx
        cache = doc_cache(doc)
        if TEXT_KEY not in cache:  # ``doc.text`` from the strings at hand
            cache[TEXT_KEY] = "".join([t + WHITESPACE[w] for t, w in zip(self.texts, spaces)])
        self.text: str = cache[TEXT_KEY]
        self.ents: tuple[Span, ...] = tuple(doc.ents)
        self.ent_ends: list[int] = [e.end for e in self.ents]
        self._folded: list[str | None] = [None] * len(self.texts)
        self.outlets: dict[tuple[int, int], list[tuple[Span, str]]] = {}
        self.relays: dict[tuple[int, int], bool] = {}

    def forget(self) -> None:
        """Empty the memos: a new extractor run does not trust what an earlier one found."""
        self.outlets.clear()
        self.relays.clear()

    def folded(self, i: int) -> str:
        """The folded text of token ``i``, folded on first use: only outlet search needs it, in a few
        sentences."""
        folded = self._folded[i]
        if folded is None:
            folded = self._folded[i] = fold(self.texts[i])
        return folded

    def end_char(self, i: int) -> int:
        """Character offset just after token ``i``."""
        return self.idx[i] + len(self.texts[i])

    def find_lemmas(self, start: int, end: int, lemmas: Container[str]) -> list[int]:
        """Indices in ``start:end`` whose lower-cased lemma is one of ``lemmas``."""
        column = self.lemma
        return [i for i in range(start, end) if column[i] in lemmas]


# The string ids of words, as the Doc's arrays hold them (``Snapshot.lower_ids``); lexicon sets repeat.
word_ids = lru_cache(maxsize=64)(ids)


def snapshot(doc: Doc) -> Snapshot:
    """The snapshot taken by ``refresh_entities`` (taken now if there is none)."""
    snap = doc_cache(doc).get(SNAPSHOT_KEY)
    return snap if snap is not None else refresh(doc)


def refresh(doc: Doc) -> Snapshot:
    """Take the snapshot at the start of an extractor run.

    The previous run's snapshot (the claims extractor's, for the attribution extractor) is kept, its memos
    emptied, when the arrays it was read from are unchanged: one array comparison instead of rebuilding the
    entity spans and the token strings."""
    arrays = doc.to_array(SNAPSHOT_ATTRS)
    cache = doc_cache(doc)
    snap = cache.get(SNAPSHOT_KEY)
    if snap is not None and np.array_equal(snap.arrays, arrays):
        snap.forget()
    else:
        snap = cache[SNAPSHOT_KEY] = Snapshot(doc, arrays)
    return snap


def refresh_entities(doc: Doc) -> tuple[Span, ...]:
    """``refresh`` the snapshot and return its entities."""
    return refresh(doc).ents


def entities(doc: Doc) -> tuple[Span, ...]:
    """The entities of the snapshot taken by ``refresh_entities`` (taken now if there is none)."""
    return snapshot(doc).ents


def entity_in(span: Span, labels: set[str] = ACTOR_LABELS) -> Span | None:
    """The first entity with one of ``labels`` overlapping ``span`` (the head's entity preferred)."""
    root = span.root
    best = None
    snap = snapshot(span.doc)
    # entities never overlap, so their ends rise with their starts: skip those ending before the span starts
    first = bisect.bisect_right(snap.ent_ends, span.start)
    for ent in snap.ents[first:]:
        if ent.start >= span.end:
            break
        if ent.label_ not in labels:
            continue
        if ent.start <= root.i < ent.end:
            return ent
        if best is None:
            best = ent
    return best


def _kb() -> ActorKB:
    """The shared actor knowledge base (loaded once per process)."""
    return default_kb()


def actor_name(actor_id: str, published: str | None) -> str | None:
    """The KB display name of an actor on the article's date."""
    actor = _kb().get(actor_id)
    return actor.name_on(published) if actor is not None else None


def actor_type(actor_id: str) -> str | None:
    """The KB type of an actor (jihadist_group, state_force, ...), or None."""
    actor = _kb().get(actor_id)
    return actor.type if actor is not None else None


def resolve_text(text: str, doc: Doc) -> tuple[str, str | None] | None:
    """(actor id, name) for a phrase the KB resolves, else None (``ActorKB.resolve`` remembers answers)."""
    res = _kb().resolve(text, date=doc._.published, abbreviations=doc._.abbreviations or None)
    if res is None:
        return None
    return res.actor.id, res.actor.name_on(doc._.published)


def speaker_kind(span: Span) -> str:
    """The kind of a speaker phrase from its words: 'army spokesman' -> military, 'residents' -> residents."""
    kind = longest_phrase_value([fold(t.text) for t in span if not t.is_punct], speaker_words())
    if kind is not None:
        return kind
    text = span_text(span)
    if outlet_of(text, original=text) is not None:
        return "media"
    return "unknown"


def evidence_of(span: Span) -> Evidence:
    """Offsets, sentence index and text of a span (sentence starts cached on the Doc)."""
    sent_index = None
    starts = doc_cache(span.doc).get("sahel_sources_sent_starts")
    if starts is None:
        try:
            starts = [s.start for s in span.doc.sents]
        except ValueError:
            starts = []
        doc_cache(span.doc)["sahel_sources_sent_starts"] = starts
    if starts:
        sent_index = bisect.bisect_right(starts, span.start) - 1
    return Evidence(start=span.start_char, end=span.end_char, sentence=sent_index, text=span_text(span))


LEAD_VERBS = frozenset({"lead", "head", "command", "run", "found", "direct", "represent", "chair"})
ROLE_NOUNS = frozenset({"leader", "head", "chief", "commander", "spokesman", "spokesperson", "spokeswoman", "emir",
                        "founder", "boss", "representative", "chairman", "president", "secretary-general"})


def _group_entity(doc: Doc, start: int, end: int) -> Span | None:
    """The armed group named between two token indices; a named organisation beats the community militia
    or coalition it belongs to ("the Dogon militia known as Dan Na Ambassagou")."""
    kb = _kb()
    found = [e for e in entities(doc) if start <= e.start and e.end <= end and e.label_ in GROUP_LABELS and e.ent_id_]
    if not found:
        return None
    best = found[0]
    for ent in found[1:]:
        actor = kb.get(ent.ent_id_)
        if actor is not None and (best.ent_id_ in actor.affiliations or best.ent_id_ in kb.parent_chain(ent.ent_id_)):
            best = ent
    return best


def person_group(span: Span) -> tuple[str, Span | None] | None:
    """(actor id, the group's mention or None) for a person who stands for a group: one the knowledge base
    knows (``models/people.json``, the role held on the article's day), or one the sentence ties to a
    group: "X, who leads Y", "Y's leader X", "Y spokesman X", "X, the leader of Y"."""
    doc = span.doc
    tok = span.root
    role_nouns = [tok] if tok.lemma_.lower() in ROLE_NOUNS else []
    role_nouns += [c for c in tok.children if c.dep_ in ("compound", "appos", "nmod") and c.lemma_.lower() in ROLE_NOUNS]
    if tok.dep_ == "appos" and tok.head.lemma_.lower() in ROLE_NOUNS:
        role_nouns.append(tok.head)  # "the JNIM leader, Iyad Ag Ghaly"
    for role in role_nouns:
        # "Y's leader", "the JNIM spokesman", "the leader of Y"
        parts = [c for c in role.children if c.dep_ in ("poss", "compound", "nmod", "amod")]
        parts += [g for c in role.children if c.dep_ == "prep" and c.lower_ in ("of", "for")
                  for g in c.children if g.dep_ == "pobj"]
        for part in parts:
            ent = _group_entity(doc, part.left_edge.i, part.right_edge.i + 1)
            if ent is not None:
                return ent.ent_id_, ent
    for child in tok.children:
        if child.dep_ == "relcl" and child.lemma_.lower() in LEAD_VERBS:
            # "Youssouf Toloba, who leads the Dogon militia known as Dan Na Ambassagou"
            for obj in child.children:
                if obj.dep_ in ("dobj", "attr"):
                    ent = _group_entity(doc, obj.left_edge.i, obj.right_edge.i + 1)
                    if ent is not None:
                        return ent.ent_id_, ent
    if tok.ent_type_ == "PERSON" or (len(span) >= 2 and all(t.is_title or not t.is_alpha for t in span)):
        found = default_people().group_of(span_text(span), doc._.published)
        if found is None and tok.ent_type_ == "PERSON":
            ent = next((e for e in entities(doc) if e.start <= tok.i < e.end), None)
            found = default_people().group_of(ent.text, doc._.published) if ent is not None else None
        if found is not None and _kb().get(found[1].actor) is not None:
            return found[1].actor, None
    return None


def actor_ref(span: Span, *, speaker: bool = False) -> ActorRef:
    """An ``ActorRef`` for a phrase: KB actor from the entity ruler or the resolver, and a kind.

    For speakers (``speaker=True``) the kind is the speaker vocabulary of the contract (military,
    government, residents, ...); for armed actors it is the KB type when known.
    """
    doc = span.doc
    ent = entity_in(span)
    actor_id = ent.ent_id_ if ent is not None and ent.ent_id_ else None
    name = actor_name(actor_id, doc._.published) if actor_id else None
    if actor_id is None and not (len(span) == 1 and span[0].lower_ in PRONOUNS):
        resolved = resolve_text(span_text(span), doc)
        if resolved is not None:
            actor_id, name = resolved
    via_person: tuple[str, Span | None] | None = None
    if (actor_id is None or ent is not None and not (ent.start <= span.root.i < ent.end)) and not (
            len(span) == 1 and span[0].lower_ in PRONOUNS):
        via_person = person_group(span)
        if via_person is not None:
            actor_id, name = via_person[0], actor_name(via_person[0], doc._.published)
    if speaker:
        kind = speaker_kind(span)
        if kind == "unknown" and ent is not None:
            kind = _attribution_lexicon()["kind_from_label"].get(ent.label_, "unknown")
        if kind == "unknown" and actor_id:
            kind = _attribution_lexicon()["kind_from_actor_type"].get(actor_type(actor_id) or "", "unknown")
    else:
        kind = (actor_type(actor_id) if actor_id else None) or "unknown"
    ref = ActorRef(text=span_text(span), actor_id=actor_id, name=name, kind=kind, evidence=[evidence_of(span)])
    if via_person is not None:
        ref.resolved_as = "person"
        ref.antecedent = evidence_of(via_person[1]) if via_person[1] is not None else None
    return ref


def is_group_phrase(span: Span) -> bool:
    """Whether a phrase names an armed group (KB group entity, or a generic 'group'-like noun)."""
    ent = entity_in(span, GROUP_LABELS | {"UNKNOWN_ACTOR"})
    if ent is not None:
        return True
    head = span.root.lemma_.lower()
    return head in {"group", "organisation", "organization", "movement", "coalition", "alliance", "affiliate",
                    "faction", "jihadist", "militant", "branch", "wing", "insurgent", "fighter", "katiba"}


RELATIVE_LINKERS = frozenset({"linked", "affiliated", "allied", "backed", "aligned", "loyal", "inspired", "connected",
                              "tied", "related", "close", "affiliate", "branch", "offshoot"})


LINEAGE_NOUNS = frozenset({"group", "faction", "militant", "fighter", "jihadist", "organisation", "organization",
                           "movement", "affiliate", "branch", "cell", "network", "gunman", "man", "insurgent",
                           "outfit", "coalition", "alliance", "unit", "katiba", "battalion", "militia"})


def relative_mention(ent: Span) -> bool:
    """A group named only as another's lineage ("a faction linked to al-Qaeda", "an offshoot of AQIM"):
    "the group" later in the article is not that lineage."""
    root = ent.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in ("to", "with", "of") and head.head.lower_ in RELATIVE_LINKERS:
        # "a faction linked to al-Qaeda", "an offshoot of AQIM"; not "accounts linked to JNIM", its own
        described = head.head.head if head.head.dep_ in ("acl", "amod") else head.head
        return described.lemma_.lower() in LINEAGE_NOUNS or head.head.lower_ in ("offshoot", "branch", "affiliate")
    # "the al-Qaeda-linked group" (but not "the al-Qaeda-affiliated JNIM", where JNIM heads the phrase)
    return root.dep_ in ("npadvmod", "compound", "nmod", "advmod", "amod") and head.lower_ in RELATIVE_LINKERS


def last_group_before(doc: Doc, index: int) -> Span | None:
    """The nearest armed-group entity before token ``index`` (for 'the group', 'it'); failing that, the
    first one after it in the same sentence ("In its claim, JNIM said ...")."""
    best = None
    for ent in entities(doc):
        if ent.start >= index:
            break
        if ent.label_ in GROUP_LABELS and ent.ent_id_ and not relative_mention(ent):
            best = ent
    if best is None and index < len(doc):
        sent = doc[index].sent
        for ent in entities(doc):
            if sent.start <= ent.start < sent.end and ent.start > index and ent.label_ in GROUP_LABELS \
                    and ent.ent_id_:
                return ent
    return best


def sentence_speaker(sent: Span) -> Span | None:
    """The subject of the sentence's main say verb, or the object of 'according to'."""
    say = _say_verbs()
    doc = sent.doc
    lower = snapshot(doc).lower_ids
    according = function_word_ids("according")
    for i in range(sent.start, sent.end):
        if lower[i] in according:
            object_ = according_speaker(doc[i])
            if object_ is not None and object_.i < sent.end:
                return phrase_span(object_)
    root = sent.root
    candidates = [root] + [t for t in root.children
                           if sent.start <= t.i < sent.end and t.dep_ in ("ccomp", "conj", "advcl")]
    for verb in candidates:
        if verb.lemma_.lower() in say:
            for child in verb.children:
                if child.dep_ == "nsubj":  # "X is believed to ...": X is spoken about, not speaking
                    return phrase_span(child)
    return None


def article_country(doc: Doc) -> str | None:
    """The country the article is about (ISO code): the one the caller states (``doc._.country``), else the
    one it talks about most, from country words in its text; without any, the country of the gazetteer
    places it names."""
    stated = doc._.get("country") if Doc.has_extension("country") else None
    if stated:
        return stated
    cached = doc_cache(doc).get("sahel_country", False)
    if cached is not False:
        return cached
    text = " " + fold(document_text(doc)) + " "
    for phrase in _attribution_lexicon()["national_actors"].get("not_country_phrases", ()):
        text = text.replace(fold(phrase), " ")  # "le fleuve Niger" is no word for Niger
    # whole words ("niger" must not count inside "nigeria" or "nigerian"), plurals too ("two Malians");
    # a substring test first, so the regex runs only for the few words the article contains
    counts = {code: sum(len(pattern.findall(text)) for word, pattern in patterns if word in text)
              for code, patterns in _country_word_patterns().items()}
    best = max(counts, key=lambda c: counts[c]) if counts else None
    result = best if best and counts[best] else None
    if result is None:
        result = _place_country(doc)  # "gendarmes in Sevare beat ...": no country word, a Malian town
    elif sum(1 for n in counts.values() if n == counts[result]) > 1:
        # as many words for two countries: the country of the places named decides
        places = _place_country(doc)
        if places is not None and counts.get(places) == counts[result]:
            result = places
    doc_cache(doc)["sahel_country"] = result
    return result


@per_language
def _country_word_patterns() -> dict[str, tuple[tuple[str, re.Pattern], ...]]:
    """Each country's words with their whole-word pattern (plural allowed), compiled once."""
    table = _attribution_lexicon()["national_actors"]["countries"]
    return {code: tuple((w, re.compile(rf"(?<![a-z]){re.escape(w)}s?(?![a-z])")) for w in words)
            for code, words in table.items()}


@per_language
def _national_words() -> dict[str, tuple[str, ...]]:
    """The national-actor words by kind, folded like the text they are compared with ("autorités")."""
    words = _attribution_lexicon()["national_actors"]["words"]
    return {kind: tuple(dict.fromkeys(fold(v) for v in vocab)) for kind, vocab in words.items()}
def _place_country(doc: Doc) -> str | None:
    """The one country of the gazetteer places the article names, when it names no country word."""
    from sahel_ie.kb.places import default_gazetteer

    gazetteer = default_gazetteer()
    countries: dict[str, int] = {}
    for ent in entities(doc):
        if ent.label_ == "PLACE" and ent.ent_id_:
            place = gazetteer.get(ent.ent_id_)
            if place is not None and place.country:
                countries[place.country] = countries.get(place.country, 0) + 1
    if not countries:
        return None
    ranked = sorted(countries.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None  # as many places in two countries: no country to say
    return ranked[0][0]



def national_actor(span: Span) -> tuple[str, str] | None:
    """(actor id, kind) for an unnamed national army or government ("soldiers", "the government")."""
    lex = _attribution_lexicon()["national_actors"]
    head = fold(span.root.text)
    words = fold(span_text(span))
    for kind, vocab in _national_words().items():
        if head in vocab or words in vocab or any(words.endswith(" " + v) for v in vocab if " " in v):
            country = article_country(span.doc)
            actor_id = lex["actors"][kind].get(country or "")
            if actor_id:
                return actor_id, kind
    return None


@per_language
def _parents() -> dict[str, list[str]]:
    data = read_lexicon("claim_cues")["parent_groups"]
    return {k: v for k, v in data.items() if not k.startswith("_")}


def plain_name(ref: ActorRef) -> bool:
    """Whether an actor's words are its own name ("Al-Qaeda has claimed", "blamed al-Qaeda"): the article
    says the parent organisation, and that is what the record keeps; a description ("the Islamic State
    group's affiliate") may still stand for the branch the article names."""
    if not ref.text or not ref.actor_id or ref.resolved_as:
        return False
    if ref.actor_id in read_lexicon("claim_cues").get("plain_name_branches", []):
        return False  # "the Islamic State" in an article about ISSP: the province speaks as the IS
    resolution = _kb().resolve(ref.text)
    return resolution is not None and resolution.actor.id == ref.actor_id and resolution.method in ("exact", "normalised") \
        and fold(ref.text) == fold(resolution.matched)


def specific_branch(actor_id: str | None, doc: Doc) -> str | None:
    """The regional branch meant by a parent organisation's name ("the Islamic State group" in an article
    that also names ISSP means ISSP); None when the article names no single branch."""
    branches = _parents().get(actor_id or "", [])
    if not branches:
        return None
    named = {e.ent_id_ for e in entities(doc) if e.ent_id_ in branches}
    return named.pop() if len(named) == 1 else None
