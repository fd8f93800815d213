"""The payments app's services: every write of payments goes through one of them."""
