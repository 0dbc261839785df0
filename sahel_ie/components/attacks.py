"""``sahel_attacks``: attack records from triggers, their ConText modifiers and their arguments.

Steps, per article: (1) every trigger not blocked by a modifier (negated, hypothetical, threat,
statistics, generic, background) becomes a mention with arguments read off the parse
(``attack_arguments``); a plural trigger whose targets are named one by one with their own places is
split into one mention per target; triggers linked in the parse within one clause ("stormed ... and
torched", "attack ... killed") are one mention. (2) casualty mentions of the sentence go to the mention
they hang from. (3) ``attack_merging`` folds mentions into records. (4) records get ids a1..an in order
of first mention, a confidence, and evidence; ``doc._.attack_spans`` maps ids to trigger spans for the
claim and attribution components. Pointing mentions that are blocked (e.g. "but not the boat attack",
where the negation is the claim's) still link to their record, but never create one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sahel_ie import extensions  # noqa: F401
from sahel_ie.components.casualties import companion_anchors
from sahel_ie.parsing import attack_arguments as args
from sahel_ie.parsing.attack_merging import (
    Mention, MentionMerger, RecordDraft, casualty_key, collapse_restated, dates_disjoint, evidence_for_sentence,
    figures_beat_vague_words, REMOTE_STRIKE_TYPES, effect_only, total_over_parts,
)
from sahel_ie.parsing.date_expressions import partial_date
from sahel_ie.parsing.segments import is_headline, segment_index, segment_of
from sahel_ie.parsing.triggers import load_lexicon
from sahel_ie.parsing.parse_table import ids
from sahel_ie.parsing.requirements import check_doc, check_pipeline

from sahel_ie.parsing.place_fallback import fallback_location
from sahel_ie.parsing.property_events import property_only
from sahel_ie.parsing.crowd_events import crowd_event
from sahel_ie.records import ATTACK_TYPES, Attack, Casualty, DateValue, Location
from sahel_ie.resources import read_lexicon, per_language, in_document_language
from sahel_ie.parsing.syntax import function_word_ids, function_words, head_word

NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "both": 2, "twin": 2}


COUNT_DEPS = ids({"nummod", "det", "amod"})
VICTIM_DEPS = ids({"dobj", "nsubjpass"})
VICTIM_DEPS_WITH_SUBJECT = ids({"dobj", "nsubjpass", "nsubj"})
PREP_ID, POBJ_ID = ids({"prep"}), ids({"pobj"})
FROM_BY = ids({"from", "by"})
OF_ID = ids({"of"})


UNREALISED_VERBS = frozenset({"plan", "attempt", "try", "foil", "thwart", "prevent", "schedule", "intend"})
# "later that night", "the same day", "shortly after,": no count of days of its own
SAME_DAY_CUES = frozenset({"that", "same", "shortly", "soon", "immediately"})


def _count(parse: args.ArgumentParse, trigger: Span) -> int | None:
    deps, tokens = parse.deps, parse.tokens
    for i in parse.kids(parse.root(trigger).i):
        if deps[i] in COUNT_DEPS:
            child = tokens[i]
            low = child.lower_
            if low in NUMBER_WORDS:
                return NUMBER_WORDS[low]
            if child.like_num and child.text.isdigit():
                return int(child.text)
    return None


@per_language
def _aggregate_event_nouns() -> frozenset[str]:
    return frozenset(read_lexicon("context_rules")["sentence_rules"].get("aggregate_event_nouns", []))


LOOKING_BACK_MARKS = frozenset({"after", "before", "since", "following"})
MAX_TOLL_DISTANCE = 8  # segments between the one attack of an article and a toll told later on its own


def _looking_back_clause(token: Token) -> Token | None:
    """The head of the "after ..." / "since ..." clause holding ``token`` within its sentence ("came days
    after 65 people were killed": "killed"), or None."""
    x = token
    while x.head.i != x.i:
        if x.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in LOOKING_BACK_MARKS for c in x.children):
            return x
        if x.dep_ in ("pcomp", "pobj") and x.head.lower_ in LOOKING_BACK_MARKS and x.head.dep_ == "prep" \
                and x.tag_.startswith("VB"):
            return x
        x = x.head
    return None


@per_language
def _first_mention_articles() -> frozenset[str]:
    return frozenset(read_lexicon("attack_triggers").get("first_mention_articles", []))


@per_language
def _additive_adverbs() -> frozenset[str]:
    return frozenset(read_lexicon("attack_triggers").get("additive_adverbs", []))


class AttackExtractor:
    """Builds ``records.Attack`` objects for a Doc."""

    def __init__(self, nlp: Language, name: str = "sahel_attacks", min_confidence: float = 0.5) -> None:
        self.name = name
        self.min_confidence = min_confidence
        self.lexicon = load_lexicon(lang=nlp.lang)
        self.priority = {t: i for i, t in enumerate(self.lexicon.priority)}

    # ------------------------------------------------------------ mentions
    @staticmethod
    def _doc_sentence(starts: list[int], span: Span) -> int:
        """Index of the parser sentence holding the span's first token (evidence counts these)."""
        return max(bisect_right(starts, span.start) - 1, 0)

    def _build(self, parse: args.ArgumentParse, trigger: Span, sent: Span, sent_index: int, headline: bool,
               date_hits, anchor_clauses, passive_ok: bool = False) -> list[Mention]:
        doc = parse.doc
        inside = range(sent.start, sent.end)
        verbal = parse.verbal(trigger)
        label = trigger.label_ or ("VERB" if verbal else "NOUN")
        mods = parse.categories(trigger)
        perp = parse.perpetrator(trigger, label == "WEAK")
        if perp is not None and perp.token.i not in inside:
            perp = None
        if perp is not None and parse.span_text(trigger).lower() in self.lexicon.victim_subject:
            perp = self._attacker_from(parse, trigger)  # "came under fire from some 50 fighters"
        # a weak verb without an attacker is an attack only as a passive killing with its own place or day
        # ("Eight villagers were shot dead in X on Sunday"), in a sentence telling no other attack
        # (``passive_ok``); place and day are checked once the mention is built
        unattributed = label == "WEAK" and perp is None
        if unattributed and not (passive_ok and args.passive_killing(parse, trigger, self.lexicon.nonviolent_deaths)):
            return []
        root = parse.root(trigger)
        mention = Mention(
            triggers=[trigger], attack_type=parse.attack_type(trigger) or "unknown", sent_index=sent_index, sent=sent,
            # a verbal trigger is never plural, pointing back or "another" attack: those tests read its noun
            label=label, plural=not verbal and args.noun_is_plural(parse, trigger, self.lexicon.plural),
            count=_count(parse, trigger), anaphoric=not verbal and args.noun_is_anaphoric(parse, trigger),
            headline=headline, blocked=parse.blocked(trigger),
            distinct=not verbal and args.noun_is_distinct(parse, trigger),
        )
        date = args.nearest_date(parse, trigger, date_hits, [c for c, _ in anchor_clauses])
        for clause, days in anchor_clauses:
            if parse.dominates(clause.i, root.i):
                date = None
                mention.anchor = (None, days)  # resolved against the main mention below
        if date is None and root.i < len(doc):
            for child in parse.children(root):  # "Friday's assault"
                if child.dep_ == "poss":
                    for hit in date_hits:
                        if hit.span.start <= child.i < hit.span.end:
                            date = hit
        mention.date = args.date_record(parse, date, sent_index) if date is not None else None
        published = mention.date.value if mention.date else parse.published
        if perp is not None:
            ref = args.actor_ref(parse, perp, sent_index, published)
            if "SUSPECTED" in mods and ref.certainty == "stated":
                ref.certainty = "suspected"
            mention.perpetrator = ref
        target_tokens = [t for t in args.target_tokens(parse, trigger) if t.i in inside]
        verb = args.event_verb(parse, trigger)
        victims = []
        if verb is not None:
            victim_deps = VICTIM_DEPS
            if parse.lemma(verb.i) in {"suffer", "face", "survive", "repel", "repulse", "fall", "subject"}:
                victim_deps = VICTIM_DEPS_WITH_SUBJECT  # "the position of Bamba suffered a complex attack"
            victims = [parse.tokens[c] for c in parse.kids(verb.i) if parse.deps[c] in victim_deps
                       and not (trigger.start <= c < trigger.end)]
        anchors_base = [root, verb, *victims, perp.token if perp is not None else None]
        if unattributed:
            # "one soldier was killed and one wounded at the market in X": the place may hang from a
            # conjoined verb of the same kind (not "wounded and evacuated to X")
            anchors_base += [t for t in parse.children(root) if t.dep_ == "conj" and t.pos_ == "VERB"
                             and t.lemma_.lower() in args.PASSIVE_KILLING_LEMMAS]
        if args.is_reference(parse, trigger):
            mention.anaphoric = True
            mention.reference = True
        elif not verbal and self._earlier_event(root):
            # "the claim came three days after 65 people were killed at a funeral in a revenge attack":
            # the event the news is measured by is another one, never the news attack itself
            mention.distinct = True
        # split: a plural or conjoined target list whose members carry their own places
        per_target = [(t, self._inside(args.find_place(parse, trigger, [t]), inside))
                      for t in target_tokens] if len(target_tokens) >= 2 else []
        distinct = {parse.span_text(hit.ent).lower() for _, hit in per_target if hit is not None}
        if len(distinct) >= 2:
            mentions = []
            order = sorted(t.i for t in target_tokens)
            for token, hit in per_target:
                later = [i for i in order if i > token.i]
                stop = later[0] if later else sent.end
                own_dates = [h for h in date_hits if token.i < h.span.start < stop]
                part = Mention(**{**mention.__dict__})
                part.targets = [args.make_target(parse, token, sent_index)]
                part.target_words = {token.lemma_.lower()}
                hit = hit or self._inside(args.find_place(parse, trigger, anchors_base), inside)
                part.location = args.location_record(parse, hit, sent_index, None) if hit is not None else None
                part.split = True
                part.casualties = []
                part.shared_casualties = []
                if own_dates:
                    part.date = args.date_record(parse, own_dates[0], sent_index)
                mentions.append(part)
            return mentions
        for token in target_tokens + [root]:
            places = [h for h in args.conjoined_places(parse, token) if h.ent.start in inside]
            if places:
                mentions = []
                for hit in places:
                    part = Mention(**{**mention.__dict__})
                    part.targets = [args.make_target(parse, t, sent_index) for t in target_tokens]
                    part.target_words = {t.lemma_.lower() for t in target_tokens} | {parse.span_text(hit.ent).lower()}
                    part.location = args.location_record(parse, hit, sent_index, None)
                    part.split = True
                    part.casualties = []
                    part.shared_casualties = []
                    mentions.append(part)
                return mentions
        mention.targets = [args.make_target(parse, t, sent_index) for t in target_tokens]
        mention.target_words = {t.lemma_.lower() for t in target_tokens}
        hit = self._inside(args.find_place(parse, trigger, target_tokens + anchors_base), inside)
        mention.location = args.location_record(parse, hit, sent_index, None) if hit is not None else None
        if unattributed:
            if not self._specific_event(mention):
                return []
            # the victims of a passive killing are its toll; as targets they would keep it apart from the
            # attack that killed them ("the mayor was killed" in the village raid told before)
            mention.targets, mention.target_words = [], set()
        return [mention]

    @staticmethod
    def _earlier_event(root: Token) -> bool:
        """The noun lies in an "after ..." clause of "come"/"follow" ("came days after ... in an attack")."""
        clause = _looking_back_clause(root)
        return clause is not None and clause.i != root.i and clause.head.lemma_.lower() in args.FOLLOWING_VERBS

    @staticmethod
    def _bare_reference(mention: Mention) -> bool:
        """A noun telling ("the attack", "an unprecedented attack", "the attacked village") that adds no
        place, day, perpetrator, target or toll of its own: no evidence of the record while others tell
        it."""
        if not (mention.anaphoric or mention.label in {"ANAPHOR", "NOUN"}):
            return False
        return not ((mention.location and mention.location.name) or (mention.date and mention.date.text)
                    or mention.perpetrator or mention.casualties or mention.shared_casualties
                    or mention.targets or mention.anchor)

    @staticmethod
    def _definite_first_telling(parse: args.ArgumentParse, mention: Mention) -> bool:
        """A definite noun that tells its attack with details of its own ("l'attaque menée le 15 décembre
        contre un convoi de l'armée"): in a language that opens a telling so (``first_mention_articles``),
        a record made of it alone is a first telling, not a bare back-reference."""
        articles = _first_mention_articles()
        if not articles or mention.headline or mention.reference or parse.verbal(mention.triggers[0]):
            return False
        if not (mention.targets or mention.casualties or (mention.location and mention.location.name)):
            return False
        root = parse.root(mention.triggers[0]).i
        return any(parse.deps[c] == args.DET and parse.tokens[c].lower_ in articles for c in parse.kids(root))

    @staticmethod
    def _under_adverb(parse: args.ArgumentParse, mention: Mention, adverbs: frozenset[str]) -> bool:
        """Whether a verb above the trigger (up to the clause's root) carries one of ``adverbs``."""
        i = parse.root(mention.triggers[0]).i
        for _ in range(6):
            head = parse.heads[i]
            if head == i:
                break
            i = head
            if parse.poses[i] in args.VERB_AUX and any(
                    parse.tokens[c].lower_ in adverbs for c in parse.kids(i) if c < mention.triggers[0].start):
                return True
        return False

    @staticmethod
    def _named_trigger(mention: Mention) -> Span:
        """The trigger that names the record: the first that is not a bare "killed" ("were killed in an
        attack" is named by "attack")."""
        return next((t for t in mention.triggers if t.label_ != "WEAK"), mention.triggers[0])

    @staticmethod
    def _specific_event(mention: Mention) -> bool:
        """A town (not a region or country) or a day of its own: what makes a passive killing one event
        rather than a tally ("dozens of civilians were killed in the region")."""
        loc = mention.location
        town = bool(loc and loc.name and (loc.geo_precision or 3) < 3)
        day = bool(mention.date and mention.date.value and mention.date.precision in {"day", "range"})
        return town or day

    @staticmethod
    def _attacker_from(parse: args.ArgumentParse, trigger: Span):
        """The attacker of a trigger whose subject is its target: the object of its "from" or "by"."""
        root = parse.root(trigger).i
        for prep in parse.kids(root):
            if parse.deps[prep] in PREP_ID and parse.lowers[prep] in (function_word_ids("from") | function_word_ids("by")):
                for obj in parse.kids(prep):
                    if parse.deps[obj] not in POBJ_ID:
                        continue
                    # "from dozens of gunmen": the attackers are the amount's "of" phrase
                    inner = [g for c in parse.kids(obj) if parse.deps[c] in PREP_ID and parse.lowers[c] in function_word_ids("of")
                             for g in parse.kids(c) if parse.deps[g] in POBJ_ID]
                    for candidate in [obj, *inner]:
                        if args._is_attacker(parse, candidate):
                            return args.perpetrator_at(parse, candidate)
        return None

    @staticmethod
    def _inside(hit, inside: range):
        return hit if hit is not None and hit.ent.start in inside else None

    REPORTING_VERBS = frozenset({"say", "tell", "report", "announce", "confirm", "publish", "claim", "release",
                                 "state", "add", "declare", "post", "issue", "deny", "accuse", "blame", "quote",
                                 "update", "give", "put", "raise", "revise", "reach", "rise", "speak"})

    @staticmethod
    def _dateline(parse: args.ArgumentParse, span: Span, sent: Span) -> bool:
        """"BAMAKO, Oct 2 (Sahel Wire) -": the day of filing, at the head of the lede."""
        if span.start - sent.start > 4:
            return False
        if span.start > 0 and parse.tokens[span.start - 1].lower_ in {"date", "dated", "published", "updated"}:
            return True  # "date 2017-01-25 Gunmen ...": a date line run into the lede
        tail = [t.text for t in parse.tokens[span.end:min(span.end + 6, sent.end)]]
        return any(t in {"(", "-", "–", "—", "/"} for t in tail[:2]) or "(" in tail[:1]

    def _reporting_date(self, parse: args.ArgumentParse, span: Span) -> bool:
        """"the army said on Tuesday", "a statement published on Sunday": the day of the telling."""
        for token in (parse.tokens[i] for i in parse.ancestors_of(parse.root(span).i)):
            if token.pos_ in {"VERB", "AUX"}:
                return token.lemma_.lower() in self.REPORTING_VERBS
            if token.pos_ == "NOUN" and token.lemma_.lower() in {"statement", "communique", "communiqué", "toll",
                                                                  "video", "message", "report", "claim"}:
                return True
        return False

    def _date_owners(self, parse: args.ArgumentParse, triggers: list[Span], date_hits) -> tuple[list, bool]:
        """Each date goes to the trigger nearest to it in the parse ("Friday's assault" keeps its Friday).
        Weak triggers without an attacker make no mention, so they own no date, except a passive killing
        ("were shot dead in X on Sunday") in a sentence with no other trigger ("were killed when gunmen
        ambushed ..., officials said on Friday": the ambush owns the dates). Also says whether the
        sentence tells no attack but passive killings (which may then make mentions)."""
        owned: list = []
        candidates = [t for t in triggers if t.label_ != "WEAK" or parse.perpetrator(t, True) is not None]
        passive_ok = not candidates
        if passive_ok:
            candidates = [t for t in triggers if args.passive_killing(parse, t, self.lexicon.nonviolent_deaths)]
        if not candidates:
            return owned, passive_ok
        for hit in date_hits:
            date_root = parse.root(hit.span)
            owner = min(candidates, key=lambda t: (args.tree_distance(parse, parse.root(t), date_root),
                                                  abs(t.start - hit.span.start)))
            owned.append((hit, owner))
        return owned, passive_ok

    def _sentence_mentions(self, parse: args.ArgumentParse, sent: Span, sent_index: int,
                           triggers: list[Span]) -> list[Mention]:
        date_hits = args.sentence_dates(parse, sent)
        anchor_clauses = []
        for trigger in triggers:
            found = args.relative_clause_anchor(parse, trigger)
            if found is not None and found not in anchor_clauses:
                anchor_clauses.append(found)
        owned, passive_ok = self._date_owners(parse, triggers, date_hits)
        headline = is_headline(sent)
        mentions: list[Mention] = []
        for trigger in triggers:
            mine = [hit for hit, owner in owned if owner is trigger]
            if mine:
                scope = args.event_scope(parse, trigger)
                kept = [] if scope.no_dates else [hit for hit in mine if parse.root(hit.span).i in scope]
                root = parse.root(trigger)
                if not kept and root.dep_ == "dobj" and root.head.lemma_.lower() in args.FOLLOWING_VERBS:
                    # "the raid follows attacks July 21 in several areas": the day told beside the
                    # attacks the news follows is theirs
                    kept = [hit for hit in mine if parse.root(hit.span).head.i == root.head.i
                            and parse.root(hit.span).dep_ == "npadvmod"]
                mine = kept
            mentions.extend(self._build(parse, trigger, sent, sent_index, headline, mine, anchor_clauses,
                                        passive_ok))
        # a reported attack with no date in its own clause takes the sentence's free day-level date
        # ("On 20 January 2019, ten peacekeepers were killed when assailants stormed the camp")
        used = {m.date.evidence[0].start for m in mentions if m.date is not None and m.date.evidence}
        # without an anchor a day is kept as told ("On August 18"), unresolved
        free = [h for h in date_hits if (h.value or parse.published is None)
                and h.precision in {"day", "range", "week", "month"}
                and h.anchor_offset_days is None and h.span.start_char not in used
                and not self._reporting_date(parse, h.span) and not self._dateline(parse, h.span, sent)]
        for mention in mentions:
            if mention.date is None and mention.anchor is None and free and (not (
                    mention.anaphoric or mention.label == "ANAPHOR" or mention.headline)
                    or self._definite_first_telling(parse, mention)):
                trigger = mention.triggers[0]
                hit = min(free, key=lambda h: abs(h.span.start - trigger.start))
                mention.date = args.date_record(parse, hit, sent_index)
        # a trigger noun that is another trigger's agent ("suicide bombers blew themselves up") is the
        # perpetrator, not a second event
        agents = set()
        for trigger in triggers:
            if parse.verbal(trigger) and trigger.label_ != "WEAK":
                perp = parse.perpetrator(trigger, True)
                if perp is not None:
                    agents.add(perp.token.i)
        mentions = [m for m in mentions if parse.root(m.triggers[0]).i not in agents or parse.verbal(m.triggers[0])]
        # anchors: relative to the first mention of the sentence outside any anchored clause
        mains = [m for m in mentions if m.anchor is None]
        for mention in mentions:
            if mention.anchor is not None and mention.anchor[0] is None:
                before = [m for m in mains if m.triggers[0].start < mention.triggers[0].start]
                if before:
                    mention.anchor = (before[0], mention.anchor[1])
                else:
                    mention.anchor = None
        return self._merge_in_sentence(parse, mentions)

    def _linked(self, parse: args.ArgumentParse, a: Mention, b: Mention) -> bool:
        ta, tb = parse.root(a.triggers[0]), parse.root(b.triggers[0])
        if (a.anchor is None) != (b.anchor is None):
            return False
        if a.split or b.split or a.reference != b.reference:
            return False
        if a.plural != b.plural and (a.count or b.count or a.anaphoric or b.anaphoric):
            return False
        head_a, head_b = parse.heads[ta.i], parse.heads[tb.i]
        near = head_a == tb.i or head_b == ta.i or head_a == head_b and head_a != ta.i
        # "the detonation of an IED", "the explosion of a mine": the device is the event told by the noun
        near = near or any(x.dep_ == "pobj" and parse.heads[y.i] == z.i and y.lower_ in function_words("of")
                           and x.pos_ in ("NOUN", "PROPN") and z.pos_ == "NOUN" and 0 < x.i - z.i <= 4
                           for x, y, z in ((tb, parse.doc[head_b], ta), (ta, parse.doc[head_a], tb)))
        return near or tb.i in parse.conjuncts_of(ta.i) or not self._specific(b) or not self._specific(a)

    @staticmethod
    def _participle_of(parse: args.ArgumentParse, a: Mention, b: Mention) -> bool:
        """"stormed the village ..., killing 132": the weak participle is the same attack, whatever
        place its own words wander to."""
        tb = parse.root(b.triggers[0])
        return b.label == "WEAK" and tb.dep_ in {"advcl", "xcomp", "conj"} and parse.heads[tb.i] in {
            parse.root(t).i for t in a.triggers}

    @staticmethod
    def _specific(mention: Mention) -> bool:
        """Has its own place or day, so it can be a distinct attack in the same sentence."""
        return bool((mention.location and mention.location.name) or (mention.date and mention.date.value))

    def _merge_in_sentence(self, parse: args.ArgumentParse, mentions: list[Mention]) -> list[Mention]:
        # "attacked the villages of A, B and C, killing 30": the participle belongs to the split attacks
        split_roots = {parse.root(m.triggers[0]).i for m in mentions if m.split}
        mentions = [m for m in mentions if not (m.label == "WEAK" and not m.split and (
            parse.heads[parse.root(m.triggers[0]).i] in split_roots
            or any(c.i in split_roots for c in parse.children(parse.root(m.triggers[0])))))]
        merged: list[Mention] = []
        for mention in mentions:
            target = None
            for other in merged:
                if self._participle_of(parse, other, mention) and not other.split:
                    target = other
                    break
                if self._linked(parse, other, mention):
                    from sahel_ie.parsing.attack_merging import RecordDraft, compatibility

                    if compatibility(mention, RecordDraft(mentions=[other])) is not None:
                        target = other
                        break
            if target is None:
                merged.append(mention)
                continue
            target.triggers.extend(mention.triggers)
            if mention.blocked and not target.blocked and "GENERIC" in parse.categories(mention.triggers[0]):
                # "'an unprecedented attack,' he said, where gunmen often kill": the generic (habitual)
                # telling lends the attack none of its words (its "gunmen" are no perpetrator of this one)
                continue
            target.blocked = target.blocked and mention.blocked
            target.anaphoric = target.anaphoric and mention.anaphoric
            if (self.priority.get(mention.attack_type, 99) < self.priority.get(target.attack_type, 99)
                    and not (mention.blocked and not target.blocked)):
                # "had used mortars and shells" (a blocked, generic telling) does not retype the attack
                target.attack_type = mention.attack_type
            if target.label in {"ANAPHOR", "WEAK", "NOUN"} and mention.label == "VERB":
                target.label = "VERB"
            target.perpetrator = target.perpetrator or mention.perpetrator
            if not target.targets:
                target.targets, target.target_words = mention.targets, mention.target_words
            target.location = target.location or mention.location
            target.date = target.date or mention.date
        return merged

    def _anchor_to_day_before(self, parse: args.ArgumentParse, by_sentence: dict[int, list[Mention]]) -> None:
        """"Earlier that day, a patrol was ambushed ...", "Later that night, gunmen attacked ...", "Shortly
        after, gunmen attacked ...": a sentence
        whose only date counts from a day told before dates its undated attacks from the attack told last
        with a day, in an earlier sentence (a digest of one day's attacks)."""
        last: Mention | None = None
        for index in sorted(by_sentence):
            mentions = by_sentence[index]
            if not mentions:
                continue
            sent = mentions[0].sent
            hits = [h for h in args.sentence_dates(parse, sent) if h.anchor_offset_days is not None
                    and SAME_DAY_CUES & set(h.span.text.lower().split())]
            if hits and last is not None and not any(m.date is not None and m.date.value for m in mentions):
                for mention in mentions:
                    if (mention.anchor is None and mention.date is None and not mention.headline
                            and not mention.anaphoric and mention.label != "ANAPHOR"):
                        own = [h for h in hits if self._dates_clause_of(parse, h, mention)]
                        if own:
                            mention.anchor = (last, own[0].anchor_offset_days)
            for mention in mentions:
                if mention.headline:
                    continue
                resolved = mention.resolved_date()
                if resolved is not None and resolved.value and resolved.precision == "day":
                    last = mention

    @staticmethod
    def _dates_clause_of(parse: args.ArgumentParse, hit, mention: Mention) -> bool:
        """Whether the date phrase hangs from the mention's trigger or a verb above it ("Later that night,
        gunmen attacked ..."), not from another clause ("an attack planned for the same day was foiled")."""
        x = parse.root(hit.span)
        if x.dep_ == "pobj" and x.head.dep_ == "prep":
            x = x.head  # "for the same day": the preposition's governor
        x = x.head
        while x.pos_ == "ADV" and x.head.i != x.i:
            x = x.head  # "Earlier that day": the adverb's verb
        if not mention.sent.start <= x.i < mention.sent.end:
            return True  # the parse ran across a heading: the phrase opens the mention's own sentence
        if x.lemma_.lower() in UNREALISED_VERBS:
            return False  # "an attack planned for the same day was foiled": the day of a plan
        trigger_root = parse.root(mention.triggers[0])
        return x.i == trigger_root.i or x.i in {a.i for a in trigger_root.ancestors if a.pos_ in ("VERB", "AUX")}

    # ------------------------------------------------------------ casualties
    @staticmethod
    def _casualty_distance(parse: args.ArgumentParse, mention: Mention, head: Token) -> tuple[int, int]:
        best = (99, 999)
        heads = parse.heads
        for trigger in mention.triggers:
            root = parse.root(trigger)
            if root.i == head.i:
                return (0, 0)
            if heads[root.i] == head.i and root.dep_ in {"nsubj", "nsubjpass", "pobj"}:
                return (0, 0)
            if root.dep_ == "pobj" and heads[heads[root.i]] == head.i:  # "killed in the attack"
                return (0, 0)
            best = min(best, (args.tree_distance(parse, root, head), abs(root.i - head.i)))
        return best

    def _assign_casualties(self, parse: args.ArgumentParse, by_sentence: dict[int, list[Mention]]) -> list:
        """Tolls go to the mention of their sentence they hang from; returns the tolls of sentences
        without any mention (placed later, after the records exist)."""
        # a sum ("killing 12 in total") over a counted plural of attacks ("two attacks ..., 19 dead in
        # total") is no one attack's toll; over the villages of one attack it is shared by them
        mentions = [m for m in parse.doc._.casualty_mentions or [] if not m.extras.get("aggregate")
                    and not (m.extras.get("sum") and self._summed_over_events(parse, m))]
        leftover = []
        for cas in mentions:
            sent_index = segment_index(cas.span)
            candidates = by_sentence.get(sent_index, [])
            if not candidates:
                leftover.append((sent_index, cas))
                continue
            head = cas.head if cas.head is not None else parse.root(cas.span)
            clause = _looking_back_clause(head)
            if clause is not None:
                # "the attack came three days after 65 people were killed at a funeral": the toll of the
                # clause is the earlier event's, never that of a telling outside the clause
                inside = [m for m in candidates if any(clause.left_edge.i <= parse.root(t).i <= clause.right_edge.i
                                                       for t in m.triggers)]
                if not inside:
                    continue
                candidates = inside
            best = min(candidates, key=lambda m: self._casualty_distance(parse, m, head))
            siblings = [m for m in candidates if m.split and best.split and m.triggers[0] == best.triggers[0]]
            if len(siblings) > 1:  # "attacked the villages of A, B and C, killing 51": one toll for all
                for sibling in siblings:
                    sibling.shared_casualties.append(cas)
            else:
                best.casualties.append(cas)
        return leftover

    def _place_leftover_tolls(self, parse: args.ArgumentParse, leftover: list, drafts: list[RecordDraft],
                              blocked: dict[int, list[Span]]) -> None:
        """"51 civilians were killed in the three villages": a toll in a sentence of its own belongs to
        the attack(s) told just before it (at most two sentences back); a toll told right after a group
        of attacks is shared by all of them. Background and statistics sentences give none."""
        for seg, cas in leftover:
            if self._in_blocked_clause(parse, cas, blocked.get(seg, ())) or (cas.count or 0) >= 1000 \
                    or self._summed_over_events(parse, cas):
                continue
            own_date = self._toll_date(parse, cas)
            latest: tuple[int, list[RecordDraft]] | None = None
            for draft in drafts:
                for mention in draft.mentions:
                    mseg = segment_index(mention.sent)
                    if mention.headline or mseg >= seg or seg - mseg > 2:
                        continue
                    if latest is None or mseg > latest[0]:
                        latest = (mseg, [draft])
                    elif mseg == latest[0] and draft not in latest[1]:
                        latest[1].append(draft)
            if latest is None and len(drafts) == 1 and own_date is None and self._plain_past_toll(parse, cas, seg):
                # the one attack of the article, told farther back ("..., the rebels said 20 people died")
                earlier = [segment_index(m.sent) for m in drafts[0].mentions
                           if not m.headline and segment_index(m.sent) < seg]
                if earlier and seg - max(earlier) <= MAX_TOLL_DISTANCE:
                    latest = (max(earlier), [drafts[0]])
            if latest is None:
                continue
            owners = latest[1]
            if own_date is not None:
                # "Last week at least 13 civilians were killed ...": a toll with a date of its own that
                # the attack told before cannot have is another event's
                owners = [d for d in owners if not dates_disjoint(own_date, d.date())]
            for draft in owners:
                if len(owners) > 1:
                    draft.shared_casualties.append((cas, None))
                else:
                    draft.extra_casualties.append(cas)

    @staticmethod
    def _in_blocked_clause(parse: args.ArgumentParse, cas, triggers) -> bool:
        """Whether a blocked trigger of the toll's segment governs the toll ("reports of an attack that killed
        five were denied"). A negated trigger in a clause of its own leaves the segment's toll alone: "many
        casualties were reported among the militants while no soldiers were injured" tells ten dead."""
        head = cas.head if cas.head is not None else parse.root(cas.span)
        for trigger in triggers:
            root = parse.root(trigger)
            if root.i == head.i or root.i in {a.i for a in head.ancestors}:
                return True
        return False

    @staticmethod
    def _plain_past_toll(parse: args.ArgumentParse, cas, seg: int) -> bool:
        """A toll told in the simple past ("20 people died", "were killed"), in a segment with no date of
        its own: not a tally ("have been killed since ...") nor another day's toll."""
        verb = cas.head
        if verb is None or not verb.tag_.startswith("VB"):
            return False
        if verb.tag_ not in ("VBD", "VBN") or any(c.lemma_.lower() == "have" and c.dep_ == "aux" for c in verb.children):
            return False
        if verb.tag_ == "VBN" and not any(c.dep_ == "auxpass" and c.tag_ == "VBD" for c in verb.children):
            return False
        segment = segment_of(cas.span)
        return not args.sentence_dates(parse, segment)

    @staticmethod
    def _summed_over_events(parse: args.ArgumentParse, cas) -> bool:
        """"France said it had killed 25 jihadists in two operations": a toll told over a counted plural of
        events (not "the two attacks", which points back at the ones told) is a sum, no one attack's."""
        nouns = _aggregate_event_nouns()
        segment = segment_of(cas.span)
        for token in parse.tokens[segment.start:segment.end]:
            if token.lower_ not in nouns:
                continue
            children = parse.children(token)
            counts = [c for c in children if c.dep_ == "nummod" and c.like_num and c.lower_ not in {"one", "1"}]
            definite = any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an"} for c in children)
            if counts and not definite:
                return True
        return False

    def _toll_date(self, parse: args.ArgumentParse, cas) -> DateValue | None:
        """The date told in a toll's own clause ("last week", "in December 2016"), if any; the day of the
        telling ("the army said on Tuesday") does not count."""
        sent = segment_of(cas.span)
        head = cas.head if cas.head is not None else parse.root(cas.span)
        for hit in args.sentence_dates(parse, sent):
            if not hit.value or hit.anchor_offset_days is not None or self._reporting_date(parse, hit.span):
                continue
            if self._dateline(parse, hit.span, sent):
                continue
            if args.tree_distance(parse, head, parse.root(hit.span)) <= 3:
                return args.date_record(parse, hit, None)
        return None

    # ------------------------------------------------------------ records
    @staticmethod
    def _country(parse: args.ArgumentParse, sent: Span, places: bool = True) -> str | None:
        """The country of the first known place in the sentence, else of a demonym ("Malian soldiers"). With
        ``places`` false only a country's name or demonym counts: a town name the ruler finds in an unknown
        village's name ("Gomso-Baroua") says less than the country the caller states."""
        gaz = args.gazetteer()
        labels = {"COUNTRY", "PLACE", "REGION"} if places else {"COUNTRY"}
        for ent in parse.ents_within(sent):
            if ent.label_ in labels and ent.ent_id_:
                place = gaz.get(ent.ent_id_)
                if place is not None and place.country:
                    return place.country
        for token in parse.tokens[sent.start:sent.end]:
            if token.pos_ in {"ADJ", "PROPN"} and token.text[:1].isupper():
                country = gaz.country_of_demonym(token.text)
                if country:
                    return country
        return None

    @staticmethod
    def _article_country(parse: args.ArgumentParse) -> str | None:
        """The country the caller states for the article, else the one it names most often: the fallback for
        attacks placed nowhere in it."""
        doc = parse.doc
        stated = doc._.get("country") if Doc.has_extension("country") else None
        if stated:
            return stated
        counts: Counter[str] = Counter()
        gaz = args.gazetteer()
        for i in parse.entity_starts("COUNTRY"):
            ent_id = parse.tokens[i].ent_id_
            if ent_id:
                place = gaz.get(ent_id)
                if place is not None and place.country:
                    counts[place.country] += 1
        return counts.most_common(1)[0][0] if counts else None

    @staticmethod
    def _fixed_place(draft: RecordDraft) -> bool:
        """An assault on a camp, post or village (the target or the place says so) is a raid."""
        raid_words = args.target_lexicon()["raid"]
        for mention in draft.mentions:
            if mention.headline:
                continue
            for target in mention.targets:
                words = target.text.lower().replace("-", " ").split()
                if words and head_word(words) in raid_words:
                    return True
            loc = mention.location
            if loc is not None and loc.text and loc.geo_precision == 1:
                if set(loc.text.lower().split()) & function_words("settlement"):
                    return True
        return False

    def _casualties(self, parse: args.ArgumentParse, draft: RecordDraft, mentions: list[Mention],
                    sentence_starts: list[int]) -> list[Casualty]:
        """The record's tolls, each figure once: its mentions' own tolls (not those of blocked mentions), the
        tolls they share with split siblings, then the tolls placed on the draft itself."""
        tolls = [(cas, False) for mention in mentions if not mention.blocked for cas in mention.casualties]
        tolls += [(cas, True) for mention in mentions for cas in mention.shared_casualties]
        tolls += [(cas, False) for cas in draft.extra_casualties]
        tolls += [(cas, True) for cas, _mention in draft.shared_casualties]
        tolls = self._drop_revised(tolls)
        # each figure once, as first told in the text (the official "eight Togolese soldiers were killed"
        # before the claimant's "it had killed eight soldiers", which the claim then takes away)
        tolls.sort(key=lambda pair: pair[0].span.start)
        casualties = []
        seen: set[tuple] = set()
        by_victim: dict[int, Casualty] = {}  # victim token -> its record, for conjoined victims
        people_lists: set[int] = set()  # records of victims and companions of several groups, as people
        later_deaths: list[Casualty] = []
        for cas, shared in tolls:
            record = cas.to_record(shared=shared, sentence=self._doc_sentence(sentence_starts, cas.span))
            if cas.extras.get("later_died"):
                later_deaths.append(record)
                continue
            victim = cas.victim
            joined = by_victim.get(victim.head.i) if victim is not None and victim.dep_ == "conj" else None
            companion = joined is not None and id(joined) in people_lists  # "... with his driver and bodyguard"
            if joined is None and victim is not None:  # "a chief with his son", "a trader with his driver"
                joined = next((by_victim[a.i] for a in companion_anchors(victim) if a.i in by_victim), None)
                companion = joined is not None
            if (joined is not None and companion and joined.outcome == record.outcome
                    and "unspecified" in (joined.group, record.group)):
                # "a business man with his driver": one list of people, counted as people
                joined.group = record.group = "unspecified"
                people_lists.add(id(joined))
            if (joined is not None and joined.outcome == record.outcome and joined.group == record.group
                    and joined.count is not None and record.count is not None and joined.shared == record.shared):
                # "killed a commander and his driver", "a chief and his three sons": one toll of the list
                joined.count += record.count
                joined.count_max = None
                joined.text = f"{joined.text} and {record.text}"
                joined.evidence.extend(record.evidence)
                by_victim[victim.i] = joined
                continue
            if victim is not None:
                by_victim[victim.i] = record
            key = casualty_key(record)
            if record.count == 1 and record.evidence:  # "a commander and his driver": two people, one figure
                key += (record.evidence[0].sentence, record.text.lower())
            if key not in seen:
                seen.add(key)
                casualties.append(record)
        for record in later_deaths:
            self._add_later_deaths(casualties, record)
        return total_over_parts(figures_beat_vague_words(collapse_restated(casualties)))

    @staticmethod
    def _add_later_deaths(casualties: list[Casualty], later: Casualty) -> None:
        """"One soldier was killed and five wounded; two later died of their injuries": the later deaths
        add to the killed toll of the same victims (of their group, else the first killed toll), so the
        record says three killed; without a killed toll they are the toll."""
        killed = [c for c in casualties if c.outcome == "killed" and c.count is not None and not c.shared]
        base = next((c for c in killed if c.group == later.group), None)
        if base is None and later.group == "unspecified" and killed:
            base = killed[0]
        if base is None or later.count is None:
            casualties.append(later)
            return
        base.count += later.count
        base.count_max = None
        base.text = f"{base.text} + {later.text}"
        base.evidence.extend(later.evidence)

    @staticmethod
    def _drop_revised(tolls: list) -> list:
        """"The initial toll is nine dead ... a later report gives ten": a figure told as provisional gives way
        to a figure told after it for the same outcome and the same (or an unnamed) group."""
        def revises(later, first) -> bool:
            return (later.span.start > first.span.start and later.count is not None
                    and not later.extras.get("provisional") and later.outcome == first.outcome
                    and (later.group == first.group or "unspecified" in {later.group, first.group}))

        return [(cas, shared) for cas, shared in tolls
                if not (cas.extras.get("provisional") and any(revises(other, cas) for other, _ in tolls))]

    def _record(self, parse: args.ArgumentParse, draft: RecordDraft, index: int, article_country: str | None,
                sentence_starts: list[int]) -> Attack:
        mentions = sorted(draft.mentions, key=lambda m: (m.headline, m.start))
        # the main telling: the first verb of the body, else the first that is more than a bare passive
        # "were killed" (which names no attack: "were killed in an attack" is named by "attack")
        main = next((m for m in mentions if m.label == "VERB" and not m.headline), None) or next(
            (m for m in mentions if any(t.label_ != "WEAK" for t in m.triggers)), mentions[0])
        told = [m for m in mentions if not m.blocked] or mentions
        struck = any(m.attack_type in REMOTE_STRIKE_TYPES for m in told)
        # "an airstrike ... killed in an explosion": the blast of the strike does not name the record
        types = sorted({m.attack_type for m in told if (not m.plural or m.split) and not (struck and effect_only(m))},
                       key=lambda t: self.priority.get(t, 99)) or [main.attack_type]
        secondary = set(read_lexicon("attack_triggers").get("secondary_types", ()))
        if secondary and len(types) > 1:  # a detail of a broader attack ("torched shops" in a raid)
            types = [t for t in types if t not in secondary] + [t for t in types if t in secondary]
        specific = [t for t in types if t not in {"armed_assault", "unknown"} | secondary]
        attack_type = specific[0] if specific else types[0]
        if attack_type not in ATTACK_TYPES:
            attack_type = "unknown"
        if attack_type in {"armed_assault", "unknown"}:
            # "two female bombers killed 22 worshippers": the attacker says how it was done
            by_attacker = read_lexicon("attack_triggers").get("type_from_attacker", {})
            for mention in mentions:
                words = (mention.perpetrator.text or "").lower().split() if mention.perpetrator else []
                if words and words[-1] in by_attacker:
                    attack_type = by_attacker[words[-1]]
                    break
        if attack_type == "armed_assault" and self._fixed_place(draft):
            attack_type = "raid"
        date = draft.date()
        if date is None:
            # no telling resolves to a value: keep the first one told, unresolved but quoted ("on Tuesday"
            # without a publication date), with its precision and what it fixes without the year
            told = [m.date for m in mentions if m.date is not None and m.date.text and not m.headline]
            told += [m.date for m in mentions if m.date is not None and m.date.text and m.headline]
            date = told[0] if told else DateValue(precision="unknown")
        if date.value is None:
            date = DateValue(text=date.text, value=None, end=None,
                             precision=date.precision if date.text else "unknown", evidence=date.evidence,
                             partial=date.partial or partial_date(date.text))
        location = draft.location()
        if location is None:
            location = Location()
        else:
            location = Location(**{**location.__dict__})
        if location.country is None:
            stated = parse.doc._.get("country") if Doc.has_extension("country") else None
            for mention in mentions:
                country = self._country(parse, mention.sent, places=not stated)
                if country:
                    location.country = country
                    break
            else:
                location.country = article_country
        day = date.value or parse.published
        perpetrator = args.absorbed_branch(args.local_branch(draft.perpetrator(), location.country, day),
                                           location.country, day)
        targets = []
        seen_targets: set[str] = set()
        # targets as first told; pointing phrases ("the boat attack") and group victims only fill gaps
        primary = [m for m in mentions if m.split or not (m.anaphoric or m.headline or m.label == "ANAPHOR"
                                                          or m.plural)]
        for mention in (primary if any(m.targets for m in primary) else mentions):
            for target in mention.targets:
                if target.text.lower() not in seen_targets:
                    seen_targets.add(target.text.lower())
                    targets.append(target)
        casualties = self._casualties(parse, draft, mentions, sentence_starts)
        if not targets:  # the victims say who was targeted
            groups = args.target_lexicon()["casualty_groups"]
            for casualty in casualties:
                category = groups.get(casualty.group)
                if category and not casualty.shared and all(t.category != category for t in targets):
                    targets.append(args.Target(text=casualty.text, category=category,
                                               evidence=list(casualty.evidence)))
        evidence = []
        seen_sents: set[int] = set()
        informative = [m for m in mentions if not self._bare_reference(m)]
        for mention in sorted(mentions, key=lambda m: m.start):
            if mention.blocked and len(mentions) > 1:
                continue  # "but not the boat attack": a link for the claim, not evidence of the attack
            if informative and self._bare_reference(mention):
                continue  # "'It was an unprecedented attack,' he said, where bandits often ...": tells nothing
            if mention.sent.start not in seen_sents:
                seen_sents.add(mention.sent.start)
                evidence.append(evidence_for_sentence(parse, mention.sent, mention.sent_index))
        confidence = 0.45
        if any(m.label == "VERB" for m in mentions):
            confidence += 0.15
        confidence += 0.08 * sum(bool(x) for x in (location.name, date.value, perpetrator, targets, casualties))
        if len(seen_sents) > 1:
            confidence += 0.05
        if all(m.anaphoric or m.headline or m.label == "ANAPHOR" for m in mentions) and not any(
                self._definite_first_telling(parse, m) for m in mentions):
            confidence -= 0.2
        told = []
        for mention in sorted(mentions, key=lambda m: m.start):
            trigger = min(mention.triggers, key=lambda t: t.start)
            told.append(args.Evidence(trigger.start_char, trigger.end_char, mention.sent_index,
                                      parse.span_text(trigger)))
        return Attack(
            id=f"a{index}", attack_type=attack_type, text=parse.span_text(self._named_trigger(main)), date=date,
            location=location,
            perpetrator=perpetrator or args.ActorRef(text=None, kind="unknown"), targets=targets,
            casualties=casualties, evidence=evidence, confidence=round(max(0.05, min(0.97, confidence)), 2),
            mentions=told,
        )

    # ------------------------------------------------------------ component
    @in_document_language
    def __call__(self, doc: Doc) -> Doc:
        check_doc(doc, "sahel_attacks", "attack_triggers", "sahel_attack_triggers")
        triggers = doc._.attack_triggers or []
        if not triggers:
            doc._.attacks = []
            doc._.attack_spans = {}
            return doc
        parse = args.ArgumentParse(doc)
        by_sentence_triggers: dict[int, list[Span]] = {}
        for trigger in triggers:
            parse.read_trigger(trigger)
            by_sentence_triggers.setdefault(segment_index(trigger), []).append(trigger)
        by_sentence: dict[int, list[Mention]] = {}
        sentence_starts = parse.sentence_starts()  # read once: evidence counts the parser's sentences
        for index, sent_triggers in sorted(by_sentence_triggers.items()):
            sent = segment_of(sent_triggers[0])
            by_sentence[index] = self._sentence_mentions(parse, sent, self._doc_sentence(sentence_starts, sent),
                                                         sent_triggers)
        self._anchor_to_day_before(parse, by_sentence)
        leftover = self._assign_casualties(parse, by_sentence)
        additive = _additive_adverbs()
        if additive:
            for mentions in by_sentence.values():
                for mention in mentions:
                    if self._definite_first_telling(parse, mention) and self._under_adverb(parse, mention, additive):
                        mention.additive = True
        merger = MentionMerger()
        headlines: list[Mention] = []
        for index in sorted(by_sentence):
            mentions = by_sentence[index]
            splits = [m for m in mentions if m.split]
            for mention in mentions:
                if mention.headline:
                    headlines.append(mention)
                elif not mention.split:
                    merger.add(mention)
            if splits:
                merger.add_split([m for m in splits if not m.headline] or splits)
        for mention in headlines:
            merger.add_headline(mention)
        drafts = merger.finish()
        blocked: dict[int, list[Span]] = {}
        for trigger in triggers:
            if parse.blocked(trigger):
                blocked.setdefault(segment_index(trigger), []).append(trigger)
        self._place_leftover_tolls(parse, leftover, drafts, blocked)
        article_country = self._article_country(parse)
        attacks = []
        spans: dict[str, list[Span]] = {}
        kept: list[RecordDraft] = []
        for draft in drafts:
            attack = self._record(parse, draft, len(kept) + 1, article_country, sentence_starts)
            if attack.confidence < self.min_confidence:
                continue  # a lone noun or headline with nothing that pins an event down
            if property_only(attack, {m.sent.start: m.sent for m in draft.mentions}.values(), doc):
                continue  # looting, burned buildings or arrests with nobody hurt or taken: no attack
            if crowd_event(attack, {m.sent.start: m.sent for m in draft.mentions}.values()):
                continue  # a riot, or forces firing on protesters: ACLED's Riots / Protests, no attack
            kept.append(draft)
            attacks.append(attack)
            spans[attack.id] = sorted({t for m in draft.mentions for t in m.triggers}, key=lambda s: s.start)
        # only the records kept are rivals for a sentence's place: a dropped draft ("the explosion" of a
        # record's own IED) neither claims nor blocks one
        for draft, attack in zip(kept, attacks):
            attack.location = fallback_location(parse, draft, kept, attack.location) or attack.location
        for mention, records in merger.spans_only:
            for record in records:
                if record in kept:
                    spans[f"a{kept.index(record) + 1}"].extend(mention.triggers)
        doc._.attacks = attacks
        doc._.attack_spans = spans
        return doc


@Language.factory(
    "sahel_attacks", default_config={"min_confidence": 0.5},
    requires=["doc.sents", "token.dep", "doc.ents", "doc._.attack_triggers", "span._.modifiers",
              "doc._.date_mentions", "doc._.casualty_mentions"],
    assigns=["doc._.attacks", "doc._.attack_spans"],
)
def make_sahel_attacks(nlp: Language, name: str, min_confidence: float) -> AttackExtractor:
    """``min_confidence``: records scoring below it are not emitted (0 keeps everything)."""
    check_pipeline(nlp, "sahel_attacks")
    return AttackExtractor(nlp, name, min_confidence)
