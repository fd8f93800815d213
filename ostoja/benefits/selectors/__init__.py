"""What the benefits' pages read: always through the access policy."""
