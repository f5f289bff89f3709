"""What billing announces to the other domain apps, which listen without billing importing them.

``draft_created(invoice=…)`` is sent inside the transaction that made the draft (holding its
matter's lock): the trust app proposes applying cleared trust funds there (PRODUCT.md §3.4), so
no draft can be approved before its proposal exists.
"""

from django.dispatch import Signal

draft_created = Signal()
