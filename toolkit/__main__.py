"""`python -m toolkit` runs the command-line interface."""

from toolkit.cli import main

raise SystemExit(main())
