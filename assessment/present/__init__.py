"""Presentation: words, units, colours and rows of text made from an assessment, for every output."""
