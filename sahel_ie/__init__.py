"""sahel_ie: evidence-backed records of attacks, claims and attributions from Sahel conflict news.

Public API::

    nlp = sahel_ie.load()                      # a spaCy Language; doc._.attacks / claims / attributions
    sahel_ie.extract(text, published="2023-09-08", doc_id="x")   # -> Extraction
    sahel_ie.extract_many(items, n_process=2)  # streams Extractions in input order
    sahel_ie.resolve_actor("Jamaat Nusrat al Islam")              # -> Resolution or None
    sahel_ie.fuse(extractions)                 # one Event per real attack across articles

    doc = nlp(sahel_ie.make_doc(nlp, text, published="2023-09-08"))   # the date anchors "on Friday"
    sahel_ie.add_sahel_components(spacy.load("my_model"))           # the components on your own pipeline
"""

from __future__ import annotations

from typing import Any

from sahel_ie.extraction import extract, make_doc
from sahel_ie.kb.extras import ExtraDataError
from sahel_ie.pipeline import ModelNotFoundError, add_sahel_components, load
from sahel_ie.records import Attack, Attribution, Claim, Extraction

__version__ = "0.1.0"


def resolve_actor(name: str, date: Any = None):
    """Resolve an actor name to the knowledge base (see ``sahel_ie.kb.actors.ActorKB.resolve``)."""
    from sahel_ie.kb.actors import resolve_actor as _resolve

    return _resolve(name, date)


def extract_many(items, **kwargs):
    """Stream Extractions for many articles (see ``sahel_ie.io.batch.extract_many``)."""
    from sahel_ie.io.batch import extract_many as _extract_many

    return _extract_many(items, **kwargs)


def fuse(extractions):
    """Fuse the attack records of many articles into events (see ``sahel_ie.fusion.fuse``)."""
    from sahel_ie.fusion import fuse as _fuse

    return _fuse(extractions)


__all__ = [
    "fuse", "load", "extract", "extract_many", "resolve_actor", "make_doc", "add_sahel_components", "Extraction",
    "Attack", "Claim", "Attribution", "ModelNotFoundError", "ExtraDataError", "__version__",
]
