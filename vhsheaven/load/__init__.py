"""Reading and checking the site's input: settings, review files, the publication rule."""
