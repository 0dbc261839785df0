"""Claims of responsibility: a group saying it carried out an attack, denying it, or nobody claiming it.

A claim is the perpetrator's own word, kept apart from what officials say about the perpetrator
(attributions) and from the officials' casualty figures: "JNIM said it killed 50 soldiers" is the claimant's
toll, stored on the claim and never added to the attack. Cues, read from ``models/lexicons/en/claim_cues.json``:

* claim verbs with a group as subject or agent ("JNIM has claimed responsibility for", "the attack was
  claimed by a group affiliated to al-Qaeda", "took credit for", "assumed responsibility");
* statements in the group's voice ("in a statement, the group said its fighters carried out...", "JNIM said
  it was behind");
* denials by a group ("denied any involvement", "rejected accusations") -> status ``denied``;
* explicit non-claims ("no group has claimed responsibility", "but not the boat attack") -> ``not_claimed``.

Subjects that are state forces or officials are not claimants: "the army claimed to have killed 20
terrorists" is not a claim of responsibility.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sahel_ie import extensions  # noqa: F401
from sahel_ie.parsing.attack_linking import (
    attack_nouns, apply_perpetrators, descriptor_tokens, link_attacks, reset_cache,
)
from sahel_ie.parsing.sources import (
    ACTOR_LABELS, GROUP_LABELS, PRONOUNS, actor_name, actor_ref, document_text, entities, entity_in, evidence_of, fold,
    is_group_phrase, last_group_before, national_actor, phrase_span, refresh_entities, relaying_outlets, same_line,
    plain_name, snapshot, span_text, speaker_kind, specific_branch,
)
from sahel_ie.parsing.descriptions import tie
from sahel_ie.records import ActorRef, Casualty, Claim
from sahel_ie.resources import read_lexicon, per_language, in_document_language
from sahel_ie.parsing.syntax import function_words

SPEAKER_NOUNS = {"spokesman", "spokesperson", "spokeswoman", "leader", "commander", "chief", "official", "member",
                 "representative", "emir", "head"}
PLACE_LABELS = {"COUNTRY", "REGION", "PLACE", "FEATURE", "GPE", "LOC", "NORP"}
NON_CLAIMANT_LABELS = {"STATE_FORCE", "FOREIGN_FORCE", "INTL_MISSION", "GOV_BODY"}


@per_language
def lexicon() -> dict[str, Any]:
    return read_lexicon("claim_cues")


@dataclass
class _Cue:
    """One claim found in a sentence before linking."""

    verb: Token
    claimant: ActorRef
    status: str
    objects: list[Token] = field(default_factory=list)
    confidence: float = 0.8
    statement: bool = False
    toll_only: bool = False  # "ISWAP said the attack killed 100 soldiers": adds a toll to the group's claim


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, climbing through xcomp/conj/aux chains ("has yet to claim")."""
    seen = 0
    tok = verb
    while tok is not None and seen < 4:
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.dep_ == "nsubjpass" and tok.lemma_.lower() in lexicon()["claim_verbs"]:
                    continue
                return child
        if tok.dep_ in ("xcomp", "conj", "ccomp", "advcl", "acl", "pcomp") and tok.head != tok:
            tok = tok.head
            seen += 1
            continue
        if tok.dep_ in ("dobj", "pobj") and tok.lemma_.lower() in lexicon()["statement_nouns"] and tok.head != tok:
            # "JNIM issued an audio message saying it was behind the bombing": the sender of the message
            tok = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
            seen += 1
            continue
        break
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


@per_language
def _generic_claimants() -> frozenset[str]:
    return frozenset(fold(g) for g in lexicon()["generic_claimants"])


def _claimant(tok: Token, doc: Doc) -> ActorRef | None:
    """ActorRef for the claiming phrase headed by ``tok``; None when it is not an armed group."""
    lemma = tok.lemma_.lower()
    if lemma in lexicon()["responsibility_nouns"] or (lemma in attack_nouns() and not tok.ent_type_):
        return None  # a headline run into the body gives "responsibility ... claimed": no claimant there
    named = _appositive_name(tok, doc)
    if named is not None:
        return named
    span = phrase_span(tok)
    ent = entity_in(span)
    if ent is not None and ent.label_ in NON_CLAIMANT_LABELS and ent.start <= tok.i < ent.end:
        return None
    if tok.ent_type_ in PLACE_LABELS:
        return None  # "Mali says 25 soldiers killed": a country speaking is not a claimant
    if tok.lower_ == "it" and tok.dep_ == "nsubj":
        state = _previous_army_subject(tok, doc)
        if state is not None:
            return state
    if tok.lower_ in PRONOUNS:
        previous = [e for e in entities(doc) if e.end <= tok.i and e.label_ in ACTOR_LABELS and e.ent_id_
                    and tok.i - e.end < 80]
        if previous and previous[-1].label_ not in GROUP_LABELS:
            return None  # "the army said ..., and it denied": a state actor, see _state_claimant
    if ent is None and speaker_kind(span) not in ("unknown",):
        return None
    text = fold(span_text(span))
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
    generic = text in _generic_claimants() or (
        definite and tok.lemma_.lower() in lexicon()["group_nouns"] and not any(
            c.dep_ in ("prep", "acl", "relcl") for c in tok.children))  # "the same organisation", "the jihadist group"
    if (tok.lower_ in PRONOUNS or generic) and (ent is None or ent.label_ not in GROUP_LABELS):
        group = last_group_before(doc, span.start)
        if group is None:
            if tok.lower_ in PRONOUNS:
                return None
            return ActorRef(text=span.text, evidence=[evidence_of(span)])
        ref = actor_ref(group)
        ref.text = group.text
        return ref
    if ent is not None and ent.label_ in GROUP_LABELS and not (ent.start <= tok.i < ent.end):
        if tok.lemma_.lower() in SPEAKER_NOUNS:
            return actor_ref(ent)  # "a spokesman for Dan Na Ambassagou"
        if _media_voice(tok):
            ref = actor_ref(ent)  # "JNIM's media arm, az-Zallaqa, said ...": the group speaks through it
            ref.text = span.text
            return ref
        if tok.lemma_.lower() in lexicon()["relative_group_nouns"] and ent.root.head.i == tok.i and ent.root.dep_ in (
                "compound", "amod", "nmod", "npadvmod", "poss"):
            # "the al-Qaeda affiliate", "the IS-linked group": the named group qualifies the claimant
            if definite:
                group = last_group_before(doc, span.start)
                if group is not None and group.ent_id_ != ent.ent_id_:
                    ref = actor_ref(group)
                    ref.text = span.text
                    return ref
            return ActorRef(text=span.text, evidence=[evidence_of(span)])
    if ent is not None and ent.label_ in GROUP_LABELS and not (ent.start <= tok.i < ent.end) and ent.end <= tok.i \
            and any(t.lower_ in lexicon()["relative_linkers"] for t in doc[ent.end:tok.i]):
        # "an al-Qaeda-linked group", "Islamic State-backed faction": a relative of the named group, which the
        # article may name later; the named group is not the claimant
        return ActorRef(text=span.text, evidence=[evidence_of(span)])
    if ent is not None and ent.label_ in GROUP_LABELS:
        ref = actor_ref(span)
        if not (ent.start <= tok.i < ent.end):
            # "a group affiliated to al-Qaeda": the named group is only a relative of the claimant.
            head_det = [c.lower_ for c in tok.children if c.dep_ == "det"]
            if head_det and head_det[0] in ("a", "an"):
                return ActorRef(text=span.text, evidence=[evidence_of(span)])
        return ref
    if tok.ent_type_ == "PERSON" or is_group_phrase(span):
        return actor_ref(span)
    if ent is None and tok.pos_ == "PROPN":
        return actor_ref(span)
    return None


def _previous_army_subject(tok: Token, doc: Doc) -> ActorRef | None:
    """"Mali's army did not respond. It released a statement saying it had carried out strikes": a subject
    "it" continues the previous sentence's subject when that is the national army, which the entity ruler
    leaves unnamed ("Mali's army" keeps its country entity), and no armed group is named in between."""
    sent = tok.sent
    if sent.start == 0:
        return None
    previous = doc[sent.start - 1].sent
    subject = next((c for c in previous.root.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    national = national_actor(phrase_span(subject))
    if national is None or national[1] != "military":
        return None
    if any(e.label_ in GROUP_LABELS and subject.i < e.start < tok.i for e in entities(doc)):
        return None
    span = phrase_span(subject)
    return ActorRef(text=span.text, actor_id=national[0], name=actor_name(national[0], doc._.published),
                    kind="military", evidence=[evidence_of(span)])


def _appositive_name(tok: Token, doc: Doc) -> ActorRef | None:
    """"The Mali-based al-Qaeda-linked group Jama'at Nusrat al-Islam claimed ...": a group noun followed by
    the group's name in apposition is that group; the lineage before the noun only describes it."""
    if tok.ent_type_ or tok.lemma_.lower() not in lexicon()["group_nouns"]:
        return None
    for child in tok.rights:
        if child.dep_ not in ("appos", "compound") or not child.ent_type_:
            continue
        ent = next((e for e in entities(doc) if e.start <= child.i < e.end), None)
        if ent is not None and ent.label_ in GROUP_LABELS and ent.ent_id_ and ent.start == tok.i + 1:
            return actor_ref(ent)
    return None


def _media_voice(tok: Token) -> bool:
    """A group's own outlet: 'media arm', 'propaganda wing', 'news agency', 'mouthpiece'."""
    lex = lexicon()
    lemma = tok.lemma_.lower()
    if lemma in lex["voice_nouns"]:
        return True
    return lemma in lex["relative_group_nouns"] and any(
        c.lower_ in lex["media_modifiers"] or c.lemma_.lower() in lex["media_modifiers"]
        for c in tok.children if c.dep_ in ("compound", "amod"))


def _linked_mention(ent: Span) -> bool:
    """A group named only as the relative of another ("an armed group linked to al-Qaeda, JNIM")."""
    before = ent.doc[max(ent.start - 3, 0):ent.start]
    return any(t.lower_ in lexicon()["relative_linkers"] for t in before)


def _state_claimant(tok: Token) -> ActorRef | None:
    """A state actor denying involvement: a KB entity, or the article's national army or government."""
    span = phrase_span(tok)
    labels = set(lexicon()["state_claimant_labels_for_denial"])
    if tok.lower_ in PRONOUNS:
        previous = [e for e in entities(tok.doc) if e.end <= tok.i and e.label_ in labels and e.ent_id_]
        if previous and tok.i - previous[-1].end < 60:
            ref = actor_ref(previous[-1])
            return ref
    ent = entity_in(span, labels)
    if ent is not None and ent.ent_id_:
        return actor_ref(span)
    national = national_actor(span)
    if national is None:
        return None
    ref = actor_ref(span)
    ref.actor_id = national[0]
    ref.name = actor_name(national[0], tok.doc._.published)
    return ref


def _earlier_claim(verb: Token) -> bool:
    """A claim told as the time of the attack: "This assault comes one day after the group claimed
    responsibility for the death of ..." dates the attack by a claim of another, earlier event."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in ("after", "before", "since")
                                       for c in verb.children):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in attack_nouns() for c in verb.head.children)


def _force_words() -> frozenset[str]:
    return frozenset(read_lexicon("attribution_cues")["national_actors"]["words"]["military"])


def _admits_own_deed(verb: Token) -> bool:
    """An admission that claims a deed: a state speaker ("army officials", "the government") admitting, in
    a clause of its own, that its forces or a strike did it ("... were hit by an airstrike", "soldiers
    killed the herders"); "officials admitted the attack caught them off guard" claims nothing."""
    subject = _subject(verb)
    if subject is None or _state_claimant(subject) is None and _force_of(subject) is None:
        return False
    forces = _force_words()
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        for tok in clause.subtree:
            doer = tok.dep_ in ("nsubj", "compound", "amod") or tok.dep_ == "pobj" and tok.head.dep_ == "agent"
            if not doer:
                continue
            if tok.lower_ in forces or tok.lemma_.lower() in ("airstrike", "strike", "bombardment") and any(
                    t.lemma_.lower() in ("air", "drone", "airstrike") for t in tok.subtree):
                return True
            if tok.lemma_.lower() == "airstrike":
                return True
    return False


def _force_of(tok: Token) -> ActorRef | None:
    """The national army for a speaker of it: "army officials", "military officials", "an army spokesman"."""
    forces = _force_words()
    for child in tok.children:
        if child.dep_ in ("compound", "amod") and child.lower_ in forces:
            national = national_actor(tok.doc[child.i:child.i + 1])
            if national is not None and national[1] == "military":
                ref = actor_ref(phrase_span(tok))
                ref.actor_id, ref.name = national[0], actor_name(national[0], tok.doc._.published)
                return ref
    return None


def _objects(verb: Token) -> list[Token]:
    """Head nouns of what is claimed: direct objects, 'responsibility for X', 'involvement in X'."""
    out: list[Token] = []

    def walk(tok: Token, depth: int = 0) -> None:
        for child in tok.children:
            if child.dep_ in ("dobj", "pobj", "attr", "nsubjpass") and child.i != verb.i:
                if child.lemma_.lower() in attack_nouns() or (child.pos_ in ("NOUN", "PROPN") and depth > 0):
                    if child.lemma_.lower() in attack_nouns():
                        out.append(child)
                        continue
                if depth < 3:
                    walk(child, depth + 1)
            elif child.dep_ in ("prep", "xcomp", "acl") and depth < 3:
                walk(child, depth + 1)

    walk(verb)
    if verb.dep_ in ("relcl", "acl") and verb.head.lemma_.lower() in attack_nouns():
        out.append(verb.head)
    return out


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    subj = _subject(verb)
    no = function_words("no")
    if subj is not None and (subj.lower_ in function_words("nobody") | function_words("none") or any(
            c.dep_ == "det" and c.lower_ in no for c in subj.children)):
        return True
    if subj is not None and subj.lower_ in function_words("one") and any(c.lower_ in no for c in subj.children):
        return True
    if any(c.dep_ == "nsubjpass" and c.lower_ in function_words("none") | function_words("neither")
           for c in verb.children):
        return True  # "None of these attacks has been claimed"
    window = fold(span_text(verb.doc[max(verb.i - 3, verb.sent.start):verb.i]))
    return "yet to" in window or "not yet" in window


def is_say(verb: Token) -> bool:
    return verb.lemma_.lower() in lexicon()["statement_say_verbs"]


@per_language
def _cue_lemmas() -> frozenset[str]:
    """Every lemma that can start a cue in ``_find_cues``: the other tokens of a sentence are skipped unbuilt."""
    lex = lexicon()
    return frozenset(lex["claim_verbs"]) | frozenset(lex["responsibility_nouns"]) | {"claim"} | frozenset(
        lex["deny_verbs"]) | frozenset(lex["statement_say_verbs"]) | frozenset(lex["deny_nouns"]) | frozenset(
        lex["admission_verbs"])


@per_language
def _not_claimed_phrases() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The folded non-claim phrases, and anchors: the shortest of the phrases' longest words that no other
    anchor contains. A sentence holding no anchor holds no phrase, so most sentences are cleared at once."""
    phrases = tuple(fold(p) for p in lexicon()["not_claimed_phrases"])
    longest = sorted({max(p.split(), key=len, default="") for p in phrases}, key=len)
    anchors: list[str] = []
    for word in longest:
        if not any(a in word for a in anchors):
            anchors.append(word)
    return phrases, tuple(anchors)


def _not_claimed(lowered: str) -> bool:
    """Whether a folded sentence says that an attack was not claimed ("no group has claimed ...")."""
    phrases, anchors = _not_claimed_phrases()
    return any(a in lowered for a in anchors) and any(p in lowered for p in phrases)


def _object_words(verb: Token) -> set[str]:
    """The words of a verb's objects and prepositional phrases."""
    return {t.lower_ for c in verb.children if c.dep_ in ("dobj", "prep") for t in c.subtree}


@dataclass(frozen=True)
class _CueWords:
    """The claim lexicon's word lists as sets, built once: ``_find_cues`` runs on every sentence."""

    claim_verbs: frozenset[str]
    resp_nouns: frozenset[str]
    resp_verbs: frozenset[str]
    deny_verbs: frozenset[str]
    deny_nouns: frozenset[str]  # "issued a denial"
    deny_noun_verbs: frozenset[str]
    admission_verbs: frozenset[str]  # "army officials admitted that ..."
    deny_topics: frozenset[str]  # topic words and objects of a denial
    say_verbs: frozenset[str]
    action_verbs: frozenset[str]
    self_subjects: frozenset[str]
    claim_words: frozenset[str]  # responsibility and attack nouns
    aggregate_words: frozenset[str]
    object_exclusions: frozenset[str]


@per_language
def _cue_words() -> _CueWords:
    lex = lexicon()
    return _CueWords(
        claim_verbs=frozenset(lex["claim_verbs"]), resp_nouns=frozenset(lex["responsibility_nouns"]),
        resp_verbs=frozenset(lex["responsibility_verbs"]), deny_verbs=frozenset(lex["deny_verbs"]),
        deny_nouns=frozenset(lex["deny_nouns"]), deny_noun_verbs=frozenset(lex["deny_noun_verbs"]),
        admission_verbs=frozenset(lex["admission_verbs"]),
        deny_topics=frozenset(lex["deny_topic_words"]) | frozenset(lex["deny_objects"]),
        say_verbs=frozenset(lex["statement_say_verbs"]), action_verbs=frozenset(lex["statement_action_verbs"]),
        self_subjects=frozenset(lex["statement_subject_nouns"]),
        claim_words=frozenset(lex["responsibility_nouns"]) | frozenset(attack_nouns()),
        aggregate_words=frozenset(lex["aggregate_words"]),
        object_exclusions=frozenset(lex["claim_object_exclusions"]),
    )


def _statement(say: Token, words: _CueWords) -> tuple[bool, bool]:
    """Whether a say verb gives the group's own word, and whether only a toll: "ISWAP said the attack killed
    100 soldiers" (a toll for the group's claim), "the group said its fighters carried out ...", "JNIM said it
    was behind ..."."""
    comps = [(c, [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")])
             for c in say.children if c.dep_ == "ccomp"]
    for c, csubj in comps:
        if csubj and csubj[0].lemma_.lower() in attack_nouns() and c.lemma_.lower() in ("kill", "wound", "leave"):
            return True, True
    for c, csubj in comps:
        if csubj and (c.lemma_.lower() in words.action_verbs or _behind(c)) and words.self_subjects & {
                fold(t.text) for s in csubj for t in s.subtree}:
            return True, False
    # "le groupe a indiqué être responsable de l'attaque": a subjectless complement is the speaker's own
    subject = next((c for c in say.children if c.dep_ == "nsubj"), None)
    if subject is not None and (subject.ent_type_ in GROUP_LABELS or words.self_subjects & {fold(subject.text)}):
        if any(c.dep_ == "xcomp" and not any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children) and _behind(c)
               for c in say.children):
            return True, False
    return False, False


def _behind(verb: Token) -> bool:
    """'... was behind the attack', '... is responsible for ...'."""
    words = _responsible_words()
    return any(t.lower_ in words for t in verb.children) or verb.lemma_ == "be" and any(
        t.lower_ == "behind" for t in verb.subtree)


@per_language
def _responsible_words() -> frozenset[str]:
    return frozenset(lexicon().get("responsible_words", ["behind", "responsible"]))


PAST_SPAN_WORDS = frozenset({"since", "last", "past", "previous", "earlier", "ago"})


def _group_did(verb: Token) -> bool:
    """"Islamic State has claimed its fighters killed 15 soldiers": an armed group saying its own fighters
    attacked is a claim even without "responsibility"."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.ent_type_ not in GROUP_LABELS:
        return False
    return any(c.dep_ == "ccomp" and c.lemma_.lower() in _perpetration_verbs() for c in verb.children)


@per_language
def _perpetration_verbs() -> frozenset[str]:
    return frozenset(read_lexicon("attribution_cues")["perpetrator_verbs"])


def _find_cues(sent: Span, doc: Doc) -> list[_Cue]:
    words = _cue_words()
    claim_verbs, resp_nouns, say_verbs = words.claim_verbs, words.resp_nouns, words.say_verbs
    cues: list[_Cue] = []
    not_claimed_sentence = _not_claimed(fold(span_text(sent)))
    used_verbs: set[int] = set()
    lemmas = snapshot(doc).lemma
    cue_lemmas = _cue_lemmas()
    marked = [i for i in range(sent.start, sent.end) if lemmas[i] in cue_lemmas]  # no other word opens a branch
    for i in marked:
        lemma = lemmas[i]
        tok = doc[i]
        verb: Token | None = None
        status = "claimed"
        toll_only = False
        if lemma in claim_verbs and tok.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "dobj" and c.lemma_.lower() in words.object_exclusions for c in tok.children) or any(
                    doc[j].lower_ == "of" and doc[j + 1].lemma_.lower() in words.object_exclusions
                    for j in range(tok.i + 1, min(tok.i + 5, sent.end - 1))):
                continue  # "has claimed the lives of 86 civilians", "has claimed thousands of lives"
            verb = tok
        elif lemma in resp_nouns and tok.dep_ in ("dobj", "nsubjpass", "attr") \
                and tok.head.lemma_.lower() in words.resp_verbs:
            verb = tok.head
        elif lemma == "claim" and tok.pos_ == "NOUN" and tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "attr"):
            verb = tok
        elif lemma in words.deny_verbs and tok.pos_ == "VERB":
            if any(c.lemma_.lower() in words.deny_topics or c.lower_ in words.deny_topics
                   for c in tok.subtree if c.i != tok.i):
                verb, status = tok, "denied"
        elif lemma in words.deny_nouns and tok.pos_ == "NOUN" and tok.dep_ == "dobj" \
                and tok.head.lemma_.lower() in words.deny_noun_verbs:
            verb, status = tok.head, "denied"  # "the authorities issued a forceful denial"
        elif lemma in words.admission_verbs and tok.pos_ == "VERB" and _admits_own_deed(tok):
            verb = tok  # "army officials admitted that the civilians were hit by an airstrike"
        elif lemma in say_verbs and tok.pos_ == "VERB":
            statement, toll_only = _statement(tok, words)
            if not statement:
                continue
            verb = tok
        else:
            continue
        if verb is None or verb.i in used_verbs:
            continue
        if _earlier_claim(verb):
            continue  # "this attack comes a day after the group claimed the killing of ...": another event
        if verb.lemma_.lower() in claim_verbs and any(c.dep_ in ("ccomp",) for c in verb.children) and not any(
                c.lemma_.lower() in words.claim_words for c in verb.subtree) and not _group_did(verb):
            # "the army claimed that ..." style reported speech without an attack or responsibility word
            continue
        objects = _objects(verb)
        if objects and all(o.tag_ == "NNS" for o in objects) and _object_words(verb) & words.aggregate_words \
                and {t.lower_ for t in verb.subtree} & PAST_SPAN_WORDS:
            continue  # "has claimed hundreds of attacks since 2017", "several attacks last year": a tally
        holder = _agent(verb) if verb.pos_ == "VERB" else None
        if holder is None and verb.pos_ == "NOUN":
            for c in verb.children:
                if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by"):
                    holder = c if c.dep_ == "poss" else next((g for g in c.children if g.dep_ == "pobj"), None)
            if holder is None and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
                holder = _subject(verb.head.head)
        if holder is None and verb.dep_ in ("relcl", "acl") and verb.tag_ == "VBN":
            # "the attack, which was claimed, 24 hours later, by AQIM": the parser hangs "by" on the noun
            by = next((c for c in verb.head.children if c.dep_ == "prep" and c.lower_ == "by" and c.i > verb.i), None)
            holder = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
            if holder is not None and verb.head.lemma_.lower() in attack_nouns():
                objects = [verb.head]
        if holder is None:
            holder = _subject(verb)
        negated = _negated(verb) if verb.pos_ in ("VERB", "AUX") else False
        if negated and status == "claimed":
            status = "not_claimed"
        claimant: ActorRef | None
        if status == "not_claimed" and (holder is None or holder.lower_ in (
                function_words("group") | function_words("one") | function_words("nobody") | function_words("none"))
                or any(c.dep_ == "det" and c.lower_ in function_words("no") for c in holder.children)):
            claimant = ActorRef(text=phrase_span(holder).text if holder is not None else None)  # "No group"
        elif holder is None:
            if status == "claimed" and verb.pos_ == "VERB" and verb.tag_ == "VBN" and not_claimed_sentence:
                claimant = ActorRef()
                status = "not_claimed"
            else:
                continue
        else:
            # a subject on another line is a headline the parser ran into the body's first sentence
            claimant = _claimant(holder, doc) if same_line(doc, holder.i, verb.i) else None
            if claimant is None and verb.pos_ == "VERB" and not is_say(verb):
                # a mangled subject ("Editor's note: JNIM, ..., claimed"): the group named just before
                near = [e for e in entities(doc) if sent.start <= e.start < sent.end and e.label_ in GROUP_LABELS and e.ent_id_ and e.end <= verb.i
                        and e.root.i in {t.i for t in verb.subtree} and same_line(doc, e.start, verb.i)
                        and holder.lemma_.lower() not in attack_nouns() and not _linked_mention(e)]
                if near:
                    claimant = actor_ref(near[0])
            if claimant is None and (status == "denied" or verb.lemma_.lower() in words.admission_verbs
                                     or verb.lemma_.lower() in words.deny_noun_verbs):
                claimant = _state_claimant(holder)  # "the government denied that the army took part"
            if claimant is None and verb.lemma_.lower() in words.admission_verbs:
                claimant = _force_of(holder)  # "army officials admitted ...": the army speaks
            if claimant is None:
                continue
        used_verbs.add(verb.i)
        is_statement = verb.lemma_.lower() in say_verbs
        cues.append(_Cue(verb=verb, claimant=claimant, status=status, objects=objects,
                         confidence=0.7 if is_statement else 0.85, statement=is_statement,
                         toll_only=toll_only))
    if not cues and not_claimed_sentence:
        anchor = next((t for t in sent if t.lemma_.lower() in attack_nouns()), sent.root)
        cues.append(_Cue(verb=sent.root, claimant=ActorRef(), status="not_claimed",
                         objects=[anchor] if anchor.lemma_.lower() in attack_nouns() else [], confidence=0.7))
    return cues


def _negated_extras(sent: Span, cue: _Cue) -> list[Token]:
    """Attack nouns after the cue marked 'not' ("..., but not the boat attack")."""
    taken = {t.i for o in cue.objects for t in o.subtree}
    lemmas = snapshot(sent.doc).lemma
    out = []
    for i in range(max(sent.start, cue.verb.i + 1), sent.end):
        if i in taken or lemmas[i] not in attack_nouns():
            continue
        tok = sent.doc[i]
        if any(c.dep_ == "neg" for c in tok.children):
            out.append(tok)
    return out


def channel_of(sent: Span) -> str | None:
    """The claim channel a sentence names, most specific first (Amaq before 'statement')."""
    folded = fold(span_text(sent))
    text = " " + folded.replace("-", " - ") + " "
    compact = " " + folded + " "
    words = set(fold(t) for t in snapshot(sent.doc).texts[sent.start:sent.end])
    for channel, p in _channel_phrases():
        if " " in p or "-" in p:
            if f" {p} " in compact or f" {p}" in compact or p in text:
                return channel
        elif p in words:
            return channel
    return None


@per_language
def _channel_phrases() -> tuple[tuple[str, str], ...]:
    """(channel, folded phrase) in the order ``channel_of`` tries them."""
    lex = lexicon()
    return tuple((channel, fold(phrase)) for channel in lex["channel_priority"]
                 for phrase in lex["channels"].get(channel, []))


def _claimed_casualties(sent: Span, cue: _Cue, doc: Doc) -> list[Casualty]:
    """The claimant's own toll: casualty mentions governed by the claim or statement verb."""
    mentions = doc._.casualty_mentions or []
    # only what the claimant says it did ("said it killed 50", "claimed to have killed", "saying its fighters
    # killed"), not the description of the attack claimed ("the killing of six aid workers"): a token is in
    # scope below a complement (or a say-verb clause) of the verb, unless a clause with its own subject
    # ("..., while an army spokesman said 71 soldiers were killed": another speaker's figure) lies between.
    # One walk down the verb's subtree, carrying both facts, keeps this linear in the sentence's length.
    scope: set[int] = set()
    stack = [(child, False, False) for child in cue.verb.children]
    while stack:
        tok, inside, excluded = stack.pop()
        dep = tok.dep_
        inside = inside or dep in ("ccomp", "xcomp") or (dep in ("advcl", "conj") and tok.lemma_.lower() in (
            "say", "add", "claim", "boast", "state"))
        excluded = excluded or (dep in ("advcl", "conj", "parataxis") and any(
            g.dep_ in ("nsubj", "nsubjpass") for g in tok.children))
        if inside and not excluded:
            scope.add(tok.i)
        stack.extend((child, inside, excluded) for child in tok.children)
    out = []
    for mention in mentions:
        span = mention.span
        if not (sent.start <= span.start < sent.end):
            continue
        if span.start in scope or getattr(mention, "head", span.root).i in scope:
            record = mention.to_record(source=cue.claimant.text)
            out.append(record)
    return out


def _remove_from_attacks(doc: Doc, claimed: list[Casualty], sent: Span) -> None:
    """Take the claimant's figures out of the attacks' casualties (they are not the attack's toll)."""
    if not claimed:
        return
    for attack in doc._.attacks or []:
        kept = []
        for cas in attack.casualties:
            inside = any(sent.start_char <= ev.start < sent.end_char for ev in cas.evidence)
            same = any(cas.text and cas.text == c.text and cas.count == c.count for c in claimed)
            if same and (inside or (not cas.evidence and document_text(doc).count(cas.text) == 1)):
                continue
            kept.append(cas)
        attack.casualties = kept


def _same_claimant(a: ActorRef, b: ActorRef) -> bool:
    """Same actor, or a parent organisation and its branch ("Islamic State" and ISSP)."""
    if (a.actor_id or fold(a.text or "")) == (b.actor_id or fold(b.text or "")):
        return True
    parents = lexicon()["parent_groups"]
    return bool(a.actor_id and b.actor_id and (b.actor_id in parents.get(a.actor_id, [])
                                                 or a.actor_id in parents.get(b.actor_id, [])))


def _described_twin(a: Claim, b: Claim) -> bool:
    """A claim by an unnamed claimant ("an al-Qaeda-linked group") and a claim by a named group for the same
    attacks are one claim told twice, as a headline and its body are."""
    if not a.attack_ids or set(a.attack_ids) != set(b.attack_ids) or a.status != b.status:
        return False
    return a.claimant.actor_id is None or b.claimant.actor_id is None


def _merge(claims: list[Claim], specific: set[int] = frozenset()) -> list[Claim]:
    """One record per (claimant, status, attacks): a claim told in two sentences is one claim.

    ``specific`` holds the ids (``id(claim)``) of claims whose phrase described an attack the article does
    not report ("the attack of 10 December 2019 against the camp of Inates"): they stay separate."""
    out: list[Claim] = []
    for claim in claims:
        twin = None
        for other in out:
            same_sentence = bool(other.evidence and claim.evidence) and any(
                a.start == b.start for a in other.evidence for b in claim.evidence)
            if not same_sentence and ((id(claim) in specific and not claim.attack_ids)
                                      or (id(other) in specific and not other.attack_ids)):
                continue
            same_actor = _same_claimant(other.claimant, claim.claimant) or _described_twin(other, claim)
            if not same_actor or other.status != claim.status:
                continue
            same_sentence = bool(other.evidence and claim.evidence) and any(
                a.start == b.start for a in other.evidence for b in claim.evidence)
            nested = set(claim.attack_ids) <= set(other.attack_ids) or set(other.attack_ids) <= set(claim.attack_ids)
            named_twice = bool(claim.claimant.actor_id) and claim.claimant.actor_id == other.claimant.actor_id
            if other.attack_ids == claim.attack_ids or not claim.attack_ids or not other.attack_ids \
                    or (nested and (same_sentence or named_twice and claim.status == "claimed")):
                # "claimed the attacks on A and B" then "said it kidnapped ... at A": one claim
                twin = other
                break
        if twin is None:
            out.append(claim)
            continue
        if len(claim.attack_ids) > len(twin.attack_ids):
            twin.attack_ids = list(claim.attack_ids)
        twin.channel = twin.channel or claim.channel
        twin.claimed_casualties += [c for c in claim.claimed_casualties if c not in twin.claimed_casualties]
        twin.evidence += claim.evidence
        twin.confidence = max(twin.confidence, claim.confidence)
        parents = lexicon()["parent_groups"]
        if (not twin.claimant.actor_id and claim.claimant.actor_id) or (
                claim.claimant.actor_id in parents.get(twin.claimant.actor_id or "", [])):
            twin.claimant = claim.claimant  # keep the named branch over the parent organisation
    for i, claim in enumerate(out, 1):
        claim.id = f"c{i}"
    return out


def extract_claims(doc: Doc) -> list[Claim]:
    """All claim records of a parsed document (attacks read from ``doc._.attacks`` when present)."""
    refresh_entities(doc)
    reset_cache(doc)
    claims: list[Claim] = []
    specific: set[int] = set()
    attacks = doc._.attacks or []
    spans = doc._.attack_spans or {}
    for sent in doc.sents:
        for cue in _find_cues(sent, doc):
            if cue.toll_only:
                key = cue.claimant.actor_id or fold(cue.claimant.text or "")
                twin = next((c for c in reversed(claims) if c.status == "claimed"
                             and (c.claimant.actor_id or fold(c.claimant.text or "")) == key), None)
                if twin is None and claims and claims[-1].status == "claimed" and claims[-1].evidence:
                    # a toll given right after a claim is the claimant's, under whichever name
                    if 0 <= sent.start_char - claims[-1].evidence[-1].end < 400:
                        twin = claims[-1]
                if twin is not None:
                    casualties = _claimed_casualties(sent, cue, doc)
                    _remove_from_attacks(doc, casualties, sent)
                    twin.claimed_casualties += casualties
                continue
            taken: list[str] = []
            anchors = cue.objects[:1] or [None]
            attack_ids = link_attacks(doc, anchors[0], cue.verb, attacks, spans) if attacks else []
            taken += attack_ids
            channel = channel_of(sent)
            if channel is None and cue.status == "denied":
                channel = "statement"  # a denial is a public statement unless the text names the medium
            casualties = _claimed_casualties(sent, cue, doc) if cue.status == "claimed" else []
            _remove_from_attacks(doc, casualties, sent)
            ev = evidence_of(sent)
            claims.append(Claim(id="", claimant=cue.claimant, status=cue.status, attack_ids=attack_ids,
                                channel=channel if cue.status != "not_claimed" else None,
                                claimed_casualties=casualties, evidence=[ev], confidence=cue.confidence,
                                reported_by=relaying_outlets(sent)))
            if anchors[0] is not None and descriptor_tokens(anchors[0]) and not attack_ids:
                specific.add(id(claims[-1]))
            if cue.status == "claimed":
                for extra in _negated_extras(sent, cue):
                    ids = link_attacks(doc, extra, extra, attacks, spans, exclude=taken) if attacks else []
                    ids = [i for i in ids if i not in attack_ids]
                    claims.append(Claim(id="", claimant=cue.claimant, status="not_claimed", attack_ids=ids,
                                        evidence=[ev], confidence=0.75, reported_by=relaying_outlets(sent)))
    for claim in claims:
        if claim.status != "not_claimed" or claim.claimant.text:
            tie(claim.claimant, doc)  # "the Al Qaeda-linked group" in an article naming JNIM
        branch = specific_branch(claim.claimant.actor_id, doc)
        if branch is not None and not plain_name(claim.claimant):
            claim.claimant.actor_id = branch
            claim.claimant.name = actor_name(branch, doc._.published)
    return _merge(claims, specific)


class ClaimExtractor:
    """spaCy component writing ``doc._.claims``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    @in_document_language
    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = extract_claims(doc)
        if doc._.attacks:
            apply_perpetrators(doc._.attacks, doc._.claims, [])
        return doc


@Language.factory("sahel_claims", requires=["doc.sents", "doc.ents", "doc._.attacks"],
                  assigns=["doc._.claims", "doc._.attacks"])
def make_claims(nlp: Language, name: str) -> ClaimExtractor:
    """Claims of responsibility, denials and non-claims, linked to the article's attacks."""
    return ClaimExtractor(nlp, name)
