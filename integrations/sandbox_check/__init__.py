"""The sandbox check: the end-to-end scenario a firm runs before real money moves
(PRODUCT.md §7), driven through Remit's own services, outbox and inbound processing against
the configured connections (the emulators by default). ``checks.py`` runs it, ``records.py``
keeps each run, ``remote.py`` reads what Clio and LawPay show."""
