"""Tests for toolkit.plot: every chart is checked against numbers recomputed from its frame."""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from toolkit import plot  # noqa: E402
from toolkit.frames import make_frame  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _render(ax) -> None:
    """Draw the figure so layout/arrow code paths run, not just artist creation."""
    ax.figure.canvas.draw()


def _ranked(totals: pd.Series) -> list[str]:
    return sorted(totals.index, key=lambda name: (-totals[name], name))


def _ytick_labels(ax) -> list[str]:
    return [label.get_text() for label in ax.get_yticklabels()]


def _xtick_labels(ax) -> list[str]:
    return [label.get_text() for label in ax.get_xticklabels()]


def _has_no_data(ax) -> bool:
    return any(text.get_text() == "no data" for text in ax.texts)


# ----------------------------------------------------------------------------- data

SMALL_RELATIONS = [
    {"speaker": "Ann Lee", "target": "Bob Roy", "n_quotes": 2, "n_claims": 1},
    {"speaker": "Ann Lee", "target": "Cy Dee", "n_quotes": 1, "n_claims": 0},
    {"speaker": "Bob Roy", "target": "Ann Lee", "n_quotes": 4, "n_claims": 2},
    {"speaker": "Cy Dee", "target": "Bob Roy", "n_quotes": 0, "n_claims": 1},
    {"speaker": "Cy Dee", "target": "Dan Fox", "n_quotes": 1, "n_claims": 1},
]


def small_relations() -> pd.DataFrame:
    return make_frame("relations", SMALL_RELATIONS)


def many_relations(n_speakers: int = 200, n_targets: int = 40) -> pd.DataFrame:
    """Deterministic synthetic relations: 200 speakers, uneven counts, some ties."""
    rows = []
    for i in range(n_speakers):
        for k in range(1 + i % 3):
            rows.append({
                "speaker": f"Speaker {i:03d}",
                "target": f"Target {(i * 7 + k * 11) % n_targets:02d}",
                "n_quotes": (i * 13 + k) % 5,
                "n_claims": (i + k) % 3,
            })
    return make_frame("relations", rows)


def small_quotes() -> pd.DataFrame:
    rows = [
        ("q1", "a1", "Ann Lee", "direct"),
        ("q2", "a1", "Ann Lee", "indirect"),
        ("q3", "a2", "Ann Lee", "direct"),
        ("q4", "a2", "Bob Roy", "mixed"),
        ("q5", "a3", "Bob Roy", "direct"),
        ("q6", "a3", None, "indirect"),
        ("q7", "a4", "Cy Dee", "direct"),
    ]
    return make_frame("quotes", [
        {"quote_id": q, "article_id": a, "speaker": s, "kind": k} for q, a, s, k in rows
    ])


def small_articles() -> pd.DataFrame:
    return make_frame("articles", [
        {"article_id": "a1", "published": "2024-01-10"},
        {"article_id": "a2", "published": "2024-03-02"},
        {"article_id": "a3", "published": "2024-03-28"},
        {"article_id": "a4", "published": None},
    ])


def many_quotes(n_speakers: int = 200) -> pd.DataFrame:
    kinds = ["direct", "indirect", "mixed"]
    rows = []
    for i in range(n_speakers):
        for k in range(1 + (i * 7) % 6):
            rows.append({"quote_id": f"q{i}-{k}", "article_id": f"a{(i + k) % 12}",
                         "speaker": f"Speaker {i:03d}", "kind": kinds[(i + k) % 3]})
    return make_frame("quotes", rows)


def many_articles() -> pd.DataFrame:
    return make_frame("articles", [
        {"article_id": f"a{m}", "published": f"2023-{m + 1:02d}-15"} for m in range(12)
    ])


def small_claims() -> pd.DataFrame:
    rows = [
        ("c1", "Ann Lee", 0.9),
        ("c2", "Ann Lee", 0.1),
        ("c3", "Ann Lee", 0.5),
        ("c4", "Bob Roy", 0.7),
        ("c5", None, 0.2),
        ("c6", "Bob Roy", None),
    ]
    return make_frame("claims", [
        {"claim_id": c, "claimant": who, "checkworthiness": score} for c, who, score in rows
    ])


def many_claims(n_claimants: int = 200) -> pd.DataFrame:
    rows = []
    for i in range(n_claimants):
        for k in range(1 + (i * 5) % 4):
            rows.append({"claim_id": f"c{i}-{k}", "claimant": f"Claimant {i:03d}",
                         "checkworthiness": ((i * 31 + k * 17) % 100) / 100})
    return make_frame("claims", rows)


def analysis() -> SimpleNamespace:
    """Anything with the frames as attributes works like an Analysis."""
    return SimpleNamespace(
        relations=small_relations(),
        quotes=small_quotes(),
        articles=small_articles(),
        claims=small_claims(),
        entities=make_frame("entities", [
            {"entity_id": "e1", "name": "Ann Lee", "n_mentions": 3},
            {"entity_id": "e2", "name": "Bob Roy", "n_mentions": 12},
            {"entity_id": "e3", "name": "Cy Dee", "n_mentions": 1},
        ]),
    )


# ----------------------------------------------------------------------------- who_about_whom


def _annotations(ax) -> dict[tuple[int, int], int]:
    """Heatmap annotations by (row, column) cell."""
    cells = {}
    for text in ax.texts:
        x, y = text.get_position()
        cells[(int(round(y)), int(round(x)))] = int(text.get_text())
    return cells


def test_who_about_whom_cells_match_frame():
    relations = small_relations()
    ax = plot.who_about_whom(relations)
    _render(ax)

    assert ax.get_title() == "Who said what about whom"
    assert ax.get_xlabel() and ax.get_ylabel() == "speaker"

    totals = relations["n_quotes"].astype(int) + relations["n_claims"].astype(int)
    cells = (relations.assign(total=totals)
             .groupby(["speaker", "target"])["total"].sum())
    speakers = _ranked(cells.groupby(level="speaker").sum())
    targets = _ranked(cells.groupby(level="target").sum())
    assert _ytick_labels(ax) == speakers
    assert _xtick_labels(ax) == targets
    assert ax.images[0].get_array().shape == (len(speakers), len(targets))

    expected = {(speakers.index(s), targets.index(t)): int(v)
                for (s, t), v in cells.items() if v}
    assert _annotations(ax) == expected


def test_who_about_whom_value_option():
    relations = small_relations()
    ax = plot.who_about_whom(relations, value="n_claims")
    assert sum(_annotations(ax).values()) == int(relations["n_claims"].sum())
    with pytest.raises(ValueError, match="value"):
        plot.who_about_whom(relations, value="bogus")


def test_who_about_whom_folds_hundreds_of_speakers_into_other():
    relations = many_relations()
    ax = plot.who_about_whom(relations, top=15)
    _render(ax)

    totals = relations["n_quotes"].astype(int) + relations["n_claims"].astype(int)
    frame = relations.assign(total=totals)
    speakers = _ranked(frame.groupby("speaker")["total"].sum())
    targets = _ranked(frame.groupby("target")["total"].sum())
    n_speakers, n_targets = len(speakers), len(targets)
    assert n_speakers == 200

    rows, cols = _ytick_labels(ax), _xtick_labels(ax)
    assert rows == speakers[:15] + [f"other ({n_speakers - 15} speakers)"]
    assert cols == targets[:15] + [f"other ({n_targets - 15} targets)"]
    assert ax.images[0].get_array().shape == (16, 16)

    cells = _annotations(ax)
    # every count in the frame is somewhere in the picture
    assert sum(cells.values()) == int(totals.sum())
    # the "other" row is exactly the folded speakers' counts per shown target
    folded = frame[~frame["speaker"].isin(speakers[:15])]
    for j, target in enumerate(targets[:15]):
        expected = int(folded.loc[folded["target"] == target, "total"].sum())
        assert cells.get((15, j), 0) == expected
    # and the corner is the folded speakers about the folded targets
    corner = folded[~folded["target"].isin(targets[:15])]["total"].sum()
    assert cells.get((15, 15), 0) == int(corner)


def test_who_about_whom_accepts_analysis_and_existing_ax():
    fig, ax = plt.subplots()
    returned = plot.who_about_whom(analysis(), ax=ax)
    assert returned is ax
    assert ax.images


def test_who_about_whom_missing_names_are_unattributed():
    relations = make_frame("relations", [
        {"speaker": None, "target": "Bob Roy", "n_quotes": 1, "n_claims": 0},
        {"speaker": "Ann Lee", "target": "Bob Roy", "n_quotes": 1, "n_claims": 1},
    ])
    ax = plot.who_about_whom(relations)
    assert "(unattributed)" in _ytick_labels(ax)


# ----------------------------------------------------------------------------- quote_network


def test_quote_network_labels_nodes_and_draws_every_edge():
    relations = small_relations()
    ax = plot.quote_network(relations)
    _render(ax)

    assert ax.get_title() == "Who talks about whom"
    names = set(relations["speaker"]) | set(relations["target"])
    labels = [text.get_text() for text in ax.texts]
    assert sorted(labels) == sorted(names)
    arrows = [patch for patch in ax.patches if isinstance(patch, FancyArrowPatch)]
    pairs = relations[["speaker", "target"]].drop_duplicates()
    assert len(arrows) == len(pairs)
    nodes = ax.collections[0]
    assert len(nodes.get_offsets()) == len(names)


def test_quote_network_edge_width_follows_counts():
    relations = small_relations()
    ax = plot.quote_network(relations)
    arrows = [patch for patch in ax.patches if isinstance(patch, FancyArrowPatch)]
    # edges are drawn in sorted (speaker, target) order
    weights = (relations.assign(w=relations["n_quotes"] + relations["n_claims"])
               .sort_values(["speaker", "target"])["w"].astype(int).tolist())
    widths = [arrow.get_linewidth() for arrow in arrows]
    heaviest = weights.index(max(weights))
    lightest = weights.index(min(weights))
    assert widths[heaviest] == max(widths)
    assert widths[lightest] == min(widths)


def test_quote_network_node_size_from_entity_mentions():
    data = analysis()
    ax = plot.quote_network(data)
    sizes = dict(zip(sorted(["Ann Lee", "Bob Roy", "Cy Dee", "Dan Fox"]),
                     ax.collections[0].get_sizes(), strict=True))
    # Bob Roy has the most mentions, Dan Fox is not an entity at all
    assert max(sizes, key=sizes.get) == "Bob Roy"
    assert min(sizes, key=sizes.get) == "Dan Fox"
    assert "mentions" in ax.get_xlabel()


def test_quote_network_is_deterministic():
    first = plot.quote_network(many_relations(), seed=3)
    second = plot.quote_network(many_relations(), seed=3)
    assert (first.collections[0].get_offsets() == second.collections[0].get_offsets()).all()


def test_quote_network_top_n_with_many_speakers():
    relations = many_relations()
    ax = plot.quote_network(relations, top=30)
    _render(ax)
    labels = [text.get_text() for text in ax.texts]
    assert len(labels) == 30
    n_nodes = len(set(relations["speaker"]) | set(relations["target"]))
    assert ax.get_title() == f"Who talks about whom (top 30 of {n_nodes})"
    shown = set(labels)
    expected_edges = relations[relations["speaker"].isin(shown) & relations["target"].isin(shown)]
    arrows = [patch for patch in ax.patches if isinstance(patch, FancyArrowPatch)]
    assert len(arrows) == len(expected_edges[["speaker", "target"]].drop_duplicates())


def test_quote_network_skips_self_loops():
    relations = make_frame("relations", [
        {"speaker": "Ann Lee", "target": "Ann Lee", "n_quotes": 3, "n_claims": 0},
        {"speaker": "Ann Lee", "target": "Bob Roy", "n_quotes": 1, "n_claims": 0},
    ])
    ax = plot.quote_network(relations)
    assert sum(isinstance(p, FancyArrowPatch) for p in ax.patches) == 1
    only_self = plot.quote_network(relations.iloc[:1])
    assert _has_no_data(only_self)


# ----------------------------------------------------------------------------- top_speakers


def _bars(ax) -> dict[str, list[int]]:
    return {bars.get_label(): [int(v) for v in bars.datavalues] for bars in ax.containers}


def test_top_speakers_bars_match_quotes_per_speaker_and_kind():
    quotes = small_quotes()
    ax = plot.top_speakers(quotes)
    _render(ax)

    assert ax.get_title() == "Who is quoted most"
    assert ax.get_xlabel() == "quotes" and ax.get_ylabel() == "speaker"
    speakers = quotes["speaker"].astype(object).where(quotes["speaker"].notna(),
                                                      "(unattributed)")
    table = pd.crosstab(speakers, quotes["kind"])
    order = _ranked(table.sum(axis=1))
    assert _ytick_labels(ax) == order
    bars = _bars(ax)
    assert list(bars) == ["direct", "indirect", "mixed"]
    for kind, values in bars.items():
        assert values == [int(table.loc[s, kind]) if kind in table else 0 for s in order]


def test_top_speakers_folds_other_for_200_speakers():
    quotes = many_quotes()
    ax = plot.top_speakers(quotes, top=15)
    _render(ax)

    counts = quotes.groupby("speaker").size()
    order = _ranked(counts)
    assert _ytick_labels(ax) == order[:15] + ["other (185 speakers)"]
    bars = _bars(ax)
    totals = [sum(column) for column in zip(*bars.values(), strict=True)]
    assert totals[:15] == [int(counts[s]) for s in order[:15]]
    assert totals[15] == int(counts[order[15:]].sum())
    assert sum(totals) == len(quotes)
    folded = quotes[quotes["speaker"].isin(order[15:])]
    for kind in ("direct", "indirect", "mixed"):
        assert bars[kind][15] == int((folded["kind"] == kind).sum())


def test_top_speakers_one_leftover_is_shown_by_name():
    quotes = small_quotes()
    ax = plot.top_speakers(quotes, top=3)  # 4 speakers: the 4th shows as itself
    assert len(_ytick_labels(ax)) == 4
    assert not any(label.startswith("other") for label in _ytick_labels(ax))
    ax = plot.top_speakers(quotes, top=2)
    assert _ytick_labels(ax)[-1] == "other (2 speakers)"


def test_top_speakers_rejects_bad_top():
    with pytest.raises(ValueError, match="top"):
        plot.top_speakers(small_quotes(), top=0)


# ----------------------------------------------------------------------------- quotes_over_time


def test_quotes_over_time_counts_per_month_and_notes_undated():
    data = analysis()
    ax = plot.quotes_over_time(data, freq="M", top=5)
    _render(ax)

    title = ax.get_title()
    assert title.startswith("Quotes over time")
    # article a4 has no date and holds one quote (q7)
    assert "1 quote from 1 undated article left out" in title
    assert ax.get_xlabel() == "published (month)"
    assert ax.get_ylabel() == "quotes per month"

    lines = {line.get_label(): [int(y) for y in line.get_ydata()] for line in ax.get_lines()}
    # Jan, Feb, Mar 2024 (Feb has no quotes and counts zero)
    assert lines == {
        "Ann Lee": [2, 0, 1],
        "Bob Roy": [0, 0, 2],
        "(unattributed)": [0, 0, 1],
    }
    months = pd.to_datetime(ax.get_lines()[0].get_xdata()).strftime("%Y-%m").tolist()
    assert months == ["2024-01", "2024-02", "2024-03"]


def test_quotes_over_time_takes_frame_plus_articles():
    ax = plot.quotes_over_time(small_quotes(), articles=small_articles(), freq="Q")
    lines = {line.get_label(): [int(y) for y in line.get_ydata()] for line in ax.get_lines()}
    assert lines["Ann Lee"] == [3]
    assert ax.get_xlabel() == "published (quarter)"
    with pytest.raises(TypeError, match="articles"):
        plot.quotes_over_time(small_quotes())


def test_quotes_over_time_top_and_other_line():
    quotes, articles = many_quotes(), many_articles()
    ax = plot.quotes_over_time(quotes, articles=articles, top=5)
    _render(ax)
    lines = ax.get_lines()
    counts = quotes.groupby("speaker").size()
    order = _ranked(counts)
    assert [line.get_label() for line in lines] == order[:5] + ["other (195 speakers)"]
    assert lines[-1].get_linestyle() == "--"
    assert sum(sum(line.get_ydata()) for line in lines) == len(quotes)
    assert "left out" not in ax.get_title()


def test_quotes_over_time_all_undated_is_no_data():
    articles = make_frame("articles", [{"article_id": "a1"}])
    quotes = make_frame("quotes", [{"quote_id": "q1", "article_id": "a1", "speaker": "Ann"}])
    ax = plot.quotes_over_time(quotes, articles=articles)
    assert _has_no_data(ax)
    assert "1 quote from 1 undated article left out" in ax.get_title()


# ----------------------------------------------------------------------------- claims_by_claimant


def test_claims_by_claimant_bands_match_frame():
    claims = small_claims()
    ax = plot.claims_by_claimant(claims)
    _render(ax)

    assert ax.get_title().startswith("Claims by claimant")
    assert ax.get_xlabel() == "claims" and ax.get_ylabel() == "claimant"
    assert _ytick_labels(ax) == ["Ann Lee", "Bob Roy", "(unattributed)"]
    assert _bars(ax) == {
        "low": [1, 0, 1],
        "medium": [1, 0, 0],
        "high": [1, 1, 0],
        "unscored": [0, 1, 0],
    }
    notes = [text.get_text() for text in ax.texts]
    assert notes == ["3  (mean 0.50)", "2  (mean 0.70)", "1  (mean 0.20)"]


def test_claims_by_claimant_folds_other():
    claims = many_claims()
    ax = plot.claims_by_claimant(claims, top=15)
    counts = claims.groupby("claimant").size()
    order = _ranked(counts)
    assert _ytick_labels(ax) == order[:15] + ["other (185 claimants)"]
    totals = [sum(column) for column in zip(*_bars(ax).values(), strict=True)]
    assert totals[15] == int(counts[order[15:]].sum())
    folded = claims.loc[claims["claimant"].isin(order[15:]), "checkworthiness"]
    assert ax.texts[15].get_text().endswith(f"(mean {folded.mean():.2f})")


# ----------------------------------------------------------------------------- all charts

CHARTS = {
    "who_about_whom": (plot.who_about_whom, "relations"),
    "quote_network": (plot.quote_network, "relations"),
    "top_speakers": (plot.top_speakers, "quotes"),
    "quotes_over_time": (plot.quotes_over_time, "quotes"),
    "claims_by_claimant": (plot.claims_by_claimant, "claims"),
}


@pytest.mark.parametrize("name", CHARTS)
def test_empty_frames_give_no_data_axes(name):
    function, frame_name = CHARTS[name]
    empty = SimpleNamespace(**{frame: make_frame(frame) for frame in
                               ("relations", "quotes", "claims", "articles", "entities")})
    ax = function(empty)
    _render(ax)
    assert _has_no_data(ax)
    assert ax.get_title()
    kwargs = {"articles": make_frame("articles")} if name == "quotes_over_time" else {}
    assert _has_no_data(function(make_frame(frame_name), **kwargs))
    # even a frame without columns
    assert _has_no_data(function(pd.DataFrame(), **kwargs))


@pytest.mark.parametrize("name", CHARTS)
def test_inputs_are_not_mutated(name):
    function, _ = CHARTS[name]
    data = analysis()
    before = {key: frame.copy(deep=True) for key, frame in vars(data).items()}
    function(data)
    for key, frame in vars(data).items():
        pd.testing.assert_frame_equal(frame, before[key])


@pytest.mark.parametrize("name", CHARTS)
def test_draws_on_given_ax_and_returns_it(name):
    function, _ = CHARTS[name]
    fig, ax = plt.subplots()
    assert function(analysis(), ax=ax) is ax
    assert len(fig.axes) >= 1


@pytest.mark.parametrize("name", CHARTS)
def test_rejects_objects_without_the_frame(name):
    function, _ = CHARTS[name]
    with pytest.raises(TypeError):
        function(object())


def test_missing_columns_are_reported():
    with pytest.raises(ValueError, match="missing column"):
        plot.top_speakers(pd.DataFrame({"speaker": ["Ann"]}))


def test_module_does_not_import_pyplot_at_import_time():
    import subprocess
    import sys

    code = ("import sys, toolkit.plot; "
            "print('matplotlib' in sys.modules, 'networkx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


# ----------------------------------------------------------------------------- top_entities


def many_entities(n: int = 120) -> pd.DataFrame:
    labels = ["PERSON", "ORG", "GPE", "NORP"]
    return make_frame("entities", [
        {"entity_id": f"e{i}", "name": f"Entity {i:03d}", "label": labels[i % 4],
         "n_mentions": 1 + (i * 7) % 23, "n_articles": 1} for i in range(n)
    ])


def test_top_entities_bars_match_frame_and_note_left_out():
    entities = many_entities()
    ax = plot.top_entities(entities, top=20)
    _render(ax)
    ranked = entities.sort_values(["n_mentions", "name"], ascending=[False, True])
    assert _ytick_labels(ax) == ranked["name"].head(20).tolist()
    heights = {}
    for bars in ax.containers:
        for patch in bars:
            heights[round(patch.get_y() + patch.get_height() / 2)] = int(patch.get_width())
    assert [heights[i] for i in range(20)] == ranked["n_mentions"].head(20).astype(int).tolist()
    assert ax.get_title() == "Most mentioned entities (top 20 of 120)"
    assert {bars.get_label() for bars in ax.containers} <= {"PERSON", "ORG", "GPE", "NORP"}


def test_top_entities_filters_labels():
    ax = plot.top_entities(many_entities(), top=None, labels=("PERSON",))
    assert len(_ytick_labels(ax)) == 30
    assert [bars.get_label() for bars in ax.containers] == ["PERSON"]
    assert _has_no_data(plot.top_entities(many_entities(), labels=("LAW",)))


def test_top_entities_no_data_and_not_mutated():
    assert _has_no_data(plot.top_entities(make_frame("entities")))
    entities = many_entities(10)
    before = entities.copy(deep=True)
    plot.top_entities(entities)
    pd.testing.assert_frame_equal(entities, before)


def test_quote_charts_count_speech_by_default():
    quotes = make_frame("quotes", [
        {"quote_id": "q1", "speaker": "Ann Lee", "kind": "direct", "cue_class": "speech"},
        {"quote_id": "q2", "speaker": "Ann Lee", "kind": "indirect", "cue_class": "belief"},
        {"quote_id": "q3", "speaker": "Bob Roy", "kind": "indirect", "cue_class": "finding"}])
    speech = plot.top_speakers(quotes)
    every = plot.top_speakers(quotes, cue_classes=None)
    assert [t.get_text() for t in speech.get_yticklabels()] == ["Ann Lee"]
    assert [t.get_text() for t in every.get_yticklabels()] == ["Ann Lee", "Bob Roy"]
    assert len(quotes) == 3  # the input is untouched
    plt.close("all")
