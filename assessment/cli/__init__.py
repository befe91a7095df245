"""The command line: `python -m assessment evaluate | aggregate | template | report | ...`."""
