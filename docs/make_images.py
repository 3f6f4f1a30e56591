"""Draw the README's chart images from the seed article.

Regenerate them (from the repository root) after changing the toolkit or the charts:

    .venv/bin/python docs/make_images.py

It analyses ``seeds/`` and writes one PNG per chart of :mod:`toolkit.plot` to
``docs/images/`` (``--corpus PATH`` and ``--out DIR`` draw another corpus elsewhere).
The seed article carries no date, so its "quotes over time" chart says "no data";
give a dated corpus to see lines.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# file name -> (chart function, keyword arguments, figure size in inches)
CHARTS = {
    "who_about_whom.png": ("who_about_whom", {}, (8.0, 4.5)),
    "quote_network.png": ("quote_network", {"seed": 0}, (8.0, 6.0)),
    "top_speakers.png": ("top_speakers", {}, (8.0, 3.5)),
    "quotes_over_time.png": ("quotes_over_time", {"freq": "M"}, (9.0, 4.5)),
    "claims_by_claimant.png": ("claims_by_claimant", {}, (8.0, 3.5)),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(ROOT / "seeds"), help="default: seeds/")
    parser.add_argument("--out", default=str(ROOT / "docs" / "images"),
                        help="default: docs/images/")
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import toolkit as tk
    from toolkit import plot

    result = tk.analyze(tk.load_articles(args.corpus), progress=False)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for filename, (name, kwargs, figsize) in CHARTS.items():
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        getattr(plot, name)(result, ax=ax, **kwargs)
        # no "Software" (matplotlib version) stamp: same chart, same bytes
        fig.savefig(out / filename, dpi=100, metadata={"Software": None})
        plt.close(fig)
        print(f"wrote {out.name}/{filename}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
