"""`python -m vhsheaven`."""

from vhsheaven.entry import main

raise SystemExit(main())
