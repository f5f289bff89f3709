"""Webhooks in: receivers verify, store and acknowledge (``receivers``); workers process the
stored events later (``processing``), through the shared work-queue engine."""
