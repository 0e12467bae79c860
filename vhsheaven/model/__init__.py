"""The frozen site model built from checked reviews, and the page list it gives."""
