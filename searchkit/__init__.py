"""searchkit: full-text search for news articles."""
