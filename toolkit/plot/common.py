"""What every chart of :mod:`toolkit.plot` shares: the colours, a new Axes or the
caller's, the "no data" Axes, names and counts read from a frame, long tails folded
into one "other" row, and stacked horizontal bars.

Examples
--------
>>> import pandas as pd
>>> table = pd.DataFrame({"n": [5, 1, 1, 2]}, index=["Ann", "Bob", "Cy", "Dee"])
>>> fold_tail(table, 2, "speaker")["n"].to_dict()
{'Ann': 5, 'Dee': 2, 'other (2 speakers)': 2}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from toolkit.queries import UNATTRIBUTED, plural

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "BAND_COLORS", "EXTRA_COLOR", "KIND_COLORS", "NO_DATA", "SPEAKER_COLOR", "TARGET_COLOR",
    "UNATTRIBUTED", "as_counts", "as_names", "axes_or_new", "barh_stacked", "check_top",
    "fold_tail", "no_data_axes", "rank_labels", "shorten",
]

NO_DATA = "no data"

# Okabe-Ito colours: distinguishable for the common forms of colour blindness.
KIND_COLORS = {"direct": "#0072B2", "indirect": "#E69F00", "mixed": "#009E73"}
EXTRA_COLOR = "#999999"
SPEAKER_COLOR = "#0072B2"
TARGET_COLOR = "#E69F00"
# Check-worthiness bands, light to dark; "unscored" for claims without a score.
BAND_COLORS = {"low": "#fdd49e", "medium": "#fc8d59", "high": "#b30000", "unscored": "#bdbdbd"}


# --------------------------------------------------------------------------- helpers


def check_top(top: int | None) -> None:
    """Raise ValueError unless ``top`` (how many rows a chart shows) is a positive int or
    None."""
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ValueError(f"top must be a positive integer or None, got {top!r}")


def axes_or_new(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new figure of ``figsize`` (matplotlib imported here)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def no_data_axes(ax: Axes | None, title: str, xlabel: str = "", ylabel: str = "") -> Axes:
    """An Axes with the chart's title and labels and a centred "no data" note."""
    ax = axes_or_new(ax, (6.0, 4.0))
    ax.text(0.5, 0.5, NO_DATA, ha="center", va="center", transform=ax.transAxes,
            fontsize=12, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def shorten(name: str, width: int = 28) -> str:
    """Cut long names in the middle so tick labels do not eat the plot, keeping both
    ends, which is where two long names sharing a prefix differ.

    >>> shorten("Wikinews (en.wikinews.org), via data/wikinews_2019.csv", 24)
    'Wikinews (en…ws_2019.csv'
    """
    if len(name) <= width:
        return name
    head = (width - 1) // 2 + (width - 1) % 2
    tail = width - 1 - head
    return name[:head].rstrip() + "…" + name[len(name) - tail :]


def as_names(series: pd.Series) -> pd.Series:
    """Names as plain Python strings, missing ones as "(unattributed)"."""
    return series.astype("object").where(series.notna(), UNATTRIBUTED).astype(str)


def as_counts(series: pd.Series) -> pd.Series:
    """Counts as int64, anything missing or not a number as 0."""
    return pd.to_numeric(series, errors="coerce").fillna(0).astype("int64")


def rank_labels(totals: pd.Series) -> list[str]:
    """Index labels by descending total, ties broken by name (deterministic)."""
    return sorted(totals.index, key=lambda label: (-totals[label], str(label)))


def fold_tail(table: pd.DataFrame, top: int | None, noun: str) -> pd.DataFrame:
    """Rows ordered by total; beyond ``top`` they are summed into one "other" row.

    A single leftover row is shown as itself (an "other" of one says less), so the
    result has at most ``top + 1`` rows either way.
    """
    order = rank_labels(table.sum(axis=1))
    if top is None or len(order) <= top + 1:
        return table.loc[order]
    keep, rest = order[:top], order[top:]
    other = table.loc[rest].sum(axis=0).rename(f"other ({plural(len(rest), noun)})")
    return pd.concat([table.loc[keep], other.to_frame().T])


def barh_stacked(ax: Axes, table: pd.DataFrame, colors: dict[str, str]) -> None:
    """Horizontal bars stacked by ``table``'s columns, first row at the top."""
    positions = list(range(len(table)))
    left = [0] * len(table)
    for column in table.columns:
        widths = [int(value) for value in table[column]]
        ax.barh(positions, widths, left=left, label=str(column),
                color=colors.get(str(column), EXTRA_COLOR), edgecolor="white", linewidth=0.5)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(positions, [shorten(str(label)) for label in table.index])
    ax.set_ylim(len(table) - 0.5, -0.5)  # largest on top
    ax.margins(x=0.08)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
