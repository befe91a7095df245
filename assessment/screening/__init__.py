"""Batch screening: a table of clusters, each judged against every policy."""
