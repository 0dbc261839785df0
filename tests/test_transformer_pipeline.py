"""sahel_ie on a transformer-based spaCy pipeline (the ``[trf]`` extra), end to end, fully offline.

A tiny BERT with random weights and a word-piece vocabulary written here is saved to a folder; a spaCy
pipeline (transformer + tagger, parser and NER listening to it) is built on it, initialised, saved, and
given to ``sahel_ie.load(model=...)``. Untrained layers parse nonsense, so the test checks what does not
depend on the weights: the pipeline loads, runs, the knowledge-base entities are found, the records come
out and survive serialisation, and nothing is fetched from a hub.
"""

from __future__ import annotations

import json
import pickle
import warnings

import pytest

pytest.importorskip("torch", reason="the [trf] extra (torch CPU, spacy-transformers) is not installed")
pytest.importorskip("spacy_transformers", reason="the [trf] extra (spacy-transformers) is not installed")
transformers = pytest.importorskip("transformers", reason="spacy-transformers needs transformers")

TEXT = ("Jama'at Nusrat al-Islam wal-Muslimin (JNIM) claimed an attack on an army post near Djibo in Burkina "
        "Faso on Sunday that killed 12 soldiers, a security source said.")


def _tiny_bert(folder) -> None:
    words = sorted({w.strip(".,()'").lower() for w in TEXT.split()} - {""})
    pieces = sorted(set("abcdefghijklmnopqrstuvwxyz0123456789.,()'-"))
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words, *pieces, *(f"##{p}" for p in pieces)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(dict.fromkeys(vocab)) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True)
    config = transformers.BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=37, max_position_embeddings=256)
    transformers.BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)


@pytest.fixture(scope="module")
def trf_model(tmp_path_factory):
    import os

    saved = {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    os.environ.update({k: "1" for k in saved})  # nothing may come from a hub
    try:
        yield _build_pipeline(tmp_path_factory.mktemp("trf"))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _build_pipeline(root):
    import spacy

    _tiny_bert(root / "bert")
    nlp = spacy.blank("en")
    nlp.add_pipe("transformer", config={"model": {
        "@architectures": "spacy-transformers.TransformerModel.v3", "name": str(root / "bert"),
        "tokenizer_config": {"use_fast": True},
        "get_spans": {"@span_getters": "spacy-transformers.strided_spans.v1", "window": 64, "stride": 48},
    }})
    listener = {"@architectures": "spacy-transformers.TransformerListener.v1", "grad_factor": 1.0,
                "pooling": {"@layers": "reduce_mean.v1"}}
    nlp.add_pipe("tagger", config={"model": {"@architectures": "spacy.Tagger.v2", "tok2vec": listener}})
    nlp.add_pipe("parser", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2",
                                             "state_type": "parser", "extra_state_tokens": False,
                                             "hidden_width": 16, "maxout_pieces": 2, "use_upper": True,
                                             "tok2vec": listener}})
    nlp.add_pipe("ner", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2",
                                          "state_type": "ner", "extra_state_tokens": False, "hidden_width": 16,
                                          "maxout_pieces": 2, "use_upper": True, "tok2vec": listener}})
    for label in ("NN", "VBD", "NNP", "IN", "DT"):
        nlp.get_pipe("tagger").add_label(label)
    for label in ("nsubj", "dobj", "prep", "pobj", "det", "ROOT", "amod", "compound"):
        nlp.get_pipe("parser").add_label(label)
    for label in ("GPE", "DATE", "CARDINAL"):
        nlp.get_pipe("ner").add_label(label)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp.initialize()
    path = root / "pipeline"
    nlp.to_disk(path)
    return path


def test_sahel_ie_runs_on_a_transformer_pipeline(trf_model):
    import sahel_ie

    nlp = sahel_ie.load(model=trf_model)
    assert nlp.pipe_names[0] == "transformer"
    assert nlp.meta["sahel_ie"]["base_model"] == str(trf_model)
    extraction = sahel_ie.extract(TEXT, published="2024-03-06", doc_id="trf", nlp=nlp)
    assert not extraction.errors
    assert "jnim" in {a.actor_id for a in extraction.actors}  # the KB ruler works whatever the weights
    doc = nlp(sahel_ie.make_doc(nlp, TEXT, published="2024-03-06"))
    assert doc._.trf_data is not None
    assert isinstance(doc._.attacks, list) and isinstance(doc._.claims, list)
    copy = pickle.loads(pickle.dumps(doc))
    assert [a.to_dict() for a in copy._.attacks] == [a.to_dict() for a in doc._.attacks]
    json.dumps(extraction.to_dict())
