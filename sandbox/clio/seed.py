"""Deterministic demo data: a small firm with attorneys, clients, matters, time and trust.

Ids, names, amounts and balances are fixed so tests can rely on them; dates are relative to the
moment of the reset so "last month's time" and "overdue bill" stay true whenever it runs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from . import services
from .context import Ctx
from .store import Store

FIRM_NAME = "Sandbox & Associates LLP"
DAY = 86400.0

USERS = [
    # id, first, last, rate, subscription_type, account_owner
    (3001, "Jane", "Counsel", 350.0, "Attorney", True),
    (3002, "Robert", "Barrister", 425.0, "Attorney", False),
    (3003, "Priya", "Advocate", 300.0, "Attorney", False),
    (3004, "Sam", "Paralegal", 150.0, "NonAttorney", False),
]


def _days_ago(base: float, days: float, hour: int = 17) -> float:
    day = datetime.fromtimestamp(base - days * DAY, UTC).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )
    return day.timestamp()


def _date(base: float, days: float) -> str:
    return datetime.fromtimestamp(base - days * DAY, UTC).date().isoformat()


def seed_demo(store: Store, ctx_factory: Any) -> None:
    base = datetime.now(UTC).timestamp()
    with store.transaction():
        store.meta_set("firm_name", FIRM_NAME)
        for user_id, first, last, rate, kind, owner in USERS:
            store.execute(
                "INSERT OR REPLACE INTO sequences (name, value) VALUES ('users', ?)", (user_id,)
            )
            store.put(
                "users",
                {
                    "id": user_id,
                    "first_name": first,
                    "last_name": last,
                    "name": f"{first} {last}",
                    "initials": first[0] + last[0],
                    "email": f"{first}.{last}@sandbox-law.example".lower(),
                    "enabled": True,
                    "rate": rate,
                    "subscription_type": kind,
                    "time_zone": "Pacific Time (US & Canada)",
                    "account_owner": owner,
                    "default_calendar_id": user_id + 10000,
                    "roles": ["Administrator"]
                    if owner
                    else ["Billing"]
                    if kind == "Attorney"
                    else [],
                },
                at=_days_ago(base, 400),
            )

        ctx: Ctx = ctx_factory(3001)
        ctx.quiet = True

        def create(resource: str, body: dict, days: float) -> dict:
            ctx.clock = _days_ago(base, days)
            return services.record_create(ctx, resource, body)

        for name, code in (
            ("Litigation", "LIT"),
            ("Estate Planning", "EST"),
            ("Corporate", "CORP"),
            ("Family Law", "FAM"),
        ):
            create("practice_areas", {"name": name, "code": code}, 380)
        for order, name in enumerate(("Intake", "In Progress", "Ready to Bill", "Completed")):
            ctx.clock = _days_ago(base, 380)
            stage_id = store.next_id("matter_stages")
            store.put(
                "matter_stages",
                {
                    "id": stage_id,
                    "name": name,
                    "order": order + 1,
                    "practice_area": None,
                    "_updates": 0,
                },
                at=ctx.clock,
            )
        create(
            "custom_fields",
            {"name": "Billing Status", "parent_type": "Matter", "field_type": "text_line"},
            380,
        )
        create(
            "custom_fields",
            {"name": "Court File Number", "parent_type": "Matter", "field_type": "text_line"},
            380,
        )
        operating = create(
            "bank_accounts",
            {
                "type": "Operating",
                "currency": "USD",
                "name": "Operating Account",
                "institution": "First Sandbox Bank",
                "account_number": "****4321",
                "default_account": True,
            },
            380,
        )
        trust = create(
            "bank_accounts",
            {
                "type": "Trust",
                "currency": "USD",
                "name": "IOLTA Trust Account",
                "institution": "First Sandbox Bank",
                "account_number": "****8765",
            },
            380,
        )

        def person(first: str, last: str, email: str | None, days: float) -> dict:
            body: dict = {"type": "Person", "first_name": first, "last_name": last}
            if email:
                body["email_addresses"] = [
                    {"name": "Work", "address": email, "default_email": True}
                ]
            body["phone_numbers"] = [
                {"name": "Work", "number": "+1 415 555 0100", "default_number": True}
            ]
            return create("contacts", body, days)

        smith = person("John", "Smith", "john.smith@example.com", 200)  # 2001
        garcia = person("Maria", "Garcia", "maria.garcia@example.com", 180)  # 2002
        acme = create(
            "contacts",
            {
                "type": "Company",
                "name": "Acme Widgets Inc.",
                "email_addresses": [
                    {
                        "name": "Work",
                        "address": "billing@acme-widgets.example",
                        "default_email": True,
                    }
                ],
                "addresses": [
                    {
                        "name": "Billing",
                        "street": "1 Market St",
                        "city": "San Francisco",
                        "province": "CA",
                        "postal_code": "94105",
                        "country": "US",
                    }
                ],
            },
            170,
        )  # 2003
        chen = person("Wei", "Chen", None, 150)  # 2004: a client without an email address
        brown = person("Olivia", "Brown", "olivia.brown@example.com", 120)  # 2005
        create("contacts", {"type": "Company", "name": "Jones Holdings LLC"}, 200)  # 2006

        def matter(
            client: dict,
            description: str,
            area: int,
            responsible: int,
            originating: int,
            days: float,
            **extra: Any,
        ) -> dict:
            body = {
                "client": {"id": client["id"]},
                "description": description,
                "practice_area": {"id": area},
                "responsible_attorney": {"id": responsible},
                "originating_attorney": {"id": originating},
                "open_date": _date(base, days),
                "status": "open",
                **extra,
            }
            return create("matters", body, days)

        m1 = matter(
            smith,
            "Smith v. Jones",
            41,
            3001,
            3002,
            120,
            matter_stage={"id": 52},
            custom_field_values=[
                {"custom_field": {"id": 62}, "value": "CV-2025-001"},
                {"custom_field": {"id": 61}, "value": "Invoice Sent"},
            ],
        )  # 1001, 00001-Smith
        m2 = matter(
            garcia,
            "Garcia Estate Plan",
            42,
            3003,
            3003,
            90,
            matter_stage={"id": 52},
            custom_rate={"type": "FlatRate", "rates": [{"id": 1, "rate": 3500.0}]},
        )
        m3 = matter(
            acme,
            "Acme Widgets - Supply Agreement Review",
            43,
            3002,
            3001,
            75,
            matter_stage={"id": 51},
        )  # 1003
        m4 = matter(chen, "Chen Custody Modification", 44, 3001, 3001, 60)  # 1004
        m5 = matter(brown, "Brown Contract Dispute", 41, 3003, 3002, 30, status="pending")  # 1005
        m6 = matter(
            smith,
            "Smith Will Update",
            42,
            3002,
            3002,
            200,
            custom_rate={"type": "FlatRate", "rates": [{"id": 2, "rate": 1200.0}]},
        )
        ctx.clock = _days_ago(base, 100)
        m6 = services.record_update(ctx, "matters", m6, {"status": "closed"})  # 1006

        def deposit(
            account: dict, matter_record: dict, amount: float, description: str, days: float
        ) -> dict:
            return create(
                "bank_transactions",
                {
                    "bank_account": {"id": account["id"]},
                    "matter": {"id": matter_record["id"]},
                    "amount": amount,
                    "date": _date(base, days),
                    "description": description,
                    "source": "Check",
                    "transaction_type": "Deposit",
                },
                days,
            )

        deposit(trust, m1, 2500.0, "Retainer deposit", 118)
        deposit(trust, m2, 3500.0, "Flat fee retainer deposit", 88)
        deposit(trust, m3, 10000.0, "Retainer deposit", 74)
        deposit(trust, m4, 1500.0, "Retainer deposit", 58)
        deposit(trust, m4, -300.0, "Transfer to operating - earned fees", 40)

        def time_entry(
            matter_record: dict, user: int, seconds: float, note: str, days: float, **extra: Any
        ) -> dict:
            return create(
                "activities",
                {
                    "type": "TimeEntry",
                    "date": _date(base, days),
                    "quantity": seconds,
                    "matter": {"id": matter_record["id"]},
                    "user": {"id": user},
                    "note": note,
                    **extra,
                },
                days,
            )

        def expense(matter_record: dict, price: float, note: str, days: float) -> dict:
            return create(
                "activities",
                {
                    "type": "ExpenseEntry",
                    "date": _date(base, days),
                    "quantity": 1,
                    "price": price,
                    "matter": {"id": matter_record["id"]},
                    "user": {"id": 3001},
                    "note": note,
                },
                days,
            )

        time_entry(m1, 3001, 9000, "Draft motion to compel", 6)  # 301: 2.5 h x 350 = 875.00
        time_entry(m1, 3002, 4320, "Strategy conference with client", 5)  # 302: 1.2 h = 510.00
        time_entry(m1, 3004, 1800, "Organize exhibits", 5, non_billable=True)  # 303
        billed_time = time_entry(m1, 3001, 10800, "Review discovery responses", 45)  # 304
        filing_fee = expense(m1, 435.0, "Court filing fee", 44)  # 305
        time_entry(m3, 3002, 14400, "Review supply agreement", 10)  # 306: 4.0 h = 1700.00
        time_entry(m3, 3002, 1080, "Quick call with GC", 9, no_charge=True)  # 307
        time_entry(m4, 3001, 5400, "Prepare custody modification petition", 12)  # 308: 525.00
        expense(m4, 45.0, "Courier", 11)  # 309
        time_entry(
            m2, 3003, 7200, "Draft will and revocable trust", 20, non_billable=True
        )  # 310: work on a flat-fee matter
        paid_time = time_entry(m6, 3002, 3600, "Update will", 150)  # 311

        ctx.clock = _days_ago(base, 40)
        bill_ids = []
        for number, (matter_record, activities, state, days) in enumerate(
            [
                (m1, [billed_time, filing_fee], "awaiting_payment", 40),
                (m6, [paid_time], "paid", 140),
            ],
            start=1,
        ):
            total = sum(a["total"] for a in activities)
            issued = _days_ago(base, days)
            paid = total if state == "paid" else 0.0
            bill = {
                "id": store.next_id("bills"),
                "_updates": 0,
                "number": str(number),
                "issued_at": _date(base, days),
                "due_at": _date(base, days - 30),
                "start_at": min(a["date"] for a in activities),
                "end_at": max(a["date"] for a in activities),
                "paid_at": datetime.fromtimestamp(issued + 10 * DAY, UTC).isoformat(
                    timespec="seconds"
                )
                if state == "paid"
                else None,
                "last_sent_at": datetime.fromtimestamp(issued, UTC).isoformat(timespec="seconds"),
                "subject": None,
                "purchase_order": None,
                "memo": None,
                "type": "MatterBill",
                "kind": "revenue_kind",
                "state": state,
                "total": total,
                "sub_total": total,
                "services_sub_total": sum(
                    a["total"] for a in activities if a["type"] == "TimeEntry"
                ),
                "balance": round(total - paid, 2),
                "paid": paid,
                "pending": 0.0,
                "due": round(total - paid, 2),
                "credits_issued": 0.0,
                "tax_sum": 0.0,
                "secondary_tax_sum": 0.0,
                "total_tax": 0.0,
                "tax_rate": 0.0,
                "secondary_tax_rate": 0.0,
                "can_update": state != "paid",
                "shared": False,
                "client": matter_record["client"],
                "matters": [matter_record["id"]],
                "user": 3001,
                "currency": {"id": 1, "code": "USD", "sign": "$"},
                "balances": [
                    {
                        "id": matter_record["id"],
                        "type": "Matter",
                        "amount": round(total - paid, 2),
                        "interest_amount": 0.0,
                        "due": round(total - paid, 2),
                    }
                ],
            }
            store.put("bills", bill, at=issued)
            bill_ids.append(bill["id"])
            for activity in activities:
                activity["bill"] = bill["id"]
                store.put("activities", activity, at=issued)
        store.put(
            "bank_transactions",
            {
                "id": store.next_id("bank_transactions"),
                "_updates": 0,
                "type": "asset",
                "bank_account": operating["id"],
                "source": "Check",
                "confirmation": "CHK-1042",
                "date": _date(base, 130),
                "amount": 425.0,
                "currency": "USD",
                "exchange_rate": 1.0,
                "description": "Payment on bill 2",
                "transaction_type": "Deposit",
                "read_only_confirmation": False,
                "client": m6["client"],
                "matter": m6["id"],
                "bill": bill_ids[1],
            },
            at=_days_ago(base, 130),
        )

        create(
            "notes",
            {
                "type": "Matter",
                "matter": {"id": m1["id"]},
                "subject": "Initial consultation",
                "detail": "Client wants to pursue the motion to compel.",
                "date": _date(base, 119),
            },
            119,
        )
        create(
            "tasks",
            {
                "name": "Prepare exhibit binder",
                "description": "For the hearing",
                "assignee": {"id": 3004, "type": "User"},
                "matter": {"id": m1["id"]},
                "due_at": _date(base, -7),
                "priority": "High",
            },
            5,
        )
        create(
            "communications",
            {
                "type": "EmailCommunication",
                "subject": "Discovery update",
                "body": "Responses are due next week.",
                "matter": {"id": m1["id"]},
                "received_at": datetime.fromtimestamp(_days_ago(base, 4), UTC).isoformat(),
                "senders": [{"id": 3001, "type": "User"}],
                "receivers": [{"id": smith["id"], "type": "Contact"}],
            },
            4,
        )
        del m5


FIRST_NAMES = ("Alex", "Blair", "Casey", "Dana", "Emery", "Frankie", "Gray", "Harper")
LAST_NAMES = ("Adams", "Baker", "Clark", "Diaz", "Evans", "Flores", "Green", "Hill", "Ito")


def seed_bulk(ctx: Ctx, *, matters: int, time_entries_per_matter: int) -> dict[str, list[int]]:
    """N new clients, each with one open hourly matter and some unbilled time entries."""
    created: dict[str, list[int]] = {"contacts": [], "matters": [], "activities": []}
    users = [3001, 3002, 3003]
    today = datetime.now(UTC).date()
    for n in range(matters):
        first = FIRST_NAMES[n % len(FIRST_NAMES)]
        last = f"{LAST_NAMES[n % len(LAST_NAMES)]}{n // len(LAST_NAMES) or ''}"
        contact = services.record_create(
            ctx,
            "contacts",
            {
                "type": "Person",
                "first_name": first,
                "last_name": last,
                "email_addresses": [
                    {
                        "name": "Work",
                        "address": f"{first}.{last}@example.com".lower(),
                        "default_email": True,
                    }
                ],
            },
        )
        created["contacts"].append(contact["id"])
        matter = services.record_create(
            ctx,
            "matters",
            {
                "client": {"id": contact["id"]},
                "description": f"{last} general matter",
                "practice_area": {"id": 41 + n % 4},
                "responsible_attorney": {"id": users[n % 3]},
            },
        )
        created["matters"].append(matter["id"])
        for k in range(time_entries_per_matter):
            activity = services.record_create(
                ctx,
                "activities",
                {
                    "type": "TimeEntry",
                    "date": (today - timedelta(days=1 + k)).isoformat(),
                    "quantity": 1800 * (1 + (n + k) % 4),
                    "matter": {"id": matter["id"]},
                    "user": {"id": users[(n + k) % 3]},
                    "note": f"Work session {k + 1}",
                },
            )
            created["activities"].append(activity["id"])
    return created
