"""Bar charts of the most frequent: quotes per speaker by kind (:func:`top_speakers`),
claims per claimant by check-worthiness band (:func:`claims_by_claimant`) and mentions
per entity (:func:`top_entities`).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit.frames import QUOTE_KINDS
from toolkit.plot.common import (
    BAND_COLORS,
    EXTRA_COLOR,
    KIND_COLORS,
    as_counts,
    as_names,
    axes_or_new,
    barh_stacked,
    check_top,
    fold_tail,
    no_data_axes,
    rank_labels,
    shorten,
)
from toolkit.queries import counted_quotes, frame_of, require_columns

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["top_speakers", "claims_by_claimant", "top_entities"]


def top_speakers(data: Any, *, top: int | None = 15, ax: Axes | None = None,
                 cue_classes: Collection[str] | None = ("speech",),
                 include_unresolved: bool = False) -> Axes:
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
    include_unresolved : bool
        Also count speakers that stayed a phrase ("officials"); by default only
        speakers resolved to an entity are charted.

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
    check_top(top)
    title, xlabel, ylabel = "Who is quoted most", "quotes", "speaker"
    quotes = counted_quotes(frame_of(data, "quotes"), cue_classes,
                            include_unresolved=include_unresolved)
    if quotes.empty:
        return no_data_axes(ax, title, xlabel, ylabel)
    require_columns(quotes, ["speaker", "kind"], "quotes")

    frame = pd.DataFrame({"speaker": as_names(quotes["speaker"]).to_numpy(),
                          "kind": quotes["kind"].astype("object").fillna("unknown")
                          .astype(str).to_numpy()})
    table = pd.crosstab(frame["speaker"], frame["kind"])
    kinds = [k for k in QUOTE_KINDS] + sorted(set(table.columns) - set(QUOTE_KINDS))
    table = fold_tail(table.reindex(columns=kinds, fill_value=0), top, "speaker")

    ax = axes_or_new(ax, (8.0, max(3.0, 0.36 * len(table) + 1.6)))
    barh_stacked(ax, table, KIND_COLORS)
    for position, total in enumerate(table.sum(axis=1)):
        ax.annotate(str(int(total)), (int(total), position), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.legend(title="kind", loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8,
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
    check_top(top)
    low, high = bands
    if not 0.0 <= low <= high <= 1.0:
        raise ValueError(f"bands must be two thresholds 0 <= low <= high <= 1, got {bands!r}")
    title = "Claims by claimant, by check-worthiness"
    xlabel, ylabel = "claims", "claimant"
    claims = frame_of(data, "claims")
    if claims.empty:
        return no_data_axes(ax, title, xlabel, ylabel)
    require_columns(claims, ["claimant", "checkworthiness"], "claims")

    score = pd.to_numeric(claims["checkworthiness"], errors="coerce").astype("float64")
    band = pd.Series("unscored", index=score.index, dtype="object")
    band[score < low] = "low"
    band[(score >= low) & (score < high)] = "medium"
    band[score >= high] = "high"
    frame = pd.DataFrame({"claimant": as_names(claims["claimant"]).to_numpy(),
                          "band": band.to_numpy(), "score": score.to_numpy()})
    table = pd.crosstab(frame["claimant"], frame["band"])
    table = table.reindex(columns=list(BAND_COLORS), fill_value=0)
    table = fold_tail(table, top, "claimant")

    # Mean score per shown row; the "other" row averages over all folded claims.
    means = frame.groupby("claimant")["score"].mean()
    folded = frame.loc[~frame["claimant"].isin(table.index), "score"]

    ax = axes_or_new(ax, (8.0, max(3.0, 0.36 * len(table) + 1.6)))
    barh_stacked(ax, table, BAND_COLORS)
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
    check_top(top)
    title, xlabel, ylabel = "Most mentioned entities", "mentions", "entity"
    entities = frame_of(data, "entities")
    if entities.empty:
        return no_data_axes(ax, title, xlabel, ylabel)
    require_columns(entities, ["name", "label", "n_mentions"], "entities")

    frame = pd.DataFrame({
        "name": as_names(entities["name"]).to_numpy(),
        "label": entities["label"].astype("object").fillna("?").astype(str).to_numpy(),
        "n": as_counts(entities["n_mentions"]).to_numpy(),
    })
    if labels is not None:
        frame = frame[frame["label"].isin(labels)]
        title += f" ({', '.join(labels)})"
    if frame.empty:
        return no_data_axes(ax, title, xlabel, ylabel)
    # The same name under two labels stays two bars: "Washington" GPE vs PERSON.
    frame = frame.groupby(["name", "label"], as_index=False)["n"].sum()
    frame = frame.sort_values(["n", "name", "label"], ascending=[False, True, True],
                              kind="mergesort")
    shown = frame if top is None else frame.head(top)
    if len(shown) < len(frame):
        title += f" (top {len(shown)} of {len(frame)})"

    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442"]
    by_count = shown.groupby("label")["n"].sum()
    order = rank_labels(by_count)
    colors = {label: palette[i] if i < len(palette) else EXTRA_COLOR
              for i, label in enumerate(order)}

    ax = axes_or_new(ax, (8.0, max(3.0, 0.32 * len(shown) + 1.6)))
    positions = list(range(len(shown)))
    for label in order:
        mask = (shown["label"] == label).to_numpy()
        ax.barh([p for p, m in zip(positions, mask, strict=True) if m],
                shown.loc[mask, "n"].tolist(), color=colors[label], label=label)
    for position, n in zip(positions, shown["n"], strict=True):
        ax.annotate(str(int(n)), (int(n), position), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(positions, [shorten(name) for name in shown["name"]])
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
