"""Recount: find sentences that repeat known figure claims and compare their figures with the sources."""

__version__ = "0.1.0"
