"""Registration of every ``Doc._`` / ``Span._`` extension the sahel components read or write.

Registering them in one place keeps the names of the pipeline's intermediate results in one list and lets
any component (or a user's own) import this module without depending on another component's file.
Values are set per document by the components; the defaults are ``None`` so a consumer can tell
"component not run" from "ran and found nothing" (an empty list).

Processed Docs must survive spaCy's own serialisation: ``doc.to_bytes()``, ``DocBin(store_user_data=True)``,
pickling and ``nlp.pipe(n_process=2)`` (which ships Docs between processes as bytes). Three kinds of value
make that work:

- plain values (strings, dicts of strings) live in ``doc.user_data`` as spaCy stores any extension;
- the records (``attacks``, ``claims``, ``attributions``: dataclasses of plain values, updated in place by
  later components) also live there, and a msgpack encoder registered with ``srsly`` writes them as their
  contract dicts when the Doc is serialised, so the bytes always hold their final state;
- intermediate results that hold ``Span``/``Token`` objects (views of the Doc, which spaCy cannot
  serialise) are stored in ``user_data`` as re-creatable references (token offsets), rebuilt as Spans on
  the Doc that reads them; within a process the objects a component set are returned as they are.

Components' private per-document caches go to ``doc_cache(doc)``: one store in ``doc.user_data`` that
serialises as ``None`` and pickles empty, so no cache (and no Span inside one) ever travels.
"""

from __future__ import annotations

import dataclasses
import importlib
from functools import lru_cache
from typing import Any

import srsly
from spacy.tokens import Doc, Span, Token

DOC_EXTENSIONS: dict[str, str] = {
    "published": "ISO date (str) the article was published, set by the caller before the pipeline runs",
    "doc_id": "the caller's id for the article",
    "country": "ISO alpha-2 code of the country the article is about, given by the caller (or None)",
    "abbreviations": "dict short form -> actor id (or None) learned from 'Long Name (ABBR)' in this article",
    "abbreviation_spans": "list of (long Span, short Span) definitions",
    "date_mentions": "list[DateMention] from sahel_dates",
    "casualty_mentions": "list[CasualtyMention] from sahel_casualties",
    "attack_triggers": "list[Span] attack trigger spans from sahel_attack_triggers",
    "attacks": "list[records.Attack] from sahel_attacks",
    "attack_spans": "dict attack id -> list[Span] of the trigger spans merged into that attack",
    "claims": "list[records.Claim] from sahel_claims",
    "attributions": "list[records.Attribution] from sahel_attributions",
}

# Extensions whose values hold Span or Token objects: stored as references, rebuilt on access.
SPAN_VALUED: tuple[str, ...] = ("abbreviation_spans", "date_mentions", "casualty_mentions", "attack_triggers",
                                "attack_spans")

SPAN_EXTENSIONS: dict[str, str] = {
    "attack_type": "attack type of a trigger span (records.ATTACK_TYPES)",
    "modifiers": "list of dicts {category, cue, direction} from sahel_context (NEGATED, HYPOTHETICAL, ...)",
}

class _Transient:
    """Per-Doc objects that must never travel: serialises as nothing, pickles and deep-copies empty.

    Kept in ``doc.user_data`` under a string key, so it lives and dies with its Doc; the records' msgpack
    encoder writes it as ``None`` (``to_bytes``, ``DocBin``, ``n_process``), and pickling or
    ``doc.copy()`` give an empty one. ``owner`` tells a store a copied Doc inherited from its own.
    """

    __slots__ = ("owner", "parts")

    def __init__(self, owner: int = 0) -> None:
        self.owner = owner
        self.parts: dict[str, dict] = {}

    def __reduce__(self):
        return (_Transient, ())

    def __deepcopy__(self, memo):
        return _Transient()


_TRANSIENT_KEY = "sahel_ie.transient"


def _transient(doc: Doc, section: str) -> dict:
    store = doc.user_data.get(_TRANSIENT_KEY)
    if store is None or store.owner != id(doc):
        store = doc.user_data[_TRANSIENT_KEY] = _Transient(id(doc))
    part = store.parts.get(section)
    if part is None:
        part = store.parts[section] = {}
    return part


def doc_cache(doc: Doc) -> dict:
    """A private scratch dict for one Doc (memoised texts, tables, snapshots), kept out of serialisation."""
    return _transient(doc, "cache")


TEXT_KEY = "sahel_document_text"


def document_text(doc: Doc) -> str:
    """``doc.text``, kept in ``doc_cache(doc)``: spaCy joins it from the tokens on every access, and nothing
    the components do to a Doc (entities, extension values) changes its text. Shared by every component
    and by the gazetteer's place lookups."""
    cache = doc_cache(doc)
    text = cache.get(TEXT_KEY)
    if text is None:
        text = cache[TEXT_KEY] = doc.text
    return text


# -- references for Span-valued results --------------------------------------------------------------

_SPAN, _TOKEN, _TUPLE, _OBJECT = "__sahel_span__", "__sahel_token__", "__sahel_tuple__", "__sahel_object__"


def encode_refs(value: Any) -> Any:
    """Plain data for a value holding Spans, Tokens and sahel dataclasses (token offsets for the views)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Span):
        return {_SPAN: [value.start, value.end, value.label_, value.kb_id_, value.id_]}
    if isinstance(value, Token):
        return {_TOKEN: value.i}
    if isinstance(value, list):
        return [encode_refs(v) for v in value]
    if isinstance(value, tuple):
        return {_TUPLE: [encode_refs(v) for v in value]}
    if isinstance(value, dict):
        return {k: encode_refs(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return {_TUPLE: [encode_refs(v) for v in value]}
    if dataclasses.is_dataclass(value) and type(value).__module__.startswith("sahel_ie."):
        cls = type(value)
        fields = {f.name: encode_refs(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {_OBJECT: f"{cls.__module__}:{cls.__qualname__}", "fields": fields}
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return value.item()
    # Anything else cannot travel: the live object is still returned in this process, the bytes hold None.
    return None


def decode_refs(value: Any, doc: Doc) -> Any:
    """The objects ``encode_refs`` described, rebuilt on ``doc``."""
    if isinstance(value, (list, tuple)):  # msgpack read with use_list=False (DocBin) gives tuples
        return [decode_refs(v, doc) for v in value]
    if not isinstance(value, dict):
        return value
    if _SPAN in value:
        start, end, label, kb_id, span_id = value[_SPAN]
        return Span(doc, start, end, label=label, kb_id=kb_id, span_id=span_id)
    if _TOKEN in value:
        return doc[value[_TOKEN]]
    if _TUPLE in value:
        return tuple(decode_refs(v, doc) for v in value[_TUPLE])
    if _OBJECT in value:
        module, _, name = value[_OBJECT].partition(":")
        if not module.startswith("sahel_ie."):
            raise ValueError(f"refusing to rebuild {value[_OBJECT]!r}: not a sahel_ie class")
        cls: Any = importlib.import_module(module)
        for part in name.split("."):
            cls = getattr(cls, part)
        obj = cls.__new__(cls)
        for field, field_value in value["fields"].items():
            object.__setattr__(obj, field, decode_refs(field_value, doc))
        return obj
    return {k: decode_refs(v, doc) for k, v in value.items()}


def _ref_key(name: str) -> tuple:
    return ("._.", name, None, None)  # where spaCy keeps a Doc extension's value


def _plain(value: Any) -> Any:
    return value


class _EncodedLater:
    """A Span-valued result in ``doc.user_data``, turned into token-offset references only when the Doc
    leaves this process or is copied (msgpack, pickle, ``doc.copy()``).

    The components set such results on every Doc, and most Docs never travel: encoding them when they
    are set cost several percent of the pipeline's time. Every way a Doc leaves meets the plain references
    ``encode_refs`` gives, so what is read back is unchanged.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def encoded(self) -> Any:
        return encode_refs(self.value)

    def __reduce__(self):
        return (_plain, (self.encoded(),))

    def __deepcopy__(self, memo):
        return self.encoded()

    def __copy__(self):
        return self.encoded()


def _span_valued(name: str) -> tuple:
    """Getter and setter of a Span-valued extension: live objects in the side store, references in user_data."""

    def getter(doc: Doc) -> Any:
        live = _transient(doc, "live")
        if name in live:
            return live[name]
        stored = doc.user_data.get(_ref_key(name))
        if stored is None:
            return None
        if isinstance(stored, _EncodedLater):  # user_data shared with another Doc: its spans point there
            stored = stored.encoded()
        value = live[name] = decode_refs(stored, doc)
        return value

    def setter(doc: Doc, value: Any) -> None:
        _transient(doc, "live")[name] = value
        doc.user_data[_ref_key(name)] = None if value is None else _EncodedLater(value)

    return getter, setter


def _span_value(name: str) -> tuple:
    """Getter and setter of a plain Span extension, kept where spaCy keeps it, with lists given back as
    lists after a DocBin round trip (which reads them as tuples)."""

    def key(span: Span) -> tuple:
        return ("._.", name, span.start_char, span.end_char)

    def getter(span: Span) -> Any:
        value = span.doc.user_data.get(key(span))
        if isinstance(value, tuple):
            value = span.doc.user_data[key(span)] = _as_lists(value)
        return value

    def setter(span: Span, value: Any) -> None:
        span.doc.user_data[key(span)] = value

    return getter, setter


# -- msgpack for the records ----------------------------------------------------------------------

_RECORD = "__sahel_record__"


@lru_cache(maxsize=1)
def _record_classes() -> dict[str, type]:
    from sahel_ie import records

    return {name: cls for name, cls in vars(records).items()
            if isinstance(cls, type) and issubclass(cls, records.Record) and cls is not records.Record}


def _encode_record(obj: Any, chain: Any = None) -> Any:
    from sahel_ie.records import Record

    if isinstance(obj, _Transient):
        return None
    if isinstance(obj, _EncodedLater):
        return obj.encoded()
    if isinstance(obj, Record):
        return {_RECORD: type(obj).__name__, "data": obj.to_dict()}
    return obj if chain is None else chain(obj)


def _as_lists(value: Any) -> Any:
    """JSON-shaped data with lists again (DocBin reads msgpack arrays as tuples)."""
    if isinstance(value, (list, tuple)):
        return [_as_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_lists(v) for k, v in value.items()}
    return value


def _decode_record(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict) and _RECORD in obj:
        cls = _record_classes().get(obj[_RECORD])
        if cls is not None:
            return cls.from_dict(_as_lists(obj["data"]))
    return obj if chain is None else chain(obj)


def register_extensions() -> None:
    """Register all extensions and the records' msgpack codec; safe to call any number of times."""
    for name in DOC_EXTENSIONS:
        if name in SPAN_VALUED:
            getter, setter = _span_valued(name)
            existing = Doc.get_extension(name) if Doc.has_extension(name) else None
            if existing is None or existing[2] is None:  # (default, method, getter, setter)
                Doc.set_extension(name, getter=getter, setter=setter, force=True)
        elif not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in SPAN_EXTENSIONS:
        existing = Span.get_extension(name) if Span.has_extension(name) else None
        if existing is None or existing[2] is None:
            getter, setter = _span_value(name)
            Span.set_extension(name, getter=getter, setter=setter, force=True)
    encoders = srsly.msgpack_encoders.get_all()
    if "sahel_ie_records" not in encoders:
        srsly.msgpack_encoders.register("sahel_ie_records", func=_encode_record)
        srsly.msgpack_decoders.register("sahel_ie_records", func=_decode_record)


register_extensions()
