"""Step 2 of the engine: candidate claims for a sentence from an inverted index."""
