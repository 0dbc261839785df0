"""``sahel_syntax`` and ``sahel_syntax_restore``: the base model's parse in the rules' roles, and back.

Added by ``sahel_ie.pipeline`` for a language whose ``models/lexicons/<lang>/syntax.json`` describes a
parse labelled otherwise than the rules' role vocabulary (French: Universal Dependencies); the first runs
right after the base model, the second after the last rule component, so the Doc a user gets carries
the model's own parse. The work is in ``sahel_ie.parsing.syntax``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from sahel_ie.parsing.syntax import present_roles, restore_model_parse, syntax_map


class SyntaxRoles:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.syntax = syntax_map(nlp.lang)

    def __call__(self, doc: Doc) -> Doc:
        return present_roles(doc, self.syntax)


class SyntaxRestore:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return restore_model_parse(doc)


@Language.factory("sahel_syntax", requires=["token.dep", "token.head", "token.pos", "token.morph"],
                  assigns=["token.dep", "token.head", "token.tag"])
def make_syntax_roles(nlp: Language, name: str) -> SyntaxRoles:
    return SyntaxRoles(nlp, name)


@Language.factory("sahel_syntax_restore", assigns=["token.dep", "token.head", "token.tag"])
def make_syntax_restore(nlp: Language, name: str) -> SyntaxRestore:
    return SyntaxRestore(nlp, name)
