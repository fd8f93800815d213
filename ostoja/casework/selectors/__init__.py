"""Reads for the screens, one module per area of social work."""
