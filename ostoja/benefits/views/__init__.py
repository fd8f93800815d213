"""The benefits' pages."""
