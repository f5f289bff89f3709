"""Bank accounts and their transactions; no matter's or client's trust balance goes below zero."""

from __future__ import annotations

from ..context import Ctx
from ..errors import argument_error
from ..schema import money
from .common import copy_bools, copy_strings, date_of, enum_of, number_of, ref, required


def bank_account_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        required(body, "type", "currency")
        record.update(
            account_number=None,
            transit_number=None,
            swift=None,
            institution=None,
            domicile_branch=None,
            holder=None,
            default_account=False,
            controlled_account=False,
            general_ledger_number=None,
            clio_payments_enabled=False,
            clio_payment_page_link=None,
            user=ctx.user_id,
            currency_symbol="$",
            currency_id=1,
        )
        record["type"] = enum_of(body, "type", ("Operating", "Trust"))
        record["name"] = f"{record['type']} Account"
    copy_strings(
        record,
        body,
        "name",
        "currency",
        "account_number",
        "transit_number",
        "swift",
        "institution",
        "domicile_branch",
        "holder",
        "general_ledger_number",
    )
    copy_bools(record, body, "default_account", "controlled_account")
    return []


def bank_account_delete(ctx: Ctx, record: dict) -> bool:
    if any(t["bank_account"] == record["id"] for t in ctx.store.all("bank_transactions")):
        raise argument_error("a bank account with transactions cannot be deleted")
    return True


def _check_trust_not_negative(ctx: Ctx, record: dict) -> None:
    account = ctx.store.get_stored("bank_accounts", record["bank_account"])
    if account["type"] != "Trust":
        return
    for key in ("matter", "client"):
        if record.get(key) is None:
            continue
        balance = sum(
            t["amount"]
            for t in ctx.store.all("bank_transactions")
            if t["bank_account"] == account["id"]
            and t.get(key) == record[key]
            and t["id"] != record["id"]
        )
        if money(balance + record["amount"]) < 0:
            raise argument_error(f"this transaction would overdraw the {key}'s trust balance")


def bank_transaction_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        required(body, "amount", "date")
        record.update(
            source=None,
            confirmation=None,
            description=None,
            transaction_type=None,
            bank_account_transaction_type=None,
            client=None,
            matter=None,
            bill=None,
            exchange_rate=1.0,
            read_only_confirmation=False,
        )
        record["bank_account"] = ref(ctx, body, "bank_account", "bank_accounts", required=True)
    elif "bank_account" in body:
        record["bank_account"] = ref(ctx, body, "bank_account", "bank_accounts", required=True)
    amount = number_of(body, "amount")
    if amount is not None:
        if amount == 0:
            raise argument_error("amount must not be zero")
        record["amount"] = money(amount)
    if "date" in body:
        record["date"] = date_of(body, "date")
    copy_strings(
        record,
        body,
        "source",
        "confirmation",
        "description",
        "transaction_type",
        "bank_account_transaction_type",
    )
    if "matter" in body:
        record["matter"] = ref(ctx, body, "matter", "matters")
    if "client" in body:
        record["client"] = ref(ctx, body, "client", "contacts")
    if record.get("matter") and not record.get("client"):
        record["client"] = ctx.store.get_stored("matters", record["matter"])["client"]
    account = ctx.store.get_stored("bank_accounts", record["bank_account"])
    record["currency"] = body.get("currency") or record.get("currency") or account["currency"]
    if number_of(body, "exchange_rate") is not None:
        record["exchange_rate"] = number_of(body, "exchange_rate")
    # Trust money is the client's (a liability); operating money is the firm's (an asset).
    record["type"] = "liability" if account["type"] == "Trust" else "asset"
    _check_trust_not_negative(ctx, record)
    return []
