"""Text analysis for the figure engine: sentences with offsets, then the figures in them.

``split_sentences`` cuts page text into ``Sentence`` objects whose offsets point into the
input; ``extract_figures`` finds the numbers a sentence asserts ("nearly 7,000 criminal
illegal aliens"), with their hedge, the interval they imply and the noun they count.
"""

from .figures import Figure, extract_figures
from .sentences import Sentence, split_sentences

__all__ = ["Figure", "Sentence", "extract_figures", "split_sentences"]
