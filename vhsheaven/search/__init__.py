"""Site search: review records, Pagefind's index of them, and the bundle a build writes."""
