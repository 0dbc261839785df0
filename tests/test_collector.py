"""``io.collector``: a batch run keeps the loaded pipeline out of the cyclic collector, and gives it back."""

import gc

from sahel_ie.io.batch import extract_many
from sahel_ie.io.collector import long_lived_objects_frozen


def test_objects_alive_at_the_start_are_frozen_inside_and_given_back_after():
    assert gc.get_freeze_count() == 0
    with long_lived_objects_frozen():
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with long_lived_objects_frozen():  # a nested run changes nothing
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen
    assert gc.get_freeze_count() == 0


def test_a_freeze_made_by_someone_else_is_left_alone():
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with long_lived_objects_frozen():
            assert gc.get_freeze_count() == before
        assert gc.get_freeze_count() == before  # not unfrozen by the run
    finally:
        gc.unfreeze()


def test_a_batch_run_freezes_while_it_streams_and_unfreezes_when_done(nlp):
    seen = []
    for extraction in extract_many(["Gunmen attacked a village in Mopti on Sunday.", "Nothing happened."], nlp=nlp):
        seen.append(gc.get_freeze_count() > 0)
    assert seen == [True, True]
    assert gc.get_freeze_count() == 0


def test_a_batch_run_left_early_unfreezes_when_closed(nlp):
    stream = extract_many(["Gunmen attacked a village in Mopti on Sunday."] * 3, nlp=nlp, batch_size=1)
    next(stream)
    assert gc.get_freeze_count() > 0
    stream.close()
    assert gc.get_freeze_count() == 0
