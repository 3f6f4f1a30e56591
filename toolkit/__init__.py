"""Who said what about whom in the news: entities, quotes and claims as DataFrames.

Examples
--------
>>> import toolkit as tk
>>> articles = tk.load_articles("seeds/")
>>> len(articles)
1
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Analysis", "analyze", "checkworthiness", "evaluate", "load_articles", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.analysis import Analysis, analyze
    from toolkit.articles import load_articles
    from toolkit.checkworthiness import checkworthiness
    from toolkit.evaluation import evaluate

_LAZY = {
    "Analysis": "toolkit.analysis",
    "analyze": "toolkit.analysis",
    "load_articles": "toolkit.articles",
    "checkworthiness": "toolkit.checkworthiness",
    "evaluate": "toolkit.evaluation",
}


def __getattr__(name: str) -> Any:
    # Imported lazily so that `import toolkit` stays cheap (spaCy loads on first use).
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name])
        # Importing toolkit.checkworthiness binds the package attribute of that name to
        # the module itself (a callable module, so tk.checkworthiness(...) scores):
        # return what the package now holds, so every access gives the same object.
        return globals().get(name) or getattr(module, name)
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_LAZY))
