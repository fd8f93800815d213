"""The screens of social work, one module per area; each view declares what it needs."""
