"""Command-line plumbing shared by every command: config flags, logging, one-line errors (common)."""
