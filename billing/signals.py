"""What billing announces to the other domain apps, which listen without billing importing them.

``draft_created(invoices=[…])`` is sent once per batch of new drafts, inside the transaction
that made them (holding their matters' locks): the trust app proposes applying cleared trust
funds there (PRODUCT.md §3.4), so no draft can be approved before its proposal exists. A
receiver should read set-wide: a batch holds up to a few hundred drafts.
"""

from django.dispatch import Signal

draft_created = Signal()
