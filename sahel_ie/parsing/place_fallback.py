"""A place for an attack record the parse linked to none, taken from its own trigger's sentence.

The argument finder (``attack_arguments.find_place``) only takes places that hang from the trigger, its
targets or its clause verb. Short reports often put the place where the parse does not link it ("In
Boni, gunmen attacked an army post" with the prepositional phrase attached elsewhere, "The Gao attack
left two dead"), and the record then has no place although its sentence names one. Taking any place
phrase of the sentence while the mentions are still being merged changes which mentions look
compatible and splits records, so this fallback runs only on finished records: it can neither create
nor split one. It takes the place-like mention of the record's own sentences (``in/near/at/between
X``, "the village of X", a name the entity ruler or NER labels a place), nearest the trigger in the
parse, never one that lies nearer another record's trigger or that another record already has as its
place, and never a country (the record's country is already set). A town that only names a victim's
office ("abducted the mayor of X between Y and Z") yields to one the sentence writes the event at, and an
armed group's unit name ("Katiba Serma") is no place. A record placed only in a country or region, or
only by its headline near a town, takes a finer place its body sentences give. The location's ``reason``
says the place came from this fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span

from sahel_ie.parsing import attack_arguments as args
from sahel_ie.parsing.segments import segment_index, segment_of
from sahel_ie.records import Location
from sahel_ie.resources import per_language, read_lexicon

# ruler labels that name a place wherever they stand; NER's labels only count after a locative preposition
RULER_PLACE_LABELS = frozenset({"PLACE", "REGION"})
TOWN_LABELS = frozenset({"PLACE", "GPE", "FAC", "UNKNOWN_PLACE"})
SKIP_LABELS = frozenset({"COUNTRY"})
FALLBACK_REASON = "sentence fallback: no place linked to the attack; nearest place-like phrase of its sentence"


REFERENCE_PREPS = frozenset({"from", "to", "towards", "toward"})
INSTITUTION_WORDS = frozenset({"union", "nations", "council", "commission", "community", "organisation",
                               "organization", "assembly", "parliament", "court", "bank", "office"})
DASHES = frozenset({"-", "–", "—", "(", "/"})


def _is_dateline(parse: args.ArgumentParse, ent: Span, sent: Span) -> bool:
    """"Dori, 14 June 2022 -", "BAMAKO (Wire) -": the place of filing at the head of the lede."""
    if ent.start - sent.start > 1:
        return False
    tail = [t.text for t in parse.tokens[ent.end:min(ent.end + 10, sent.end)]]
    return bool(tail) and (tail[0] in DASHES or (tail[0] == "," and any(t in DASHES for t in tail[1:])))


def _is_reference_point(parse: args.ArgumentParse, ent: Span) -> bool:
    """"15 km from Bamako", "fleeing towards Gao": a place the event is measured from or moves to."""
    root = parse.root(ent).i
    head = parse.heads[root]
    return head != root and parse.tokens[head].lower_ in REFERENCE_PREPS


def _not_the_scene(parse: args.ArgumentParse, ent: Span) -> bool:
    """Places a sentence names without putting an event there: a leader "from Nioro" (an origin, unless a
    distance is measured from it), an organisation the NER reads as a place ("the African Union"), and
    areas spanning several countries ("Al Qaeda in the Sahel")."""
    root = parse.root(ent).i
    head = parse.heads[root]
    if head != root and parse.tokens[head].lower_ == "from" and not args._distance_from(parse, head):
        return True
    if not ent.ent_id_ and parse.span_text(ent).split()[-1].lower() in INSTITUTION_WORDS:
        return True  # "the African Union", "at the United Nations": an organisation the NER read as a place
    if ent.ent_id_:
        place = args.gazetteer().get(ent.ent_id_)
        if place is not None and place.country is None:
            return True
    return False


@dataclass
class Candidate:
    hit: args.PlaceHit
    bare: bool  # a name the ruler labels a place, with no locative context found for it
    rank: int  # its order among the candidates of the same word, as ``find_place`` ranks them
    # a town that only names a victim's office ("the mayor of Boni"): after a town the sentence writes the
    # event at, as in ``find_place``
    office: bool = False
    # "the regional border between X and Y": the sides of a border, ranked with regions
    border: bool = False


def _sentence_candidates(parse: args.ArgumentParse, sent: Span) -> list[Candidate]:
    """Every place-like phrase of the sentence, once per entity start: the prepositional and "village of"
    contexts ``anchor_places`` reads under each word, then bare names the entity ruler calls places."""
    found: dict[int, Candidate] = {}
    for i in range(sent.start, sent.end):
        places = parse.anchor_places(i)
        if not places:
            continue
        primary = args.find_place(parse, None, [parse.tokens[i]])  # type: ignore[arg-type]
        ranked = sorted(places, key=lambda c: args.PLACE_RANK.get(c[2], 5))
        for rank, (ent, prep, _label) in enumerate(ranked):
            pair = args._road_ends(parse, ent)
            if primary is not None and primary.ent.start == ent.start:
                hit = primary
            elif pair is not None:  # "traveling on the Gao-Gossi axis": the road's first end, as find_place
                ent, hit = pair[0], _road_hit(parse, pair)
            else:
                phrase = parse.span(prep, max(ent.end, max(parse.subtree_of(prep)) + 1)) \
                    if parse.deps[prep] == args.PREP else ent
                hit = args.PlaceHit(ent=ent, relation=args._relation(parse, prep, ent, phrase), text_span=phrase)
            if ent.start not in found or found[ent.start].rank > rank:
                found[ent.start] = Candidate(hit, False, rank, args._office_of(parse, prep),
                                             args.border_sides(parse, prep))
    for ent in parse.ents_within(sent):
        if ent.start in found or args._is_named_thing(parse, ent.start):
            continue
        # the NER's town names count bare only as what was hit ("the strike hit Tiguila")
        if ent.label_ not in RULER_PLACE_LABELS and not (
                ent.label_ == "GPE" and parse.tokens[parse.root(ent).i].dep_ == "dobj"):
            continue
        pair = args._road_ends(parse, ent)
        if pair is not None:
            if pair[0].start not in found:
                found[pair[0].start] = Candidate(_road_hit(parse, pair), True, 0)
            continue
        found[ent.start] = Candidate(args.PlaceHit(ent=ent, relation="in", text_span=ent), True, 0)
    return [c for c in found.values() if c.hit.ent.label_ not in SKIP_LABELS
            and not _is_dateline(parse, c.hit.ent, sent) and not _not_the_scene(parse, c.hit.ent)
            and not args._is_actor_name(parse.span_text(c.hit.ent)) and not args._people_name(parse, c.hit.ent)
            and not args._unit_name(parse, c.hit.ent)]


def _apposed_between(parse: args.ArgumentParse, cand: Candidate, ends: set[int]) -> bool:
    """"in the area of X, between A and B": a "between" right after another candidate and a comma says
    where that one lies; X is the scene."""
    span = cand.hit.text_span
    if cand.hit.relation != "between" or span.start < 2:
        return False
    return parse.tokens[span.start - 1].text == "," and span.start - 1 in ends


def _road_hit(parse: args.ArgumentParse, pair: tuple[Span, Span]) -> args.PlaceHit:
    """The hit for a road named by its two ends ("the Gao-Gossi axis"): between them, at the first."""
    first, second = pair
    return args.PlaceHit(ent=first, relation="between", text_span=parse.span(first.start, second.end), second=second)


def _distance(parse: args.ArgumentParse, triggers: list[Span], ent: Span) -> tuple[int, int]:
    """(arcs in the parse, tokens apart) from the nearest of the triggers to the place."""
    root = parse.root(ent)
    best = (999, 999)
    for trigger in triggers:
        t = parse.root(trigger)
        best = min(best, (args.tree_distance(parse, t, root), abs(t.i - root.i)))
    return best


def _taken_spans(others: list) -> list[tuple[int, int]]:
    """The character spans of the places other records already have."""
    spans = []
    for draft in others:
        loc = draft.location()
        if loc is not None and loc.name:
            spans.extend((e.start, e.end) for e in loc.evidence)
    return spans


@per_language
def _town_refines_region() -> bool:
    return bool(read_lexicon("syntax").get("town_refines_region", False))


def fallback_location(parse: args.ArgumentParse, draft, drafts: list, current: Location) -> Location | None:
    """A location for a finished record whose ``current`` location names no place (``None`` otherwise, or
    when its sentences offer no place-like phrase that is its own)."""
    # a record placed only in a country or region ("abduct 50 women in Burkina Faso" in the headline and
    # lede) takes a town its own body sentences name ("seized a dozen kilometres southeast of Arbinda")
    coarse = bool(current.name) and current.geo_precision == 3
    # where the language's data says so, a region-only record takes a town its sentences name anywhere
    refine = bool(current.name) and current.relation == "region" and _town_refines_region()
    # "Blast hits market near Gao" over "... went off at the market of Djebock near Gao": a place only the
    # headline gives, near a town, yields to the town the body writes the event at, close to it
    headline = bool(current.name) and not coarse and (current.geo_precision or 1) >= 2 and all(
        m.headline for m in draft.mentions if m.location is not None and m.location.name) and any(
        not m.headline for m in draft.mentions)
    if current.name and not (coarse or refine or headline):
        return None
    mentions = [m for m in draft.mentions if not m.blocked] or list(draft.mentions)
    if coarse or headline:
        mentions = [m for m in mentions if not m.headline]
    mentions.sort(key=lambda m: (m.headline, m.start))
    others = [d for d in drafts if d is not draft]
    taken = _taken_spans(others)
    own_ids = {id(m) for m in draft.mentions}
    for mention in mentions:
        seg = segment_index(mention.sent)
        rivals = [t for d in others for m in d.mentions if id(m) not in own_ids
                  and segment_index(m.sent) == seg for t in m.triggers]
        best: tuple | None = None
        candidates = _sentence_candidates(parse, segment_of(mention.triggers[0]))
        roots = {parse.root(c.hit.ent).i for c in candidates}
        ends = {c.hit.ent.end for c in candidates}
        for cand in candidates:
            ent = cand.hit.ent
            if any(s <= ent.start_char < e for s, e in taken):
                continue  # another record's place
            # "Beydi, a locality between Gossi and Inabaw": a place below another place says where that
            # one lies
            described = int(any(a in roots for a in parse.ancestors_of(parse.root(ent).i))
                            or _apposed_between(parse, cand, ends))
            own = _distance(parse, mention.triggers, ent)
            if rivals and _distance(parse, rivals, ent) < own:
                continue  # in another attack's clause
            tier = 2 if _is_reference_point(parse, ent) else int(ent.label_ not in TOWN_LABELS or cand.border)
            if coarse and tier:
                continue  # only a town the event happened in or near refines a country or region
            key = (tier, cand.office, described, own[0], cand.bare, cand.rank, own[1])
            if best is None or key < best[0]:
                best = (key, cand.hit)
        if best is None:
            continue
        hit = best[1]
        if hit.relation == "in" and _is_reference_point(parse, hit.ent):
            hit = replace(hit, relation="near")  # "15 km from Bourem": near the town, not in it
        if refine and hit.ent.label_ not in TOWN_LABELS:
            continue  # only a town refines the region
        loc = args.location_record(parse, hit, mention.sent_index, current.country)
        if loc.name is None or (refine and loc.relation == "region"):
            continue
        if coarse and (loc.geo_precision == 3 or loc.geo_precision is None or loc.lat is None
                       or (current.country and loc.country and loc.country != current.country)):
            continue  # no finer place, or one in another country than the record's
        if headline and not _refines_headline(loc, current):
            continue
        reason = FALLBACK_REASON + (f"; {loc.reason}" if loc.reason else "")
        return replace(loc, country=loc.country or current.country, reason=reason)
    if not current.name:
        return _coder_place(parse, mentions, taken, current)
    return None


HEADLINE_REFINE_KM = 50.0


def _refines_headline(loc: Location, current: Location) -> bool:
    """Whether the body's place is the headline's "near X" told precisely: a town or village (not a region),
    within ``HEADLINE_REFINE_KM`` of X (or, unlocated, in X's admin1), and not X again."""
    if loc.geo_precision is None or loc.geo_precision > 2 or loc.name == current.name:
        return False
    if None not in (loc.lat, loc.lon, current.lat, current.lon):
        from sahel_ie.kb.places import _km

        return _km((loc.lat, loc.lon), (current.lat, current.lon)) <= HEADLINE_REFINE_KM
    return bool(loc.admin1) and loc.admin1 == current.admin1


def _coder_place(parse: args.ArgumentParse, mentions: list, taken: list[tuple[int, int]],
                 current: Location) -> Location | None:
    """"struck by an IED on the axis Doro-Tinkarazeina (coded as Doro at geoprecision 2)": where the parse
    offers no place phrase of the record's own, the coder's parenthesis in its sentence says where the event
    is put, at the precision it states (2 when it states none)."""
    from sahel_ie.gazetteer.locate import CODED_AS, PRECISION

    doc = parse.doc
    for mention in mentions:
        sent = mention.sent
        match = CODED_AS.search(doc.text, sent.start_char, sent.end_char)
        if match is None or any(s <= match.start(1) < e for s, e in taken):
            continue
        name = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if name is None or not name.text[:1].isupper():
            continue
        ent = Span(doc, name.start, name.end, label="UNKNOWN_PLACE")
        hit = args.PlaceHit(ent=ent, relation="near", text_span=ent)
        loc = args.location_record(parse, hit, mention.sent_index, current.country)
        if loc.name is None:
            continue
        stated = PRECISION.search(match.group(0))
        precision = int(stated.group(1)) if stated else 2
        reason = "sentence fallback: no place phrase of its own; the coder's place written in its sentence"
        return replace(loc, country=loc.country or current.country, relation="in" if precision == 1 else "near",
                       geo_precision=precision,
                       reason=reason + (f"; {loc.reason}" if loc.reason else ""))
    return None
