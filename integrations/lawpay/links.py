"""Payment links: the firm's hosted payment page URL with the invoice pre-filled and locked.

The gateway has no endpoint that creates a one-off "pay $X for reference Y" link (reference §4):
a link is the page's ``public_url`` plus ``amount`` (cents), ``reference``, ``email`` and
``readOnlyFields``. Each processing account has its own page, so the caller picks the
operating page for invoices and the trust page for retainers.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from integrations.lawpay.client import is_loopback_host, reference_check
from integrations.lawpay.money import MoneyError, cents_from_decimal

# A link cannot be withdrawn: it is the page's URL with pre-filled fields, not a gateway object
# (lawpay-api.md §4), so voiding an invoice tells LawPay nothing; Remit's public page refuses a
# void invoice and a payment that still arrives finds no payable invoice (the unmatched queue).
# Only these are locked: the payer may still correct a pre-filled email.
READ_ONLY_FIELDS = ("amount", "reference")
_OWN_PARAMS = frozenset({"amount", "reference", "email", "readOnlyFields"})


def payment_link_build(
    *,
    public_url: str,
    amount: Decimal,
    reference: str,
    email: str | None = None,
) -> str:
    """``https://secure.lawpay.com/pages/firm/operating?amount=1234&reference=...``."""
    parts = urlsplit(public_url)
    local = parts.scheme == "http" and is_loopback_host(parts.hostname or "")
    if parts.scheme != "https" and not local:
        # Local emulators serve their hosted pages over plain HTTP; real pages are HTTPS.
        raise ValueError(f"Payment page URL {public_url!r} must be an https URL.")
    cents = cents_from_decimal(amount)
    if cents == 0:
        raise MoneyError("A payment link needs an amount greater than zero.")
    reference_check(reference)
    existing = parse_qsl(parts.query, keep_blank_values=True)
    params = [(k, v) for k, v in existing if k not in _OWN_PARAMS]
    params += [("amount", str(cents)), ("reference", reference)]
    if email:
        if any(c.isspace() for c in email) or "@" not in email:
            raise ValueError(f"{email!r} is not an email address.")
        params.append(("email", email))
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params)
    # The comma-separated list is written as the docs show it, not as %2C.
    query += "&readOnlyFields=" + ",".join(READ_ONLY_FIELDS)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
