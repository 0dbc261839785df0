"""Place phrases the argument finder reads from the parse, on Docs built by hand (words, heads, deps, tags,
entities) so that a rule is tested apart from the model's parse. Sentences are the tests' own."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

from sahel_ie.parsing import attack_arguments as A


def hand_doc(nlp, rows, ents=()):
    """A Doc from (word, head index, dep, pos) rows and (start, end, label, kb id) entities."""
    words, heads, deps, pos = (list(column) for column in zip(*rows))
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    doc.ents = [Span(doc, s, e, label=label, kb_id=kb) for s, e, label, kb in ents]
    return doc


def places_under(doc, anchor):
    found = A.ArgumentParse(doc).anchor_places(anchor)
    return [(doc[ent.start:ent.end].text, doc[prep].text) for ent, prep, _ in found]


FIGHT = [  # the parse conjoins the region written after the village to the fight's sides
    ("Clashes", 15, "nsubj", "NOUN"), ("between", 0, "prep", "ADP"), ("Ansarul", 3, "compound", "PROPN"),
    ("Islam", 4, "compound", "PROPN"), ("members", 1, "pobj", "NOUN"), ("and", 4, "cc", "CCONJ"),
    ("Dogon", 7, "compound", "PROPN"), ("militia", 4, "conj", "NOUN"), ("on", 4, "prep", "ADP"),
    ("the", 10, "det", "DET"), ("outskirts", 8, "pobj", "NOUN"), ("of", 10, "prep", "ADP"),
    ("Kobou", 11, "pobj", "PROPN"), (",", 4, "punct", "PUNCT"), ("Mopti", 4, "conj", "PROPN"),
    ("killed", 15, "ROOT", "VERB"), ("two", 15, "dobj", "NUM"), (".", 15, "punct", "PUNCT"),
]


def test_the_sides_of_a_fight_are_no_places(nlp):
    doc = hand_doc(nlp, FIGHT, [(2, 4, "ARMED_GROUP", ""), (12, 13, "GPE", ""), (14, 15, "PLACE", "ml-mopti")])
    found = places_under(doc, 0)
    assert ("Kobou", "on") in found
    assert all(prep != "between" for _, prep in found), found


def test_between_two_regions_keeps_its_compounds(nlp):
    rows = [("Fighting", 7, "nsubj", "NOUN"), ("between", 0, "prep", "ADP"), ("the", 6, "det", "DET"),
            ("Mopti", 6, "compound", "PROPN"), ("and", 3, "cc", "CCONJ"), ("Segou", 3, "conj", "PROPN"),
            ("regions", 1, "pobj", "NOUN"), ("continued", 7, "ROOT", "VERB"), (".", 7, "punct", "PUNCT")]
    doc = hand_doc(nlp, rows, [(3, 4, "REGION", "ml-region-mopti"), (5, 6, "REGION", "ml-region-segou")])
    assert ("Mopti", "between") in places_under(doc, 0)


NOT_FAR = [("An", 1, "det", "DET"), ("IED", 2, "nsubj", "PROPN"), ("struck", 2, "ROOT", "VERB"),
           ("a", 4, "det", "DET"), ("truck", 2, "dobj", "NOUN"), ("{neg}", 6, "neg", "PART"),
           ("far", 2, "advmod", "ADV"), ("from", 6, "prep", "ADP"), ("Kobou", 7, "pobj", "PROPN"),
           (".", 2, "punct", "PUNCT")]


def test_not_far_from_a_name_no_model_knows_puts_the_event_near_it(nlp):
    doc = hand_doc(nlp, [(w.format(neg="not"), h, d, p) for w, h, d, p in NOT_FAR])
    hit = A.find_place(A.ArgumentParse(doc), None, [doc[2]])
    assert hit is not None and hit.ent.text == "Kobou" and hit.relation == "near"


def test_far_from_a_town_is_not_near_it(nlp):
    rows = [(w.format(neg="very"), h, "advmod" if d == "neg" else d, "ADV" if d == "neg" else p)
            for w, h, d, p in NOT_FAR]
    doc = hand_doc(nlp, rows)
    assert A.find_place(A.ArgumentParse(doc), None, [doc[2]]) is None


@pytest.mark.parametrize("after", [["(", "Douentza", ")"], [",", "Douentza"]])
def test_an_unknown_name_is_the_place_and_its_apposition_says_where_it_lies(nlp, after):
    rows = [("Gunmen", 1, "nsubj", "NOUN"), ("attacked", 1, "ROOT", "VERB"), ("herders", 1, "dobj", "NOUN"),
            ("near", 1, "prep", "ADP"), ("Kobou", 3, "pobj", "PROPN")]
    for word in after:
        rows.append((word, 4, "appos" if word == "Douentza" else "punct", "PROPN" if word == "Douentza" else "PUNCT"))
    rows.append((".", 1, "punct", "PUNCT"))
    town = rows.index(("Douentza", 4, "appos", "PROPN"))
    doc = hand_doc(nlp, rows, [(town, town + 1, "PLACE", "ml-douentza")])
    assert ("Kobou", "near") in places_under(doc, 1)


def test_non_loin_de_puts_the_event_near_the_place_in_french(nlp_fr):
    import sahel_ie

    extraction = sahel_ie.extract("Des hommes armés ont attaqué un convoi non loin de Kobou, tuant deux soldats.",
                                  nlp=nlp_fr, published="2020-01-02")
    location = extraction.attacks[0].location
    assert location.name == "Kobou" and location.relation == "near"
