"""`python -m homecheck` runs the command line."""

from homecheck.cli import main

raise SystemExit(main())
