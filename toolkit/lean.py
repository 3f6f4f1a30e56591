"""A fast, exact stand-in for a pipeline's ``attribute_ruler`` and ``lemmatizer``.

In ``en_core_web_sm`` these two components cost about a fifth of the parse time, yet
what they compute for a token depends on very little: the attribute ruler's one-token
patterns look at the token's own text, tag and dependency label, and the rule
lemmatizer looks at the text, part of speech and morphology that the ruler set. So
:class:`LeanAttributes` runs the real components once per distinct
``(text, tag, dep)`` of the run (labels that no one-token pattern tests count as one),
on a small Doc of such tokens, remembers the POS, morphology, lemma (and the tag and
dependency label, which the ruler may also set) they gave, and copies those into every
later Doc with one array write. The lemmatizer it runs is spaCy's rule lemmatizer
with its word lists as sets (it only asks whether a form is in one). The ruler's
few patterns over several tokens (``"gon na"``, ``there is``) run as a real
``Matcher`` on the Doc itself (only where a first token may match), and the tokens
they hit are annotated the way the ruler and lemmatizer would, in the ruler's order.
The values are therefore the same as the
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


# The memo key's label for every label that no one-token rule tests (no string's hash).
_OTHER_LABEL = np.uint64(np.iinfo(np.uint64).max)


def _tested_labels(patterns: list[dict[str, Any]], single: set[int], vocab: Any
                   ) -> np.ndarray | None:
    """The dependency labels (ids) that the one-token rules compare a token's label
    with, when they all do it by equality, ``IN`` or ``NOT_IN``: a label outside them
    satisfies exactly the same rules as any other outside them. None when a rule tests
    the label another way (then every label is its own memo key)."""
    labels: set[int] = {0}
    for attr_id in sorted(single):
        for tokens in patterns[attr_id]["patterns"]:
            for spec in tokens:
                value = spec.get("DEP")
                if value is None:
                    continue
                if isinstance(value, str):
                    labels.add(vocab.strings.add(value))
                elif isinstance(value, dict) and set(value) <= {"IN", "NOT_IN"} and all(
                        isinstance(v, list) and all(isinstance(x, str) for x in v)
                        for v in value.values()):
                    labels.update(vocab.strings.add(x) for v in value.values() for x in v)
                else:
                    return None
    return np.array(sorted(labels), dtype="uint64")


def _openers(patterns: list[dict[str, Any]], context: set[int], vocab: Any
             ) -> tuple[int, list[tuple[int, np.ndarray, Any]]] | None:
    """For the multi-token rules: their longest length, and for each rule's first
    token one test it must pass (column of LOWER/TAG/DEP, the ids it may have, or a
    regular expression on the lower-case form), so that only tokens that pass one may
    start a match. None when a rule has a variable length or a first token with no
    such test (then the matcher runs on the whole Doc)."""
    import re

    width, tests = 1, []
    for attr_id in sorted(context):
        for tokens in patterns[attr_id]["patterns"]:
            if not isinstance(tokens, list) or not tokens or any(
                    not isinstance(spec, dict) or "OP" in spec for spec in tokens):
                return None
            width = max(width, len(tokens))
            test = None
            for column, key in enumerate(("LOWER", "TAG", "DEP")):
                value = tokens[0].get(key)
                if isinstance(value, str):
                    test = (column, np.array([vocab.strings.add(value)], dtype="uint64"), None)
                elif isinstance(value, dict) and set(value) == {"IN"} and all(
                        isinstance(v, str) for v in value["IN"]):
                    test = (column, np.array([vocab.strings.add(v) for v in value["IN"]],
                                             dtype="uint64"), None)
                elif key == "LOWER" and isinstance(value, dict) and set(value) == {"REGEX"} \
                        and isinstance(value["REGEX"], str):
                    test = (column, np.zeros(0, dtype="uint64"), re.compile(value["REGEX"]))
                if test is not None:
                    break
            if test is None:
                return None
            tests.append(test)
    return width, tests


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
        self._openers = _openers(self.ruler.patterns, set(range(len(self.ruler.patterns)))
                                 - self._single, self.vocab)
        self._lemmatize = _fast_lemmatize(self.lemmatizer)
        # The labels the one-token rules test: any other label is the same to them, so
        # the memo keys those by one class (None: every label is its own).
        self._labels = _tested_labels(self.ruler.patterns, self._single, self.vocab)
        self._row: dict[tuple[int, int, int], int] = {}
        self._table = np.zeros((0, len(self._out)), dtype="uint64")
        self._matched: list[tuple[int, ...]] = []  # per memo row: its one-token rules
        self._sets_dep = np.zeros(0, dtype=bool)  # per memo row: a rule sets its label

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        array = doc.to_array(self._in)
        deps = array[:, 2].copy()
        if self._labels is not None:
            array[:, 2] = np.where(np.isin(deps, self._labels), deps, _OTHER_LABEL)
        keys = list(map(tuple, array.tolist()))
        new = {k: int(dep) for k, dep in zip(keys, deps.tolist(), strict=True)
               if k not in self._row}
        if new:
            self._learn(sorted(new.items()))
        rows = np.fromiter((self._row[k] for k in keys), dtype="int64", count=len(keys))
        values = self._table[rows]
        before = doc.to_array(self._out)
        # A label no rule set stays the token's own (its key may hold another's).
        values[:, 4] = np.where(self._sets_dep[rows], values[:, 4], before[:, 4])
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

    def _learn(self, new: list[tuple[tuple[int, int, int], int]]) -> None:
        """Run the real ruler (one-token rules) and lemmatizer on one Doc holding one
        token per new key (with the label of a token that has it), and remember what
        they set."""
        from spacy.attrs import DEP
        from spacy.tokens import Doc

        strings = self.vocab.strings
        keys = [key for key, _ in new]
        doc = Doc(self.vocab, words=[strings[orth] for orth, _, _ in keys],
                  spaces=[False] * len(keys))
        for token, ((_, tag, _), dep) in zip(doc, new, strict=True):
            token.tag = tag
            token.dep = dep
        matches = [m for m in self.ruler.match(doc) if m[0] in self._single]
        self.ruler.set_annotations(doc, matches)
        self._lemmatize_doc(doc)
        matched: list[list[int]] = [[] for _ in keys]
        for attr_id, _, start, _ in matches:
            matched[start].append(attr_id)
        base = len(self._table)
        self._table = np.concatenate([self._table, doc.to_array(self._out)])
        sets_dep = [any(DEP in self.ruler.attrs[a] for a in ids) for ids in matched]
        self._sets_dep = np.concatenate([self._sets_dep, np.array(sets_dep, dtype=bool)])
        for k, key in enumerate(keys):
            self._row[key] = base + k
            self._matched.append(tuple(matched[k]))

    # ----------------------------------------------------------------- context rules

    def _context_targets(self, doc: Doc) -> dict[int, list[int]]:
        """Token index -> the multi-token rules (attr ids) whose target it is."""
        targets: dict[int, list[int]] = {}
        if not len(self._context):
            return targets
        for match_id, start, end in self._context_matches(doc):
            attr_id = int(self.vocab.strings[match_id])
            index = self.ruler.indices[attr_id]
            i = start + index if index >= 0 else end + index
            if not start <= i < end:
                raise ValueError(f"attribute_ruler pattern {attr_id}: index {index} outside "
                                 f"its match {doc[start:end].text!r}")
            targets.setdefault(i, []).append(attr_id)
        return targets

    def _context_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The multi-token rules' matches in the Doc: with :func:`_openers`, the
        matcher runs only on the few tokens that may start one (each rule has a fixed
        length, and its tokens are tested alone), else on the whole Doc."""
        if self._openers is None:
            return list(self._context(doc, allow_missing=True))
        from spacy.attrs import DEP, LOWER, TAG

        columns = doc.to_array([LOWER, TAG, DEP])
        strings = self.vocab.strings
        hit = np.zeros(len(doc), dtype=bool)
        for column, ids, regex in self._openers[1]:
            values = columns[:, column]
            if regex is None:
                hit |= np.isin(values, ids)
            else:
                found = [v for v in set(values.tolist()) if regex.search(strings[v])]
                hit |= np.isin(values, np.array(found, dtype="uint64"))
        width = self._openers[0]
        out = []
        for i in np.flatnonzero(hit).tolist():
            for match_id, start, end in self._context(doc[i : i + width], allow_missing=True):
                if start == 0:
                    out.append((match_id, i, i + end))
        return out

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
            token.lemma_ = self._lemmatize(token)[0]

    def _lemmatize_doc(self, doc: Doc) -> None:
        """What ``Lemmatizer.__call__`` does, with :func:`_fast_lemmatize`."""
        if self._lemmatize == self.lemmatizer.lemmatize:  # not the fast one
            self.lemmatizer(doc)
            return
        overwrite = self.lemmatizer.overwrite
        for token in doc:
            if overwrite or token.lemma == 0:
                token.lemma_ = self._lemmatize(token)[0]

    def _set(self, token: Any, attr: int, value: int) -> None:
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

        if attr == MORPH:
            token.set_morph(value if value else None)
        else:
            setattr(token, {POS: "pos", LEMMA: "lemma", TAG: "tag", DEP: "dep"}[attr], value)


class _RuleLemmas:
    """spaCy's rule lemmatizer (``Lemmatizer.rule_lemmatize``, run as it is) over the
    same lookup tables, except that each part of speech's ``lemma_index`` word list is
    a set: the rule lemmatizer only asks whether a form is in it, which on a list of
    57,000 nouns is a scan per candidate form. Same lemmas, a fraction of the time."""

    def __init__(self, lemmatizer: Any):
        from spacy.lookups import Table

        self._of = type(lemmatizer)
        self.cache: dict[Any, list[str]] = {}
        index = lemmatizer.lookups.get_table("lemma_index")
        self._index = Table(name=index.name)
        for key, forms in index.items():
            self._index[key] = frozenset(forms)
        self._lookups = lemmatizer.lookups
        self.lookups = self  # rule_lemmatize reads its tables through get_table

    def get_table(self, name: str, default: Any = None) -> Any:
        if name == "lemma_index":
            return self._index
        return self._lookups.get_table(name, default)

    def is_base_form(self, token: Any) -> bool:
        return bool(self._of.is_base_form(self, token))

    def lemmatize(self, token: Any) -> list[str]:
        return self._of.rule_lemmatize(self, token)  # type: ignore[no-any-return]


def _fast_lemmatize(lemmatizer: Any) -> Any:
    """The lemmatize function to use for ``lemmatizer``: :class:`_RuleLemmas`'s for
    spaCy's own rule lemmatizer whose index tables are word lists, else its own."""
    from spacy.pipeline import Lemmatizer

    kind = type(lemmatizer)
    try:
        if (lemmatizer.mode != "rule" or kind.rule_lemmatize is not Lemmatizer.rule_lemmatize
                or not kind.is_base_form.__module__.startswith("spacy.")
                or not lemmatizer.lookups.has_table("lemma_index")):
            return lemmatizer.lemmatize
        index = lemmatizer.lookups.get_table("lemma_index")
        if not all(isinstance(forms, list) and all(isinstance(f, str) for f in forms)
                   for forms in index.values()):
            return lemmatizer.lemmatize
        return _RuleLemmas(lemmatizer).lemmatize
    except AttributeError:  # not the Lemmatizer API this was written for
        return lemmatizer.lemmatize
