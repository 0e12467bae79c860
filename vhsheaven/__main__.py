"""`python -m vhsheaven`."""

from vhsheaven.cli import main

raise SystemExit(main())
