"""The benefits app's use cases: each write is one service in one transaction."""
