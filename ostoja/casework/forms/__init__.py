"""Social work's forms, one module per area."""
