"""The hosted payment page a client pays on (reference §4): a plain HTML form, no JavaScript.

URL pre-fill: name, amount (cents), address1, address2, city, state, postal_code, country,
phone, reference, email, Invoice, and readOnlyFields=<comma list> to lock any of them. Locked
values are enforced here on submit, not only rendered read-only, since a link's amount and
reference are what Remit matches the payment by.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from .charges import charge_create, token_create
from .errors import GatewayError
from .merchant import account_get, page_get
from .store import Store
from .transactions import transaction_serialize

pages = Blueprint("lawpay_pages", __name__)

PREFILL = (
    "amount",
    "reference",
    "Invoice",
    "email",
    "name",
    "address1",
    "address2",
    "city",
    "state",
    "postal_code",
    "country",
    "phone",
)
CARD_INPUTS = ("number", "exp_month", "exp_year", "cvv")
BANK_INPUTS = ("routing_number", "account_number", "account_type")


def _store() -> Store:
    return current_app.extensions["lawpay_store"]


def cents_display(cents: int | None) -> str:
    return "" if cents is None else f"{Decimal(cents) / 100:,.2f}".replace(",", "")


def dollars_to_cents(text: str) -> int | None:
    cleaned = text.replace("$", "").replace(",", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0:
        return None
    return int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _cents_param(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def _prefill(args) -> tuple[dict[str, str], set[str]]:
    values = {field: args.get(field, "") for field in PREFILL}
    values["amount"] = cents_display(_cents_param(args.get("amount")))
    locked_names = {n.strip().lower() for n in args.get("readOnlyFields", "").split(",")}
    locked = {field for field in PREFILL if field.lower() in locked_names and values[field]}
    return values, locked


def _page(merchant: str, page: str):
    try:
        return page_get(_store().connection(), merchant_slug=merchant, page_slug=page)
    except GatewayError:
        abort(404)


def _render(page, values, locked, *, method="card", error=None, status=200):
    conn = _store().connection()
    merchant = conn.execute("SELECT name FROM merchant").fetchone()
    account = account_get(conn, page["merchant_account_id"])
    html = render_template(
        "page.html",
        page=page,
        merchant_name=merchant["name"],
        trust=bool(account["trust_account"]),
        values=values,
        locked=locked,
        method=method,
        error=error,
        action=request.full_path.rstrip("?"),
    )
    return html, status


@pages.get("/pages/<merchant>/<page_slug>")
def page_show(merchant: str, page_slug: str):
    page = _page(merchant, page_slug)
    values, locked = _prefill(request.args)
    return _render(page, values, locked)


def _locked_violation(values, locked, form) -> str | None:
    for field in sorted(locked):
        posted = form.get(field)
        if posted is None:
            continue
        if field == "amount":
            same = dollars_to_cents(posted) == dollars_to_cents(values["amount"])
        else:
            same = posted.strip() == values[field].strip()
        if not same:
            return f"{field} is read-only on this payment link and cannot be changed."
    return None


@pages.post("/pages/<merchant>/<page_slug>")
def page_pay(merchant: str, page_slug: str):
    page = _page(merchant, page_slug)
    values, locked = _prefill(request.args)
    form = request.form
    method = "bank" if form.get("method") == "bank" else "card"
    violation = _locked_violation(values, locked, form)
    submitted = {f: (values[f] if f in locked else form.get(f, "").strip()) for f in PREFILL}
    submitted |= {f: form.get(f, "").strip() for f in CARD_INPUTS + BANK_INPUTS}
    if violation:
        return _render(page, submitted, locked, method=method, error=violation, status=422)
    amount = dollars_to_cents(submitted["amount"])
    if amount is None:
        error = "Enter the amount to pay in dollars, e.g. 125.00."
        return _render(page, submitted, locked, method=method, error=error, status=422)
    details: dict[str, Any] = {"type": method}
    inputs = CARD_INPUTS if method == "card" else BANK_INPUTS
    contact = ("name", "email", "phone", "address1", "address2", "city", "state", "postal_code")
    for field in inputs + contact + ("country",):
        if submitted.get(field):
            details[field] = submitted[field]
    # The real page tokenises what the payer typed (hosted fields) and charges the token, so
    # the data is normalised and judged the way a token is (reference §3 Tokens).
    token = token_create(_store(), body=details)
    body: dict[str, Any] = {
        "amount": amount,
        "method": token["id"],
        "account_id": page["merchant_account_id" if method == "card" else "ach_account_id"],
    }
    if submitted["reference"]:
        body["reference"] = submitted["reference"]
    if submitted["Invoice"]:
        # UNVERIFIED: where the gateway stores the page's Invoice field; kept as custom data.
        body["data"] = {"Invoice": submitted["Invoice"]}
    try:
        charge = charge_create(
            _store(),
            mode=page["mode"],
            body=body,
            settings=current_app.extensions["lawpay_settings"],
        )
    except GatewayError as error:
        message = "; ".join(f"{e.message} ({e.code})" for e in [error, *error.more])
        return _render(page, submitted, locked, method=method, error=message, status=422)
    return redirect(
        url_for(
            "lawpay_pages.page_receipt",
            merchant=merchant,
            page_slug=page_slug,
            transaction_id=charge["id"],
        ),
        code=303,
    )


@pages.get("/pages/<merchant>/<page_slug>/receipts/<transaction_id>")
def page_receipt(merchant: str, page_slug: str, transaction_id: str):
    page = _page(merchant, page_slug)
    conn = _store().connection()
    row = conn.execute(
        "SELECT * FROM transactions WHERE id = ? AND account_id IN (?, ?)",
        (transaction_id, page["merchant_account_id"], page["ach_account_id"]),
    ).fetchone()
    if row is None:
        abort(404)
    merchant_row = conn.execute("SELECT name FROM merchant").fetchone()
    transaction = transaction_serialize(conn, row)
    return render_template(
        "receipt.html",
        page=page,
        merchant_name=merchant_row["name"],
        transaction=transaction,
        amount=cents_display(transaction["amount"]),
    )
