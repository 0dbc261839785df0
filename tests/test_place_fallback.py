"""The post-merge place fallback: a finished record the parse placed nowhere takes the place-like phrase of
its own sentence, never another record's place, a dateline, a people's name or a country."""

from sahel_ie.parsing import attack_arguments as args
from sahel_ie.parsing.place_fallback import FALLBACK_REASON, _sentence_candidates


def _attacks(nlp, text):
    return nlp(text)._.attacks


def test_unlinked_place_of_the_sentence_is_taken(nlp):
    # "opening fire" hangs from "before", far from "arrived in Boni": the parse links no place to it
    attacks = _attacks(nlp, "Armed men on motorcycles arrived in Boni, near Douentza, and rounded up the "
                            "villagers before opening fire.")
    assert len(attacks) == 1
    location = attacks[0].location
    assert location.name == "Boni"  # the first place told for the clause, not the town it is near
    assert location.reason.startswith(FALLBACK_REASON)
    assert location.evidence and location.evidence[0].text.startswith("in Boni")


def test_dateline_is_not_the_place(nlp):
    attacks = _attacks(nlp, "Sevare, 3 May 2021 - The town of Boni is mourning after the jihadist attack of "
                            "Saturday night, which killed twelve civilians.")
    assert [a.location.name for a in attacks] == ["Boni"]


def test_linked_places_are_left_alone(nlp):
    attacks = _attacks(nlp, "Gunmen attacked a checkpoint in Douentza on Monday. Another group ambushed a "
                            "convoy near Hombori on Tuesday.")
    assert [a.location.name for a in attacks] == ["Douentza", "Hombori"]
    assert all(a.location.reason is None or not a.location.reason.startswith(FALLBACK_REASON) for a in attacks)


def test_a_distance_reference_is_near_and_ranks_last(nlp):
    doc = nlp("Gunmen drove a truck bomb at the gates of the Gao military camp, 15 km from Bourem, killing two "
              "soldiers.")
    placed = [a.location for a in doc._.attacks if a.location.name]
    assert placed and placed[0].name == "Gao"  # the camp, not the town the distance is measured from
    for location in placed:
        if location.name == "Bourem":
            assert location.relation == "near" and location.geo_precision == 2


def test_peoples_are_not_places(nlp):
    # "between Fulani and Bambara" names the sides of the fighting; the village is where it happened
    attacks = _attacks(nlp, "Four people died at Tina in fighting between Fulani and Bambara herders.")
    assert attacks and attacks[0].location.name == "Tina"
    doc = nlp("Clashes between ethnic Doosaak and Fulani herders left five dead.")
    parse = args.ArgumentParse(doc)
    assert not [c for c in _sentence_candidates(parse, doc[:]) if c.hit.ent.text in {"Doosaak", "Fulani"}]


def test_no_country_as_fallback_place(nlp):
    doc = nlp("Gunmen opened fire on a crowd, the government of Mali said.")
    parse = args.ArgumentParse(doc)
    assert all(c.hit.ent.label_ != "COUNTRY" for c in _sentence_candidates(parse, doc[:]))


def test_the_village_of_a_name_ner_misreads_is_the_place(nlp):
    # the statistical NER often calls an unknown village a person; "the village of" says what it is
    doc = nlp("Militiamen attacked the village of Toumassagou and killed nine herders.")
    attacks = doc._.attacks
    assert attacks and attacks[0].location.name == "Toumassagou"


def test_a_settlement_noun_after_its_name_is_the_place(nlp):
    attacks = _attacks(nlp, "Two armed men raided Kossogou village, killing a shepherd.")
    assert attacks and attacks[0].location.name == "Kossogou"


def test_a_distance_from_a_name_puts_the_attack_near_it(nlp):
    attacks = _attacks(nlp, "A supply convoy was ambushed a few km from Tadiassou, leaving five dead.")
    assert attacks
    location = attacks[0].location
    assert (location.name, location.relation, location.geo_precision) == ("Tadiassou", "near", 2)


def _candidate_names(nlp, text):
    doc = nlp(text)
    parse = args.ArgumentParse(doc)
    return [c.hit.ent.text for s in doc.sents for c in _sentence_candidates(parse, s)]


def test_origins_organisations_and_wide_areas_are_not_the_scene(nlp):
    assert "Nioro" not in _candidate_names(nlp, "Gunmen shot a preacher from Nioro, relatives said.")
    assert not [n for n in _candidate_names(nlp, "The killings were condemned alongside the African Union.")
                if "Union" in n]
    assert "Sahel" not in _candidate_names(nlp, "The affiliate of Al Qaeda in the Sahel carried out the ambush.")
    # a destination is where the event happens
    assert "Douentza" in _candidate_names(nlp, "Gunmen returned to Douentza and killed four traders.")


def test_a_place_describing_another_gives_way_to_it(nlp):
    attacks = _attacks(nlp, "Witnesses said ten guests died when a drone strike hit Tiguila, a hamlet lying "
                            "between Boni and Hombori.")
    placed = [a.location.name for a in attacks if a.location.name]
    assert placed and placed[0] == "Tiguila"


def test_a_record_placed_in_a_country_takes_the_town_its_body_names(nlp):
    text = ("Jihadists abduct 30 women in Burkina Faso\n"
            "Suspected jihadists have abducted about 30 women in northern Burkina Faso, local officials told reporters.\n"
            "About 20 were seized about ten kilometres southeast of Djibo on Tuesday and others were abducted on "
            "Wednesday, the sources said.")
    location = _attacks(nlp, text)[0].location
    assert (location.name, location.country, location.geo_precision) == ("Djibo", "BF", 2)
    assert location.reason.startswith(FALLBACK_REASON)


def test_a_peoples_name_is_no_fallback_place(nlp):
    attacks = _attacks(nlp, "Gunmen entered the village of Kobolaga near the border and abducted a young Dogon.")
    assert attacks and all(a.location.name != "Dogon" for a in attacks)


def test_a_road_named_by_its_ends_puts_the_fallback_between_them(nlp):
    attacks = _attacks(nlp, "Three soldiers were killed by a landmine while traveling on the Gao-Gossi axis.")
    location = attacks[0].location
    assert (location.name, location.relation, location.geo_precision) == ("Gao", "between", 2)
    assert location.reason.startswith(FALLBACK_REASON)


def test_the_body_town_refines_a_headline_that_only_says_near(nlp):
    import sahel_ie

    text = ("Bomb kills three near Gao\n\nA bomb went off in the cattle market of Djebock near Gao on Friday, "
            "killing three herders, officials said.")
    location = sahel_ie.extract(text, nlp=nlp).attacks[0].location
    assert location.name == "Djebock" and "sentence fallback" in location.reason
    # a body town far from the headline's is another place, not the same one told precisely
    far = ("Bomb kills three near Gao\n\nA bomb went off in the cattle market of Hombori on Friday, killing "
           "three herders, officials said.")
    assert sahel_ie.extract(far, nlp=nlp).attacks[0].location.name == "Gao"
