"""The dev server and the file watcher, at the edge: they call the build core."""
