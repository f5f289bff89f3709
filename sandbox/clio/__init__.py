"""A local emulator of the Clio Manage API v4, written only from docs/reference/clio-api.md.

It runs as its own process (``python -m sandbox.clio``) with its own SQLite state
and shares no code with Remit's Clio client, so a misreading in one is caught by the other.
"""
