"""A fast, exact stand-in for a pipeline's ``attribute_ruler`` and ``lemmatizer``.

In ``en_core_web_sm`` these two components cost about a fifth of the parse time, yet
what they compute for a token depends on very little: the attribute ruler's one-token
patterns look at the token's own text, tag and dependency label, and the rule
lemmatizer looks at the text, part of speech and morphology that the ruler set. So
:class:`LeanAttributes` runs the real components once per distinct
``(text, tag, dep)`` of the run, on a small Doc of such tokens, remembers the POS,
morphology, lemma (and the tag and dependency label, which the ruler may also set)
they gave, and copies those into every later Doc with one array write. The ruler's
few patterns over several tokens (``"gon na"``, ``there is``) run as a real
``Matcher`` on the Doc itself, and the tokens they hit are annotated the way the ruler
and lemmatizer would, in the ruler's order. The values are therefore the same as the
full pipeline's, token for token (``tests/test_lean.py`` checks it on our own texts,
``bench/lean_check.py`` on a corpus).

It is used only for the toolkit's default model (:func:`toolkit.nlp.lean_stand_in`):
a pipeline that a user passes in, or loads by another name, runs exactly as given.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.lean import lean_attributes
>>> nlp = load_pipeline()
>>> lean = lean_attributes(nlp)
>>> lean.replaces
('attribute_ruler', 'lemmatizer')
>>> doc = lean(nlp("She was running home.", disable=lean.replaces))
>>> [(t.pos_, t.lemma_) for t in doc]
[('PRON', 'she'), ('AUX', 'be'), ('VERB', 'run'), ('ADV', 'home'), ('PUNCT', '.')]
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["LeanAttributes", "lean_attributes"]

# Pattern keys whose value is a function of the token's text (lexical attributes) or
# of its tag and dependency label: what a one-token pattern may look at for the memo
# key (text, tag, dep) to be complete.
_LEXICAL_KEYS = frozenset({
    "ORTH", "TEXT", "LOWER", "LENGTH", "SHAPE", "PREFIX", "SUFFIX", "IS_ALPHA",
    "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
    "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
    "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL"})
_KEY_ATTRS = frozenset({"TAG", "DEP"})
# What the ruler may set for the memo to hold it.
_SETTABLE = frozenset({"POS", "MORPH", "LEMMA", "TAG", "DEP"})
# Components that may run before the ruler: they set tags, heads and labels only
# (not POS, morphology or lemmas, which would then be inputs too).
_BEFORE = frozenset({"tok2vec", "tagger", "parser", "senter", "sentencizer"})
# Components that may run after it: they read none of POS, morphology or lemma, so the
# stand-in may run after them (the whole pipe, then this).
_AFTER = frozenset({"ner"})

_CACHE: weakref.WeakKeyDictionary[Any, tuple[tuple[str, ...], LeanAttributes | None]] = (
    weakref.WeakKeyDictionary())


def _factory(nlp: Language, name: str) -> str:
    return str(nlp.get_pipe_meta(name).factory)


def _eligible(nlp: Language) -> bool:
    """Whether the ruler and lemmatizer of ``nlp`` can be replaced exactly."""
    from spacy.pipeline import AttributeRuler, Lemmatizer

    names = list(nlp.pipe_names)
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return False
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    if type(ruler) is not AttributeRuler or not isinstance(lemmatizer, Lemmatizer):
        return False
    # spaCy's own lemmatizers (rule or lookup) are functions of the token alone.
    if not type(lemmatizer).__module__.startswith("spacy.") or lemmatizer.mode not in (
            "rule", "lookup"):
        return False
    at = names.index("attribute_ruler")
    if names.index("lemmatizer") < at:
        return False
    before = {_factory(nlp, n) for n in names[:at]}
    after = {_factory(nlp, n) for n in names[at + 1:] if n != "lemmatizer"}
    if not before <= _BEFORE or not after <= _AFTER:
        return False
    for pattern in ruler.patterns:
        if not set(pattern["attrs"]) <= _SETTABLE:
            return False
        for tokens in pattern["patterns"]:
            if not isinstance(tokens, list):
                return False
            for spec in tokens:
                if not set(spec) - {"OP"} <= _LEXICAL_KEYS | _KEY_ATTRS:
                    return False
    return True


def lean_attributes(nlp: Language) -> LeanAttributes | None:
    """The stand-in for ``nlp``'s ruler and lemmatizer, or None when its components
    are not the plain ones the stand-in reproduces exactly (no ruler or lemmatizer, a
    component that reads POS or lemmas after them, a ruler pattern on other
    attributes...). Memoised per pipeline and its component names. Which pipelines
    use it is :func:`toolkit.nlp.lean_stand_in`'s decision (the default model only).

    Examples
    --------
    >>> import spacy
    >>> lean_attributes(spacy.blank("en")) is None
    True
    """
    try:
        names = tuple(nlp.pipe_names)
        known = _CACHE.get(nlp)
    except TypeError:  # not weak-referenceable: not a Language
        return None
    if known is not None and known[0] == names:
        return known[1]
    lean = LeanAttributes(nlp) if _eligible(nlp) else None
    _CACHE[nlp] = (names, lean)
    return lean


class LeanAttributes:
    """Sets what ``attribute_ruler`` then ``lemmatizer`` would set, from a memo.

    Call it on a Doc parsed with ``disable=self.replaces``.
    """

    replaces = ("attribute_ruler", "lemmatizer")

    def __init__(self, nlp: Language):
        from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
        from spacy.matcher import Matcher

        self.vocab = nlp.vocab
        self.ruler = nlp.get_pipe("attribute_ruler")
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        self._in = [ORTH, TAG, DEP]
        self._out = [POS, MORPH, LEMMA, TAG, DEP]
        # The ruler keys its patterns by their position (as a string), and applies
        # matches in that order; the same numbering is kept here.
        self._single: set[int] = set()
        self._context = Matcher(self.vocab)
        for attr_id, pattern in enumerate(self.ruler.patterns):
            shapes = pattern["patterns"]
            if all(len(p) == 1 and "OP" not in p[0] for p in shapes):
                self._single.add(attr_id)
            else:
                self._context.add(str(attr_id), shapes)
        self._row: dict[tuple[int, int, int], int] = {}
        self._table = np.zeros((0, len(self._out)), dtype="uint64")
        self._matched: list[tuple[int, ...]] = []  # per memo row: its one-token rules

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = list(map(tuple, doc.to_array(self._in).tolist()))
        new = {k for k in keys if k not in self._row}
        if new:
            self._learn(sorted(new))
        rows = np.fromiter((self._row[k] for k in keys), dtype="int64", count=len(keys))
        values = self._table[rows]
        before = doc.to_array(self._out)
        targets = self._context_targets(doc)
        doc.from_array(self._out[:3], values[:, :3])
        # The ruler sets a tag or label on a few tokens (whitespace): set those alone
        # (writing DEP through from_array would re-derive the tree).
        for col in (3, 4):
            for i in np.flatnonzero(values[:, col] != before[:, col]).tolist():
                self._set(doc[i], self._out[col], int(values[i, col]))
        for i, context_ids in targets.items():
            self._annotate(doc, i, before[i], self._matched[rows[i]], context_ids)
        return doc

    # ----------------------------------------------------------------- memo

    def _learn(self, keys: list[tuple[int, int, int]]) -> None:
        """Run the real ruler (one-token rules) and lemmatizer on one Doc holding one
        token per new key, and remember what they set."""
        from spacy.tokens import Doc

        strings = self.vocab.strings
        doc = Doc(self.vocab, words=[strings[orth] for orth, _, _ in keys],
                  spaces=[False] * len(keys))
        for token, (_, tag, dep) in zip(doc, keys, strict=True):
            token.tag = tag
            token.dep = dep
        matches = [m for m in self.ruler.match(doc) if m[0] in self._single]
        self.ruler.set_annotations(doc, matches)
        self.lemmatizer(doc)
        matched: list[list[int]] = [[] for _ in keys]
        for attr_id, _, start, _ in matches:
            matched[start].append(attr_id)
        base = len(self._table)
        self._table = np.concatenate([self._table, doc.to_array(self._out)])
        for k, key in enumerate(keys):
            self._row[key] = base + k
            self._matched.append(tuple(matched[k]))

    # ----------------------------------------------------------------- context rules

    def _context_targets(self, doc: Doc) -> dict[int, list[int]]:
        """Token index -> the multi-token rules (attr ids) whose target it is."""
        targets: dict[int, list[int]] = {}
        if not len(self._context):
            return targets
        for match_id, start, end in self._context(doc, allow_missing=True):
            attr_id = int(self.vocab.strings[match_id])
            index = self.ruler.indices[attr_id]
            i = start + index if index >= 0 else end + index
            if not start <= i < end:
                raise ValueError(f"attribute_ruler pattern {attr_id}: index {index} outside "
                                 f"its match {doc[start:end].text!r}")
            targets.setdefault(i, []).append(attr_id)
        return targets

    def _annotate(self, doc: Doc, i: int, before: np.ndarray, single: tuple[int, ...],
                  context: list[int]) -> None:
        """Token ``i`` as the ruler then the lemmatizer would leave it: from its values
        before them, every rule that hit it in the ruler's order, then the lemma."""
        from spacy.tokens._retokenize import set_token_attrs

        token = doc[i]
        for col, attr in enumerate(self._out):
            self._set(token, attr, int(before[col]))
        for attr_id in sorted({*single, *context}):
            set_token_attrs(token, self.ruler.attrs[attr_id])
        if self.lemmatizer.overwrite or token.lemma == 0:
            token.lemma_ = self.lemmatizer.lemmatize(token)[0]

    def _set(self, token: Any, attr: int, value: int) -> None:
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

        if attr == MORPH:
            token.set_morph(value if value else None)
        else:
            setattr(token, {POS: "pos", LEMMA: "lemma", TAG: "tag", DEP: "dep"}[attr], value)
