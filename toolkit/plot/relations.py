"""Charts of the relations frame, who said what about whom: a heatmap of speakers by
targets (:func:`who_about_whom`) and a directed network (:func:`quote_network`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit.plot.common import (
    SPEAKER_COLOR,
    TARGET_COLOR,
    as_counts,
    as_names,
    axes_or_new,
    check_top,
    fold_tail,
    no_data_axes,
    rank_labels,
    shorten,
)
from toolkit.queries import frame_of, require_columns

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["who_about_whom", "quote_network"]


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
    check_top(top)
    columns = {"total": ["n_quotes", "n_claims"], "n_quotes": ["n_quotes"],
               "n_claims": ["n_claims"]}
    if value not in columns:
        raise ValueError(f"value must be one of {sorted(columns)}, got {value!r}")
    label = {"total": "quotes + claims", "n_quotes": "quotes", "n_claims": "claims"}[value]
    title, xlabel, ylabel = "Who said what about whom", "talked about (target)", "speaker"

    relations = frame_of(data, "relations")
    if relations.empty:
        return no_data_axes(ax, title, xlabel, ylabel)
    require_columns(relations, ["speaker", "target", *columns[value]], "relations")

    counts = sum(as_counts(relations[column]) for column in columns[value])
    edges = pd.DataFrame({
        "speaker": as_names(relations["speaker"]).to_numpy(),
        "target": as_names(relations["target"]).to_numpy(),
        "count": pd.Series(counts).to_numpy(),
    })
    matrix = edges.pivot_table(index="speaker", columns="target", values="count",
                               aggfunc="sum", fill_value=0)
    n_speakers, n_targets = matrix.shape
    matrix = fold_tail(matrix, top, "speaker")
    matrix = fold_tail(matrix.T, top, "target").T
    n_rows, n_cols = matrix.shape
    # How many rows/columns are named people rather than an "other" bucket.
    named_rows = n_rows - (n_rows < n_speakers)
    named_cols = n_cols - (n_cols < n_targets)

    ax = axes_or_new(ax, (max(6.0, 0.55 * n_cols + 4.0), max(4.0, 0.42 * n_rows + 2.5)))
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
    ax.set_xticks(range(n_cols), [shorten(str(c)) for c in matrix.columns],
                  rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(n_rows), [shorten(str(r)) for r in matrix.index])
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
    check_top(top)
    title = "Who talks about whom"
    relations = frame_of(data, "relations")
    if relations.empty:
        return no_data_axes(ax, title)
    require_columns(relations, ["speaker", "target", "n_quotes", "n_claims"], "relations")

    import networkx as nx

    edges = pd.DataFrame({
        "speaker": as_names(relations["speaker"]).to_numpy(),
        "target": as_names(relations["target"]).to_numpy(),
        "weight": (as_counts(relations["n_quotes"]) + as_counts(relations["n_claims"])).to_numpy(),
    })
    edges = edges[edges["speaker"] != edges["target"]]
    if edges.empty:
        return no_data_axes(ax, title)
    edges = edges.groupby(["speaker", "target"], as_index=False)["weight"].sum()

    strength = pd.concat([
        edges.groupby("speaker")["weight"].sum(), edges.groupby("target")["weight"].sum()
    ]).groupby(level=0).sum()
    ranked = rank_labels(strength)
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
        mentions = (pd.DataFrame({"name": as_names(entities["name"]).to_numpy(),
                                  "n": as_counts(entities["n_mentions"]).to_numpy()})
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

    ax = axes_or_new(ax, (10.0, 8.0))
    heaviest = max((w for _, _, w in graph.edges(data="weight")), default=1) or 1
    widths = [0.8 + 4.5 * w / heaviest for _, _, w in graph.edges(data="weight")]
    nx.draw_networkx_edges(graph, pos, ax=ax, nodelist=nodes, node_size=node_sizes,
                           width=widths, edge_color="#555555", alpha=0.55, arrows=True,
                           arrowstyle="-|>", arrowsize=14, connectionstyle="arc3,rad=0.12")
    nx.draw_networkx_nodes(graph, pos, ax=ax, nodelist=nodes, node_size=node_sizes,
                           node_color=node_colors, alpha=0.85, linewidths=0.8,
                           edgecolors="white")
    nx.draw_networkx_labels(graph, pos, ax=ax,
                            labels={node: shorten(node, 24) for node in nodes},
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
