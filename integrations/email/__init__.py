"""Email out: the sandbox mailbox backend (``backend``) and its pages (``views``, ``urls``);
the messages themselves are sent by outbox handlers."""
