"""Member-enterprise data: reading a file, checking every cell, aggregating to indicators, templates."""
