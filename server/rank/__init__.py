"""Step 3 of the engine: rescore candidate claims and decide which ones match."""
