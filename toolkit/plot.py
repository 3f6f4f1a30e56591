"""Charts of who said what about whom.

Every function takes either an :class:`~toolkit.analysis.Analysis` (or anything with
the frame as an attribute, e.g. ``result.relations``) or the frame itself, draws on
``ax`` (a new figure when ``ax`` is None) and returns the matplotlib Axes. Inputs
are never mutated. Long tails are folded into one "other (N ...)" row so charts stay
legible with hundreds of speakers; ties are broken by name so every chart is
deterministic. An empty frame gives an Axes that says "no data" instead of an error.

matplotlib (and networkx) are imported inside the functions, so importing
:mod:`toolkit` stays cheap and never picks a backend.

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from toolkit.frames import make_frame
>>> from toolkit.plot import who_about_whom
>>> relations = make_frame("relations", [
...     {"speaker": "Ann Lee", "target": "Bob Roy", "n_quotes": 2, "n_claims": 1}])
>>> ax = who_about_whom(relations)
>>> ax.get_title()
'Who said what about whom'
>>> plt.close("all")
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import queries
from .frames import QUOTE_KINDS

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "who_about_whom",
    "quote_network",
    "top_speakers",
    "quotes_over_time",
    "claims_by_claimant",
    "top_entities",
    "readable",
    "quotes_about",
    "format_quotes",
    "show_quotes",
]

UNATTRIBUTED = queries.UNATTRIBUTED
NO_DATA = "no data"

# Okabe-Ito colours: distinguishable for the common forms of colour blindness.
KIND_COLORS = {"direct": "#0072B2", "indirect": "#E69F00", "mixed": "#009E73"}
EXTRA_COLOR = "#999999"
SPEAKER_COLOR = "#0072B2"
TARGET_COLOR = "#E69F00"
# Check-worthiness bands, light to dark; "unscored" for claims without a score.
BAND_COLORS = {"low": "#fdd49e", "medium": "#fc8d59", "high": "#b30000", "unscored": "#bdbdbd"}

_FREQ_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
# Offset aliases people type for resample() mean the same periods here.
_FREQ_ALIASES = {"ME": "M", "MS": "M", "QE": "Q", "QS": "Q", "YE": "Y", "YS": "Y", "A": "Y"}


# --------------------------------------------------------------------------- helpers


_frame = queries.frame_of
_require = queries.require_columns


def _check_top(top: int | None) -> None:
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ValueError(f"top must be a positive integer or None, got {top!r}")


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _no_data(ax: Axes | None, title: str, xlabel: str = "", ylabel: str = "") -> Axes:
    """An Axes with the chart's title and labels and a centred "no data" note."""
    ax = _axes(ax, (6.0, 4.0))
    ax.text(0.5, 0.5, NO_DATA, ha="center", va="center", transform=ax.transAxes,
            fontsize=12, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def _shorten(name: str, width: int = 28) -> str:
    """Cut long names in the middle so tick labels do not eat the plot, keeping both
    ends, which is where two long names sharing a prefix differ.

    >>> _shorten("Wikinews (en.wikinews.org), via data/wikinews_2019.csv", 24)
    'Wikinews (en…ws_2019.csv'
    """
    if len(name) <= width:
        return name
    head = (width - 1) // 2 + (width - 1) % 2
    tail = width - 1 - head
    return name[:head].rstrip() + "…" + name[len(name) - tail :]


_plural = queries.plural


def _names(series: pd.Series) -> pd.Series:
    """Names as plain Python strings, missing ones as "(unattributed)"."""
    return series.astype("object").where(series.notna(), UNATTRIBUTED).astype(str)


def _counts(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").fillna(0).astype("int64")


def _ranked(totals: pd.Series) -> list[str]:
    """Index labels by descending total, ties broken by name (deterministic)."""
    return sorted(totals.index, key=lambda label: (-totals[label], str(label)))


def _fold(table: pd.DataFrame, top: int | None, noun: str) -> pd.DataFrame:
    """Rows ordered by total; beyond ``top`` they are summed into one "other" row.

    A single leftover row is shown as itself (an "other" of one says less), so the
    result has at most ``top + 1`` rows either way.
    """
    order = _ranked(table.sum(axis=1))
    if top is None or len(order) <= top + 1:
        return table.loc[order]
    keep, rest = order[:top], order[top:]
    other = table.loc[rest].sum(axis=0).rename(f"other ({_plural(len(rest), noun)})")
    return pd.concat([table.loc[keep], other.to_frame().T])


def _barh_stacked(ax: Axes, table: pd.DataFrame, colors: dict[str, str]) -> None:
    """Horizontal bars stacked by ``table``'s columns, first row at the top."""
    positions = list(range(len(table)))
    left = [0] * len(table)
    for column in table.columns:
        widths = [int(value) for value in table[column]]
        ax.barh(positions, widths, left=left, label=str(column),
                color=colors.get(str(column), EXTRA_COLOR), edgecolor="white", linewidth=0.5)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(positions, [_shorten(str(label)) for label in table.index])
    ax.set_ylim(len(table) - 0.5, -0.5)  # largest on top
    ax.margins(x=0.08)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _network_layout(graph: Any, seed: int) -> dict[Any, Any]:
    """Deterministic positions: a seeded force layout per connected component,
    components packed left to right in rows, biggest first.

    One spring layout over a disconnected graph pushes the components to the
    corners and squeezes each into a blob; laying them out apart keeps labels apart.
    """
    import networkx as nx
    import numpy as np

    components = sorted((sorted(c) for c in nx.weakly_connected_components(graph)),
                        key=lambda c: (-len(c), c[0]))
    radii = [0.35 + 0.45 * len(c) ** 0.5 for c in components]
    # rows about as wide as a 5:4 rectangle holding all the components' squares
    area = sum((2 * r) ** 2 for r in radii)
    row_width = max(2 * max(radii, default=1.0), 1.2 * (1.25 * area) ** 0.5)
    pos: dict[Any, Any] = {}
    x = y = row_height = 0.0
    for nodes, radius in zip(components, radii, strict=True):
        if x > 0 and x + 2 * radius > row_width:  # start a new row below
            x, y, row_height = 0.0, y - row_height, 0.0
        center = np.array([x + radius, y - radius])
        sub = graph.subgraph(nodes)
        if len(nodes) == 1:
            local = {nodes[0]: np.zeros(2)}
        elif len(nodes) >= 500:  # force layouts get slow (and spring needs scipy)
            local = nx.circular_layout(sub)
        elif hasattr(nx, "forceatlas2_layout"):  # networkx >= 3.4
            # Strong gravity keeps hubs' leaves from flying off and squeezing the
            # rest into an unreadable knot (what a plain spring layout does).
            local = nx.rescale_layout_dict(
                nx.forceatlas2_layout(sub, seed=seed, max_iter=300, strong_gravity=True), 1.0)
        else:
            local = nx.spring_layout(sub, seed=seed, method="force", weight=None,
                                     k=1.5 / len(nodes) ** 0.5, iterations=200)
        for node in nodes:
            pos[node] = center + 0.8 * radius * np.asarray(local[node])
        x += 2 * radius
        row_height = max(row_height, 2 * radius)
    return pos


# --------------------------------------------------------------------------- charts


def who_about_whom(
    data: Any,
    *,
    top: int | None = 15,
    value: str = "total",
    ax: Axes | None = None,
) -> Axes:
    """Heatmap of speakers (rows) by the people and things they talk about (columns).

    Cells count ``n_quotes + n_claims`` of the ``relations`` frame (``value="total"``)
    or just ``"n_quotes"`` or ``"n_claims"``; non-zero cells are annotated. The
    ``top`` speakers and targets by total are shown (ties by name) and the rest
    are summed into an "other (N speakers)" row and "other (N targets)" column,
    so every count in the frame is in the picture. The colour scale fits the named
    cells (the "other" buckets, set off by a line, are clipped to the darkest
    colour but annotated with their true counts). Missing speakers or targets
    show as "(unattributed)". The input is not mutated.

    Parameters
    ----------
    data : Analysis or DataFrame
        An object with a ``relations`` frame, or the relations frame itself.
    top : int or None
        How many speakers and targets to show before folding into "other"; None
        shows all.
    value : {"total", "n_quotes", "n_claims"}
        What to count.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when None.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from toolkit.frames import make_frame
    >>> relations = make_frame("relations", [
    ...     {"speaker": "Ann Lee", "target": "Bob Roy", "n_quotes": 2, "n_claims": 1},
    ...     {"speaker": "Bob Roy", "target": "Ann Lee", "n_quotes": 1, "n_claims": 0}])
    >>> ax = who_about_whom(relations)
    >>> ax.images[0].get_array().shape
    (2, 2)
    >>> sorted(text.get_text() for text in ax.texts)
    ['1', '3']
    >>> ax.get_ylabel()
    'speaker'
    >>> plt.close("all")
    """
    _check_top(top)
    columns = {"total": ["n_quotes", "n_claims"], "n_quotes": ["n_quotes"],
               "n_claims": ["n_claims"]}
    if value not in columns:
        raise ValueError(f"value must be one of {sorted(columns)}, got {value!r}")
    label = {"total": "quotes + claims", "n_quotes": "quotes", "n_claims": "claims"}[value]
    title, xlabel, ylabel = "Who said what about whom", "talked about (target)", "speaker"

    relations = _frame(data, "relations")
    if relations.empty:
        return _no_data(ax, title, xlabel, ylabel)
    _require(relations, ["speaker", "target", *columns[value]], "relations")

    counts = sum(_counts(relations[column]) for column in columns[value])
    edges = pd.DataFrame({
        "speaker": _names(relations["speaker"]).to_numpy(),
        "target": _names(relations["target"]).to_numpy(),
        "count": pd.Series(counts).to_numpy(),
    })
    matrix = edges.pivot_table(index="speaker", columns="target", values="count",
                               aggfunc="sum", fill_value=0)
    n_speakers, n_targets = matrix.shape
    matrix = _fold(matrix, top, "speaker")
    matrix = _fold(matrix.T, top, "target").T
    n_rows, n_cols = matrix.shape
    # How many rows/columns are named people rather than an "other" bucket.
    named_rows = n_rows - (n_rows < n_speakers)
    named_cols = n_cols - (n_cols < n_targets)

    ax = _axes(ax, (max(6.0, 0.55 * n_cols + 4.0), max(4.0, 0.42 * n_rows + 2.5)))
    values = matrix.to_numpy(dtype="int64")
    # Scale colours to the named cells: the "other" buckets sum many people and
    # would otherwise wash everything else out (they are annotated, and clipped).
    named = values[:named_rows, :named_cols]
    vmax = max(int(named.max()) if named.size else int(values.max()), 1)
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=vmax,
                      interpolation="nearest")
    if named_rows < n_rows:
        ax.axhline(named_rows - 0.5, color="#444444", linewidth=1.0)
    if named_cols < n_cols:
        ax.axvline(named_cols - 0.5, color="#444444", linewidth=1.0)
    fontsize = 9 if max(n_rows, n_cols) <= 12 else 7.5
    for i in range(n_rows):
        for j in range(n_cols):
            if values[i, j]:
                # white text on dark cells, black on light ones
                color = "white" if values[i, j] > 0.55 * vmax else "black"
                ax.text(j, i, str(values[i, j]), ha="center", va="center",
                        fontsize=fontsize, color=color)
    ax.set_xticks(range(n_cols), [_shorten(str(c)) for c in matrix.columns],
                  rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(n_rows), [_shorten(str(r)) for r in matrix.index])
    ax.tick_params(length=0)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    clipped = bool((values > vmax).any())
    ax.figure.colorbar(image, ax=ax, label=label, shrink=0.8,
                       extend="max" if clipped else "neither")
    return ax


def quote_network(
    data: Any,
    *,
    top: int | None = 30,
    ax: Axes | None = None,
    seed: int = 0,
) -> Axes:
    """Directed network: an arrow from each speaker to whom they talk about.

    Edge width grows with ``n_quotes + n_claims``. Node size is the number of
    mentions (``entities.n_mentions`` by name) when ``data`` has an ``entities``
    frame, else the node's weighted degree. Only the ``top`` nodes by weighted
    degree (ties by name) are drawn, every one labelled; the title says how many
    were left out. Self-loops (people talking about themselves) are not drawn.
    Blue nodes said something, orange nodes were only talked about. The layout
    is a force-directed layout (ForceAtlas2, or a spring layout on networkx < 3.4)
    per connected component, seeded with ``seed`` over sorted nodes, so the same input
    gives the same picture. The input is not mutated.

    Parameters
    ----------
    data : Analysis or DataFrame
        An object with a ``relations`` (and optionally ``entities``) frame, or
        the relations frame itself.
    top : int or None
        How many nodes to draw; None draws all.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when None.
    seed : int
        Seed of the layout.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from toolkit.frames import make_frame
    >>> relations = make_frame("relations", [
    ...     {"speaker": "Ann Lee", "target": "Bob Roy", "n_quotes": 2, "n_claims": 1},
    ...     {"speaker": "Bob Roy", "target": "Cy Dee", "n_quotes": 1, "n_claims": 0}])
    >>> ax = quote_network(relations)
    >>> sorted(text.get_text() for text in ax.texts)
    ['Ann Lee', 'Bob Roy', 'Cy Dee']
    >>> from matplotlib.patches import FancyArrowPatch
    >>> sum(isinstance(patch, FancyArrowPatch) for patch in ax.patches)
    2
    >>> plt.close("all")
    """
    _check_top(top)
    title = "Who talks about whom"
    relations = _frame(data, "relations")
    if relations.empty:
        return _no_data(ax, title)
    _require(relations, ["speaker", "target", "n_quotes", "n_claims"], "relations")

    import networkx as nx

    edges = pd.DataFrame({
        "speaker": _names(relations["speaker"]).to_numpy(),
        "target": _names(relations["target"]).to_numpy(),
        "weight": (_counts(relations["n_quotes"]) + _counts(relations["n_claims"])).to_numpy(),
    })
    edges = edges[edges["speaker"] != edges["target"]]
    if edges.empty:
        return _no_data(ax, title)
    edges = edges.groupby(["speaker", "target"], as_index=False)["weight"].sum()

    strength = pd.concat([
        edges.groupby("speaker")["weight"].sum(), edges.groupby("target")["weight"].sum()
    ]).groupby(level=0).sum()
    ranked = _ranked(strength)
    kept = set(ranked if top is None else ranked[:top])
    edges = edges[edges["speaker"].isin(kept) & edges["target"].isin(kept)]
    edges = edges.sort_values(["speaker", "target"])

    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(kept))
    for row in edges.itertuples(index=False):
        graph.add_edge(row.speaker, row.target, weight=int(row.weight))
    nodes = list(graph.nodes)

    entities = None if isinstance(data, pd.DataFrame) else getattr(data, "entities", None)
    if isinstance(entities, pd.DataFrame) and {"name", "n_mentions"} <= set(entities.columns):
        mentions = (pd.DataFrame({"name": _names(entities["name"]).to_numpy(),
                                  "n": _counts(entities["n_mentions"]).to_numpy()})
                    .groupby("name")["n"].sum())
        size_by = [float(mentions.get(node, 0)) for node in nodes]
        size_note = "size: mentions"
    else:
        size_by = [float(strength[node]) for node in nodes]
        size_note = "size: quotes + claims"
    largest = max(size_by) or 1.0
    node_sizes = [120.0 + 1100.0 * value / largest for value in size_by]
    speakers = set(edges["speaker"])
    node_colors = [SPEAKER_COLOR if node in speakers else TARGET_COLOR for node in nodes]

    pos = _network_layout(graph, seed)

    ax = _axes(ax, (10.0, 8.0))
    heaviest = max((w for _, _, w in graph.edges(data="weight")), default=1) or 1
    widths = [0.8 + 4.5 * w / heaviest for _, _, w in graph.edges(data="weight")]
    nx.draw_networkx_edges(graph, pos, ax=ax, nodelist=nodes, node_size=node_sizes,
                           width=widths, edge_color="#555555", alpha=0.55, arrows=True,
                           arrowstyle="-|>", arrowsize=14, connectionstyle="arc3,rad=0.12")
    nx.draw_networkx_nodes(graph, pos, ax=ax, nodelist=nodes, node_size=node_sizes,
                           node_color=node_colors, alpha=0.85, linewidths=0.8,
                           edgecolors="white")
    nx.draw_networkx_labels(graph, pos, ax=ax,
                            labels={node: _shorten(node, 24) for node in nodes},
                            font_size=8.5 if len(nodes) <= 30 else 7,
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                  "edgecolor": "none", "alpha": 0.7})
    if top is not None and len(ranked) > len(nodes):
        title += f" (top {len(nodes)} of {len(ranked)})"
    ax.set_title(title)
    # The axis frame carries no scale; its label explains the encoding instead.
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel(f"arrow: speaker → target · width: quotes + claims\n{size_note} · "
                  "blue: speaker, orange: only talked about", fontsize=8, color="#444444")
    ax.set_aspect("equal", adjustable="datalim")
    ax.margins(0.08)
    return ax


def top_speakers(data: Any, *, top: int | None = 15, ax: Axes | None = None,
                 cue_classes: Collection[str] | None = ("speech",)) -> Axes:
    """Horizontal bars of quotes per speaker, stacked by kind (direct/indirect/mixed).

    The ``top`` speakers by number of quotes are shown (ties by name), the rest
    summed into an "other (N speakers)" bar; quotes without a speaker show as
    "(unattributed)". Totals are written at the end of each bar. The input is
    not mutated.

    Parameters
    ----------
    data : Analysis or DataFrame
        An object with a ``quotes`` frame, or the quotes frame itself.
    top : int or None
        How many speakers to show before folding into "other"; None shows all.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when None.
    cue_classes : collection of str or None
        The quotes counted, by ``cue_class`` (default speech only: beliefs, findings
        and intentions are not quotes a reader counts); None counts every class.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from toolkit.frames import make_frame
    >>> quotes = make_frame("quotes", [
    ...     {"quote_id": "q1", "speaker": "Ann Lee", "kind": "direct"},
    ...     {"quote_id": "q2", "speaker": "Ann Lee", "kind": "indirect"},
    ...     {"quote_id": "q3", "speaker": "Bob Roy", "kind": "direct"}])
    >>> ax = top_speakers(quotes)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['Ann Lee', 'Bob Roy']
    >>> [bars.datavalues.tolist() for bars in ax.containers]
    [[1, 1], [1, 0], [0, 0]]
    >>> plt.close("all")
    """
    _check_top(top)
    title, xlabel, ylabel = "Who is quoted most", "quotes", "speaker"
    quotes = queries.with_cue_classes(_frame(data, "quotes"), cue_classes)
    if quotes.empty:
        return _no_data(ax, title, xlabel, ylabel)
    _require(quotes, ["speaker", "kind"], "quotes")

    frame = pd.DataFrame({"speaker": _names(quotes["speaker"]).to_numpy(),
                          "kind": quotes["kind"].astype("object").fillna("unknown")
                          .astype(str).to_numpy()})
    table = pd.crosstab(frame["speaker"], frame["kind"])
    kinds = [k for k in QUOTE_KINDS] + sorted(set(table.columns) - set(QUOTE_KINDS))
    table = _fold(table.reindex(columns=kinds, fill_value=0), top, "speaker")

    ax = _axes(ax, (8.0, max(3.0, 0.36 * len(table) + 1.6)))
    _barh_stacked(ax, table, KIND_COLORS)
    for position, total in enumerate(table.sum(axis=1)):
        ax.annotate(str(int(total)), (int(total), position), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.legend(title="kind", loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8,
              title_fontsize=8, frameon=False)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def quotes_over_time(
    data: Any,
    *,
    articles: pd.DataFrame | None = None,
    freq: str = "M",
    top: int | None = 5,
    ax: Axes | None = None,
    cue_classes: Collection[str] | None = ("speech",),
) -> Axes:
    """Lines of quotes per period for the ``top`` speakers, by article date.

    Quotes are dated by their article's ``published``, so pass an Analysis or the
    quotes frame plus ``articles=``. Quotes from articles without a date are left
    out, and the title says how many. Speakers beyond ``top`` (by number of dated
    quotes, ties by name) are summed into a dashed grey "other (N speakers)"
    line. Periods without quotes count as zero. The inputs are not mutated.

    Parameters
    ----------
    data : Analysis or DataFrame
        An object with ``quotes`` and ``articles`` frames, or the quotes frame.
    articles : DataFrame, optional
        The articles frame (needed when ``data`` is a quotes frame).
    freq : str
        A pandas period: "D", "W", "M" (default), "Q" or "Y".
    top : int or None
        How many speakers get their own line; None draws every speaker.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when None.
    cue_classes : collection of str or None
        The quotes counted, by ``cue_class`` (default speech only: beliefs, findings
        and intentions are not quotes a reader counts); None counts every class.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from toolkit.frames import make_frame
    >>> articles = make_frame("articles", [
    ...     {"article_id": "a1", "published": "2024-01-05"},
    ...     {"article_id": "a2", "published": "2024-03-20"},
    ...     {"article_id": "a3", "published": None}])
    >>> quotes = make_frame("quotes", [
    ...     {"quote_id": "q1", "article_id": "a1", "speaker": "Ann Lee"},
    ...     {"quote_id": "q2", "article_id": "a2", "speaker": "Ann Lee"},
    ...     {"quote_id": "q3", "article_id": "a3", "speaker": "Bob Roy"}])
    >>> ax = quotes_over_time(quotes, articles=articles)
    >>> print(ax.get_title())
    Quotes over time, top 5 speakers
    (1 quote from 1 undated article left out)
    >>> [[int(y) for y in line.get_ydata()] for line in ax.get_lines()]
    [[1, 0, 1]]
    >>> plt.close("all")
    """
    _check_top(top)
    period = _FREQ_ALIASES.get(freq, freq)
    unit = _FREQ_NAMES.get(period, period)
    title = "Quotes over time" + ("" if top is None else f", top {top} speakers")
    xlabel, ylabel = f"published ({unit})", f"quotes per {unit}"

    quotes = queries.with_cue_classes(_frame(data, "quotes"), cue_classes)
    if articles is None:
        if isinstance(data, pd.DataFrame):
            raise TypeError("quotes_over_time needs the articles frame to date quotes: "
                            "pass an Analysis or articles=...")
        articles = _frame(data, "articles")
    if quotes.empty:
        return _no_data(ax, title, xlabel, ylabel)
    _require(quotes, ["article_id", "speaker"], "quotes")
    _require(articles, ["article_id", "published"], "articles")

    published = pd.to_datetime(articles["published"], errors="coerce")
    if getattr(published.dt, "tz", None) is not None:
        published = published.dt.tz_localize(None)
    dates = (pd.DataFrame({"article_id": articles["article_id"].astype("object").to_numpy(),
                           "published": published.to_numpy()})
             .drop_duplicates("article_id"))
    dated = pd.DataFrame({"article_id": quotes["article_id"].astype("object").to_numpy(),
                          "speaker": _names(quotes["speaker"]).to_numpy()})
    dated = dated.merge(dates, on="article_id", how="left")
    undated = dated[dated["published"].isna()]
    dated = dated[dated["published"].notna()]
    if len(undated):
        title += (f"\n({_plural(len(undated), 'quote')} from "
                  f"{_plural(undated['article_id'].nunique(), 'undated article')} left out)")
    if dated.empty:
        return _no_data(ax, title, xlabel, ylabel)

    dated = dated.assign(period=dated["published"].dt.to_period(period))
    table = pd.crosstab(dated["speaker"], dated["period"])
    n_speakers = len(table)
    table = _fold(table, top, "speaker")
    periods = pd.period_range(dated["period"].min(), dated["period"].max(), freq=period)
    table = table.reindex(columns=periods, fill_value=0)
    x = periods.to_timestamp()

    import matplotlib.dates as mdates

    ax = _axes(ax, (9.0, 4.5))
    colors = iter(["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
                   "#F0E442", "#000000"] * ((len(table) // 8) + 1))
    n_named = len(table) if n_speakers == len(table) else len(table) - 1
    for i, (speaker, counts) in enumerate(table.iterrows()):
        is_other = i >= n_named
        ax.plot(x, [int(c) for c in counts], label=_shorten(str(speaker)),
                marker="o", markersize=3.5, linewidth=1.6,
                color="#888888" if is_other else next(colors),
                linestyle="--" if is_other else "-")
    locator = mdates.AutoDateLocator(maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if len(periods) == 1:  # a lone point: show the periods either side, not years
        ax.set_xlim((periods[0] - 1).to_timestamp(), (periods[0] + 1).to_timestamp())
    ax.set_ylim(bottom=0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(title="speaker", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              title_fontsize=8, frameon=False)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def claims_by_claimant(
    data: Any,
    *,
    top: int | None = 15,
    bands: tuple[float, float] = (1 / 3, 2 / 3),
    ax: Axes | None = None,
) -> Axes:
    """Claims per claimant as bars stacked by check-worthiness band.

    Bands are "low" (below ``bands[0]``), "medium" and "high" (from ``bands[1]``),
    plus "unscored" for claims without a score. The mean check-worthiness of each
    claimant is written at the end of the bar. Claims without a claimant show as
    "(unattributed)"; claimants beyond ``top`` (by number of claims, ties by
    name) are summed into "other (N claimants)". The input is not mutated.

    Parameters
    ----------
    data : Analysis or DataFrame
        An object with a ``claims`` frame, or the claims frame itself.
    top : int or None
        How many claimants to show before folding into "other"; None shows all.
    bands : (float, float)
        The low/medium and medium/high thresholds on check-worthiness (0..1).
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when None.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from toolkit.frames import make_frame
    >>> claims = make_frame("claims", [
    ...     {"claim_id": "c1", "claimant": "Ann Lee", "checkworthiness": 0.9},
    ...     {"claim_id": "c2", "claimant": "Ann Lee", "checkworthiness": 0.1},
    ...     {"claim_id": "c3", "claimant": None, "checkworthiness": 0.5}])
    >>> ax = claims_by_claimant(claims)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['Ann Lee', '(unattributed)']
    >>> {bars.get_label(): bars.datavalues.tolist() for bars in ax.containers}["high"]
    [1, 0]
    >>> plt.close("all")
    """
    _check_top(top)
    low, high = bands
    if not 0.0 <= low <= high <= 1.0:
        raise ValueError(f"bands must be two thresholds 0 <= low <= high <= 1, got {bands!r}")
    title = "Claims by claimant, by check-worthiness"
    xlabel, ylabel = "claims", "claimant"
    claims = _frame(data, "claims")
    if claims.empty:
        return _no_data(ax, title, xlabel, ylabel)
    _require(claims, ["claimant", "checkworthiness"], "claims")

    score = pd.to_numeric(claims["checkworthiness"], errors="coerce").astype("float64")
    band = pd.Series("unscored", index=score.index, dtype="object")
    band[score < low] = "low"
    band[(score >= low) & (score < high)] = "medium"
    band[score >= high] = "high"
    frame = pd.DataFrame({"claimant": _names(claims["claimant"]).to_numpy(),
                          "band": band.to_numpy(), "score": score.to_numpy()})
    table = pd.crosstab(frame["claimant"], frame["band"])
    table = table.reindex(columns=list(BAND_COLORS), fill_value=0)
    table = _fold(table, top, "claimant")

    # Mean score per shown row; the "other" row averages over all folded claims.
    means = frame.groupby("claimant")["score"].mean()
    folded = frame.loc[~frame["claimant"].isin(table.index), "score"]

    ax = _axes(ax, (8.0, max(3.0, 0.36 * len(table) + 1.6)))
    _barh_stacked(ax, table, BAND_COLORS)
    for position, (claimant, total) in enumerate(table.sum(axis=1).items()):
        mean = means[claimant] if claimant in means.index else folded.mean()
        note = f"{int(total)}" + ("" if pd.isna(mean) else f"  (mean {mean:.2f})")
        ax.annotate(note, (int(total), position), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8)
    # room at the right for the "N  (mean 0.00)" notes
    ax.set_xlim(0, max(1, int(table.to_numpy().sum(axis=1).max())) * 1.4)
    ax.legend(title="check-worthiness", loc="upper left", bbox_to_anchor=(1.02, 1.0),
              fontsize=8, title_fontsize=8, frameon=False)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def top_entities(
    data: Any,
    *,
    top: int | None = 20,
    labels: tuple[str, ...] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of the most mentioned entities, coloured by entity label.

    Bars count ``entities.n_mentions`` (aliases and resolved pronouns included).
    The ``top`` entities (ties by name) are drawn, and the title says how many
    were left out; ``labels`` keeps only some entity labels (e.g. ``("PERSON",)``).
    The input is not mutated.

    Parameters
    ----------
    data : Analysis or DataFrame
        An object with an ``entities`` frame, or the entities frame itself.
    top : int or None
        How many entities to draw; None draws all.
    labels : tuple of str, optional
        Only entities with one of these labels (PERSON, ORG, GPE, NORP, ...).
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when None.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from toolkit.frames import make_frame
    >>> entities = make_frame("entities", [
    ...     {"entity_id": "e1", "name": "Ann Lee", "label": "PERSON", "n_mentions": 5},
    ...     {"entity_id": "e2", "name": "Acme", "label": "ORG", "n_mentions": 7}])
    >>> ax = top_entities(entities)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['Acme', 'Ann Lee']
    >>> plt.close("all")
    """
    _check_top(top)
    title, xlabel, ylabel = "Most mentioned entities", "mentions", "entity"
    entities = _frame(data, "entities")
    if entities.empty:
        return _no_data(ax, title, xlabel, ylabel)
    _require(entities, ["name", "label", "n_mentions"], "entities")

    frame = pd.DataFrame({
        "name": _names(entities["name"]).to_numpy(),
        "label": entities["label"].astype("object").fillna("?").astype(str).to_numpy(),
        "n": _counts(entities["n_mentions"]).to_numpy(),
    })
    if labels is not None:
        frame = frame[frame["label"].isin(labels)]
        title += f" ({', '.join(labels)})"
    if frame.empty:
        return _no_data(ax, title, xlabel, ylabel)
    # The same name under two labels stays two bars: "Washington" GPE vs PERSON.
    frame = frame.groupby(["name", "label"], as_index=False)["n"].sum()
    frame = frame.sort_values(["n", "name", "label"], ascending=[False, True, True],
                              kind="mergesort")
    shown = frame if top is None else frame.head(top)
    if len(shown) < len(frame):
        title += f" (top {len(shown)} of {len(frame)})"

    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442"]
    by_count = shown.groupby("label")["n"].sum()
    order = _ranked(by_count)
    colors = {label: palette[i] if i < len(palette) else EXTRA_COLOR
              for i, label in enumerate(order)}

    ax = _axes(ax, (8.0, max(3.0, 0.32 * len(shown) + 1.6)))
    positions = list(range(len(shown)))
    for label in order:
        mask = (shown["label"] == label).to_numpy()
        ax.barh([p for p, m in zip(positions, mask, strict=True) if m],
                shown.loc[mask, "n"].tolist(), color=colors[label], label=label)
    for position, n in zip(positions, shown["n"], strict=True):
        ax.annotate(str(int(n)), (int(n), position), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(positions, [_shorten(name) for name in shown["name"]])
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.margins(x=0.08)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(title="label", loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8,
              title_fontsize=8, frameon=False)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


# --------------------------------------------------------------------------- aliases
# Queries that are not charts live in toolkit.queries (and on the result:
# result.quotes_about(...)); these names stay for notebooks written against plot.
readable = queries.readable
quotes_about = queries.quotes_about
format_quotes = queries.format_quotes
show_quotes = queries.show_quotes
