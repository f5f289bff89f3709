"""The transactional outbox: outbound effects recorded with the business change, sent later.

Contract (PRODUCT.md §5, engineering-anchors.md §2.6–2.7):

* ``record.outbox_record`` is called *inside* the business transaction. If that transaction
  rolls back, the message never existed; if it commits, the message is delivered at least once.
  ``dedupe_key`` is unique, so recording the same effect twice is a no-op. It is the one thing
  the domain apps import from ``integrations``, and it imports no HTTP client.
* ``relay`` delivers a message through the handler registered for its ``kind``
  (``registry``). A handler receives the ``OutboxMessage``, returns a JSON-able result dict
  (stored in ``result``), and raises to be retried with backoff; after ``OUTBOX_MAX_ATTEMPTS``
  the message is ``dead`` until replayed.
* **Handlers must be idempotent.** A delivery can run twice: the worker may die after the
  remote call but before the row is marked sent, or the call may time out after the remote
  side acted. So a handler first looks at ``message.result`` (progress it saved), then, where
  the API allows, looks the effect up remotely before creating it (see
  ``handlers/clio_note.py``, which tags each note with the message's key and searches for it).
  A handler can save progress mid-way with ``relay.outbox_message_progress``.
"""
