"""Quotes over time: lines of quotes per period for the top speakers
(:func:`quotes_over_time`), dated by their article's ``published``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit.plot.common import as_names, axes_or_new, check_top, fold_tail, no_data_axes, shorten
from toolkit.queries import counted_quotes, frame_of, plural, require_columns

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["quotes_over_time"]

_FREQ_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
# Offset aliases people type for resample() mean the same periods here.
_FREQ_ALIASES = {"ME": "M", "MS": "M", "QE": "Q", "QS": "Q", "YE": "Y", "YS": "Y", "A": "Y"}


def quotes_over_time(
    data: Any,
    *,
    articles: pd.DataFrame | None = None,
    freq: str = "M",
    top: int | None = 5,
    ax: Axes | None = None,
    cue_classes: Collection[str] | None = ("speech",),
    include_unresolved: bool = False,
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
    check_top(top)
    period = _FREQ_ALIASES.get(freq, freq)
    unit = _FREQ_NAMES.get(period, period)
    title = "Quotes over time" + ("" if top is None else f", top {top} speakers")
    xlabel, ylabel = f"published ({unit})", f"quotes per {unit}"

    quotes = counted_quotes(frame_of(data, "quotes"), cue_classes,
                            include_unresolved=include_unresolved)
    if articles is None:
        if isinstance(data, pd.DataFrame):
            raise TypeError("quotes_over_time needs the articles frame to date quotes: "
                            "pass an Analysis or articles=...")
        articles = frame_of(data, "articles")
    if quotes.empty:
        return no_data_axes(ax, title, xlabel, ylabel)
    require_columns(quotes, ["article_id", "speaker"], "quotes")
    require_columns(articles, ["article_id", "published"], "articles")

    published = pd.to_datetime(articles["published"], errors="coerce")
    if getattr(published.dt, "tz", None) is not None:
        published = published.dt.tz_localize(None)
    dates = (pd.DataFrame({"article_id": articles["article_id"].astype("object").to_numpy(),
                           "published": published.to_numpy()})
             .drop_duplicates("article_id"))
    dated = pd.DataFrame({"article_id": quotes["article_id"].astype("object").to_numpy(),
                          "speaker": as_names(quotes["speaker"]).to_numpy()})
    dated = dated.merge(dates, on="article_id", how="left")
    undated = dated[dated["published"].isna()]
    dated = dated[dated["published"].notna()]
    if len(undated):
        title += (f"\n({plural(len(undated), 'quote')} from "
                  f"{plural(undated['article_id'].nunique(), 'undated article')} left out)")
    if dated.empty:
        return no_data_axes(ax, title, xlabel, ylabel)

    dated = dated.assign(period=dated["published"].dt.to_period(period))
    table = pd.crosstab(dated["speaker"], dated["period"])
    n_speakers = len(table)
    table = fold_tail(table, top, "speaker")
    periods = pd.period_range(dated["period"].min(), dated["period"].max(), freq=period)
    table = table.reindex(columns=periods, fill_value=0)
    x = periods.to_timestamp()

    import matplotlib.dates as mdates

    ax = axes_or_new(ax, (9.0, 4.5))
    colors = iter(["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
                   "#F0E442", "#000000"] * ((len(table) // 8) + 1))
    n_named = len(table) if n_speakers == len(table) else len(table) - 1
    for i, (speaker, counts) in enumerate(table.iterrows()):
        is_other = i >= n_named
        ax.plot(x, [int(c) for c in counts], label=shorten(str(speaker)),
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
