"""`python -m vhsheaven`."""

from vhsheaven.launch import main

raise SystemExit(main())
