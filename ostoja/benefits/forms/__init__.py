"""The benefits' forms."""
