"""Step 4 of the engine: judge each figure of a matched sentence against the sources."""
