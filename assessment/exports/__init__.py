"""Exports: the Excel report and the printable HTML briefing."""
