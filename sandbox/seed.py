"""Fill the Clio emulator with a realistic demo firm (``python -m sandbox.seed``, `make run`).

It talks to the emulator over HTTP only: the public API v4 to read what is there, and the
``/_sandbox/`` control API to add users (Clio's API cannot) and to create records in bulk as
the firm's users, without webhooks (Remit backfills after it connects). Everything random comes
from one ``random.Random(seed)`` and dates are relative to ``today``, so on a fresh emulator a
seed always gives the same firm.
"""

from __future__ import annotations

import argparse
import ipaddress
import random
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests

TIMEOUT = 120  # one bulk request creates up to BULK_CHUNK records in one transaction
BULK_CHUNK = 1000
TIME_WINDOW_DAYS = 90
FLAT_FEE_FIELD = "Flat fee"  # what billing.services.drafts.flat_fee_amount reads

# first, last, hourly rate, Attorney|NonAttorney, roles. Rate 0: enters no time.
ROSTER = [
    ("Michael", "Okafor", 475.0, "Attorney", ["Administrator", "Billing"]),
    ("Elena", "Rossi", 395.0, "Attorney", ["Billing"]),
    ("David", "Kim", 325.0, "Attorney", ["Billing"]),
    ("Hannah", "Whitfield", 275.0, "Attorney", []),
    ("Marcus", "Bell", 250.0, "Attorney", []),
    ("Lucia", "Fernandez", 165.0, "NonAttorney", []),
    ("Tom", "Becker", 140.0, "NonAttorney", []),
    ("Grace", "Liu", 95.0, "NonAttorney", []),
    ("Karen", "Doyle", 0.0, "NonAttorney", ["Billing"]),
]

PRACTICE_AREAS = {
    "Litigation": "LIT",
    "Family Law": "FAM",
    "Estate Planning": "EST",
    "Corporate": "CORP",
    "Real Estate": "RE",
    "Personal Injury": "PI",
    "Employment": "EMP",
    "Criminal Defense": "CRIM",
}
PERSON_AREAS = {
    "Family Law": 5,
    "Estate Planning": 5,
    "Personal Injury": 3,
    "Real Estate": 3,
    "Litigation": 2,
    "Employment": 2,
    "Criminal Defense": 2,
}
COMPANY_AREAS = {"Corporate": 5, "Litigation": 4, "Real Estate": 2, "Employment": 2}
# Share of a practice area's matters billed flat / on contingency; the rest are hourly.
FLAT_SHARE = {
    "Estate Planning": 0.6,
    "Criminal Defense": 0.4,
    "Real Estate": 0.25,
    "Corporate": 0.1,
}
CONTINGENCY_SHARE = {"Personal Injury": 0.9, "Employment": 0.2}
FLAT_FEES = {
    "Estate Planning": (1500, 7500),
    "Criminal Defense": (2500, 10000),
    "Real Estate": (1500, 4500),
    "Corporate": (2500, 15000),
}

DESCRIPTIONS = {
    "Litigation": [
        "{short} v. {other}",
        "Breach of contract claim against {other}",
        "Collection action against {other}",
        "Insurance coverage dispute",
        "Defense of {other} lawsuit",
    ],
    "Family Law": [
        "Dissolution of marriage",
        "Custody modification",
        "Prenuptial agreement",
        "Child support review",
        "Step-parent adoption",
    ],
    "Estate Planning": [
        "Will and revocable trust",
        "Estate plan update",
        "Probate of the estate of {first} {last} Sr.",
        "Powers of attorney and health care directive",
        "Trust administration",
    ],
    "Corporate": [
        "Series A financing",
        "Shareholder agreement",
        "Entity formation and bylaws",
        "Asset purchase from {other}",
        "General corporate counsel {year}",
    ],
    "Real Estate": [
        "Purchase of {street}",
        "Sale of {street}",
        "Commercial lease of {street}",
        "Boundary dispute at {street}",
        "Refinancing of {street}",
    ],
    "Personal Injury": [
        "Auto accident, {month} {year}",
        "Slip and fall at {other}",
        "Medical malpractice claim",
        "Dog bite claim",
        "Workplace injury claim",
    ],
    "Employment": [
        "Wrongful termination claim",
        "Employment agreement review",
        "Wage and hour audit",
        "EEOC charge response",
        "Non-compete dispute with {other}",
    ],
    "Criminal Defense": [
        "State v. {last} (DUI)",
        "State v. {last} (misdemeanor)",
        "Expungement petition",
        "Probation violation hearing",
    ],
}
ATTORNEY_NOTES = [
    "Telephone conference with client",
    "Review and revise draft agreement",
    "Email correspondence with opposing counsel",
    "Legal research",
    "Draft memorandum to file",
    "Prepare for and attend hearing",
    "Review documents produced",
    "Strategy meeting with client",
    "Draft and revise motion",
    "Negotiate terms with counterparty",
    "Review file and plan next steps",
    "Prepare discovery responses",
]
STAFF_NOTES = [
    "Organize exhibits",
    "Prepare document production",
    "Calendar deadlines",
    "Draft correspondence for attorney review",
    "Update client file",
    "Assemble closing binder",
    "Schedule deposition",
    "Summarize medical records",
]

FIRST_NAMES = (
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Daniel",
    "Nancy",
    "Matthew",
    "Lisa",
    "Anthony",
    "Betty",
    "Mark",
    "Sandra",
    "Andrew",
    "Ashley",
    "Joshua",
    "Emily",
    "Kevin",
    "Michelle",
    "Brian",
    "Amanda",
    "Wei",
    "Mei",
    "Arjun",
    "Priya",
    "Carlos",
    "Sofia",
    "Diego",
    "Camila",
    "Ahmed",
    "Fatima",
    "Kenji",
    "Yuki",
    "Olga",
    "Ivan",
    "Aisha",
    "Kwame",
    "Liam",
    "Noah",
    "Olivia",
    "Emma",
    "Ava",
    "Mateo",
    "Chloe",
    "Hiroshi",
    "Ananya",
    "Jamal",
)
LAST_NAMES = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Patel",
    "Chen",
    "Wang",
    "Kowalski",
    "Schmidt",
    "Novak",
    "Ivanova",
    "Okonkwo",
    "Tanaka",
    "Sato",
    "Murphy",
    "O'Brien",
    "Kelly",
    "Singh",
)
COMPANY_WORDS = (
    "Acorn",
    "Atlas",
    "Beacon",
    "Blue",
    "Bright",
    "Cascade",
    "Cedar",
    "Copper",
    "Crescent",
    "Evergreen",
    "Falcon",
    "Granite",
    "Harbor",
    "Horizon",
    "Iron",
    "Keystone",
    "Lakeside",
    "Liberty",
    "Maple",
    "Meridian",
    "Northwind",
    "Oak",
    "Pacific",
    "Pioneer",
    "Redwood",
    "Riverside",
    "Sierra",
    "Silver",
    "Summit",
    "Sunrise",
    "Valley",
    "Vista",
    "Westfield",
    "Willow",
)
COMPANY_KINDS = (
    "Logistics",
    "Dental",
    "Bakery",
    "Construction",
    "Capital",
    "Software",
    "Foods",
    "Motors",
    "Realty",
    "Design",
    "Labs",
    "Brewing",
    "Consulting",
    "Medical",
    "Hospitality",
    "Outfitters",
    "Analytics",
    "Energy",
    "Farms",
    "Media",
)
COMPANY_SUFFIXES = ("LLC", "Inc.", "Corp.", "LLP", "Co.", "Group LLC", "Holdings Inc.")
STREETS = (
    "Oak St",
    "Maple Ave",
    "Pine St",
    "Cedar Ln",
    "Elm St",
    "Market St",
    "Mission St",
    "Valencia St",
    "Broadway",
    "Lake Dr",
    "Hillside Rd",
    "Park Ave",
)
CITIES = [
    ("San Francisco", "CA", "941"),
    ("Oakland", "CA", "946"),
    ("San Jose", "CA", "951"),
    ("Sacramento", "CA", "958"),
    ("Berkeley", "CA", "947"),
]
EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example")
MAX_CLIENTS = len(COMPANY_WORDS) * len(COMPANY_KINDS)  # distinct names to draw from


@dataclass
class SeedResult:
    skipped: bool
    existing_matters: int = 0
    users: int = 0
    clients: int = 0
    clients_without_email: int = 0
    matters: int = 0
    time_entries: int = 0
    trust_matters: int = 0
    by_billing_method: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class _Emulator:
    """The emulator's public API (read) and control API (write), over one HTTP session."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        token = self.control("token", {})
        self.session.headers["Authorization"] = f"Bearer {token['access_token']}"

    def control(self, path: str, payload: dict) -> Any:
        response = self.session.post(
            f"{self.base_url}/_sandbox/{path}", json=payload, timeout=TIMEOUT
        )
        if response.status_code >= 400:
            raise RuntimeError(
                f"POST /_sandbox/{path}: HTTP {response.status_code} {response.text}"
            )
        return response.json()

    def bulk(self, resource: str, items: list[dict], *, at: datetime | None = None) -> list[int]:
        ids: list[int] = []
        for start in range(0, len(items), BULK_CHUNK):
            chunk = items[start : start + BULK_CHUNK]
            body: dict[str, Any] = {"data": chunk}
            if at is not None:
                body["at"] = at.isoformat()
            created = self.control(f"records/{resource}/bulk", body)
            ids += [row["id"] for row in created["data"]]
        return ids

    def index(self, resource: str, fields: str) -> list[dict]:
        url: str | None = f"{self.base_url}/api/v4/{resource}.json"
        params: dict | None = {"fields": fields, "limit": 200}
        rows: list[dict] = []
        while url:
            response = self.session.get(url, params=params, timeout=TIMEOUT)
            response.raise_for_status()
            body = response.json()
            rows += body["data"]
            url, params = body["meta"]["paging"].get("next"), None
        return rows

    def count(self, resource: str) -> int:
        params: dict[str, str | int] = {"fields": "id", "limit": 1}
        response = self.session.get(
            f"{self.base_url}/api/v4/{resource}.json", params=params, timeout=TIMEOUT
        )
        response.raise_for_status()
        return int(response.json()["meta"]["records"])


@dataclass
class _Matter:
    client: int
    area: str
    billing: str
    status: str
    start: date  # the open date, or the pending date of a matter not yet opened
    end: date | None  # the close date
    responsible: int
    flat_fee: int | None = None
    id: int = 0


class SeedRefused(Exception):
    """The seed will not run against this address (it only fills a local emulator)."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _require_loopback(base_url: str) -> None:
    if not _is_loopback(urlsplit(base_url).hostname or ""):
        raise SeedRefused(
            f"{base_url} is not an emulator on this machine; the seed only fills the "
            "local Clio emulator."
        )


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _users(emulator: _Emulator) -> list[dict]:
    existing = {u["email"] for u in emulator.index("users", "id,email")}
    for first, last, rate, kind, roles in ROSTER:
        email = f"{first}.{last}@sandbox-law.example".lower()
        if email not in existing:
            emulator.control(
                "users",
                {
                    "data": {
                        "first_name": first,
                        "last_name": last,
                        "email": email,
                        "rate": rate,
                        "subscription_type": kind,
                        "roles": roles,
                    }
                },
            )
    return emulator.index("users", "id,name,rate,subscription_type,enabled")


def _named_ids(emulator: _Emulator, resource: str, wanted: dict[str, dict]) -> dict[str, int]:
    """Ids by name, creating the records that are missing (``wanted``: name → create body)."""
    have = {r["name"]: r["id"] for r in emulator.index(resource, "id,name")}
    missing = [name for name in wanted if name not in have]
    for name, record_id in zip(
        missing, emulator.bulk(resource, [wanted[n] for n in missing]), strict=True
    ):
        have[name] = record_id
    return have


def _bank_accounts(emulator: _Emulator) -> dict[str, int]:
    accounts: dict[str, int] = {}
    for account in emulator.index("bank_accounts", "id,type"):
        accounts.setdefault(account["type"], account["id"])
    for kind, name in (("Operating", "Operating Account"), ("Trust", "IOLTA Trust Account")):
        if kind not in accounts:
            body = {"type": kind, "currency": "USD", "name": name, "institution": "Sandbox Bank"}
            accounts[kind] = emulator.bulk("bank_accounts", [body])[0]
    return accounts


def _clients(rng: random.Random, count: int) -> list[dict]:
    no_email = set(rng.sample(range(count), max(3, round(count * 0.04)) if count >= 3 else 0))
    people = rng.sample([(f, s) for f in FIRST_NAMES for s in LAST_NAMES], count)
    companies = rng.sample([(w, k) for w in COMPANY_WORDS for k in COMPANY_KINDS], count)
    bodies = []
    for n in range(count):
        city, province, zip_prefix = rng.choice(CITIES)
        address = {
            "name": "Billing",
            "street": f"{rng.randint(10, 9999)} {rng.choice(STREETS)}",
            "city": city,
            "province": province,
            "postal_code": f"{zip_prefix}{rng.randint(10, 99)}",
            "country": "US",
        }
        phone = {"name": "Work", "number": f"+1 415 555 {rng.randint(0, 9999):04d}"}
        if rng.random() < 0.75:
            first, last = people[n]
            slug = f"{first}.{last}".lower().replace("'", "")
            body: dict[str, Any] = {"type": "Person", "first_name": first, "last_name": last}
            email = f"{slug}@{rng.choice(EMAIL_DOMAINS)}"
        else:
            word, kind = companies[n]
            body = {"type": "Company", "name": f"{word} {kind} {rng.choice(COMPANY_SUFFIXES)}"}
            email = f"billing@{word}{kind}.example".lower()
        body["phone_numbers"] = [{**phone, "default_number": True}]
        body["addresses"] = [address]
        if n not in no_email:
            body["email_addresses"] = [{"name": "Work", "address": email, "default_email": True}]
        bodies.append(body)
    return bodies


def _matter_plan(
    rng: random.Random,
    *,
    today: date,
    clients: list[tuple[int, dict]],
    count: int,
    attorneys: list[int],
) -> list[_Matter]:
    owners = [client_id for client_id, _ in clients]
    owners += [rng.choice(clients)[0] for _ in range(max(0, count - len(owners)))]
    rng.shuffle(owners)
    kinds = dict(clients)
    plans = []
    for client_id in owners[:count]:
        is_company = kinds[client_id]["type"] == "Company"
        area = _weighted(rng, COMPANY_AREAS if is_company else PERSON_AREAS)
        roll = rng.random()
        if roll < CONTINGENCY_SHARE.get(area, 0.0):
            billing = "contingency"
        elif roll < CONTINGENCY_SHARE.get(area, 0.0) + FLAT_SHARE.get(area, 0.0):
            billing = "flat"
        else:
            billing = "hourly"
        status = _weighted(rng, {"open": 72, "pending": 10, "closed": 18})
        age = min(1500, 3 + int(rng.expovariate(1 / 300)))
        start = today - timedelta(days=age if status != "pending" else rng.randint(1, 45))
        end = None
        if status == "closed":
            end = min(today - timedelta(days=1), start + timedelta(days=rng.randint(14, 400)))
            end = max(end, start)
        flat_fee = None
        if billing == "flat":
            low, high = FLAT_FEES.get(area, (2000, 10000))
            flat_fee = rng.randrange(low, high + 1, 250)
        plans.append(
            _Matter(
                client=client_id,
                area=area,
                billing=billing,
                status=status,
                start=start,
                end=end,
                responsible=rng.choice(attorneys),
                flat_fee=flat_fee,
            )
        )
    return plans


def _matter_body(
    rng: random.Random,
    plan: _Matter,
    *,
    client: dict,
    areas: dict[str, int],
    stages: dict[str, int],
    attorneys: list[int],
    flat_fee_field: int,
) -> dict:
    last = client.get("last_name") or client["name"].split()[0]
    template = rng.choice(DESCRIPTIONS[plan.area])
    description = template.format(
        short=last,
        last=last,
        first=client.get("first_name") or "Robert",
        other=" ".join(
            rng.choice(words) for words in (COMPANY_WORDS, COMPANY_KINDS, COMPANY_SUFFIXES)
        ),
        street=f"{rng.randint(10, 9999)} {rng.choice(STREETS)}",
        month=plan.start.strftime("%B"),
        year=plan.start.year,
    )
    originating = plan.responsible if rng.random() < 0.7 else rng.choice(attorneys)
    stage = {
        "pending": "Intake",
        "closed": "Completed",
        "open": _weighted(rng, {"Intake": 15, "In Progress": 65, "Ready to Bill": 20}),
    }[plan.status]
    body: dict[str, Any] = {
        "client": {"id": plan.client},
        "description": description,
        "status": plan.status,
        "practice_area": {"id": areas[plan.area]},
        "responsible_attorney": {"id": plan.responsible},
        "originating_attorney": {"id": originating},
    }
    if stage in stages:
        body["matter_stage"] = {"id": stages[stage]}
    if plan.status == "pending":
        body["pending_date"] = plan.start.isoformat()
    else:
        body["open_date"] = plan.start.isoformat()
    if plan.end:
        body["close_date"] = plan.end.isoformat()
    if plan.billing == "flat":
        body["custom_rate"] = {
            "type": "FlatRate",
            "rates": [{"user": {"id": plan.responsible}, "rate": float(plan.flat_fee or 0)}],
        }
        body["custom_field_values"] = [
            {"custom_field": {"id": flat_fee_field}, "value": f"{plan.flat_fee:.2f}"}
        ]
    elif plan.billing == "contingency":
        body["custom_rate"] = {"type": "ContingencyFee", "rates": [{"rate": 33.33}]}
    return body


def _time_entries(
    rng: random.Random,
    *,
    today: date,
    matters: list[_Matter],
    count: int,
    attorneys: list[int],
    staff: list[int],
) -> list[dict]:
    first_day = today - timedelta(days=TIME_WINDOW_DAYS - 1)
    active, weights = [], []
    for matter in matters:
        start, end = max(matter.start, first_day), min(matter.end or today, today)
        if start > end:
            continue
        weight = {"open": 3.0, "pending": 0.5, "closed": 1.0}[matter.status]
        active.append((matter, start, (end - start).days))
        weights.append(weight * (1.0 if matter.billing == "hourly" else 0.5))
    if not active:
        return []
    entries = []
    for matter, start, span in rng.choices(active, weights=weights, k=count):
        day = start + timedelta(days=rng.randint(0, span))
        for _ in range(3):  # mostly weekdays
            if day.weekday() < 5 or rng.random() < 0.15:
                break
            day = start + timedelta(days=rng.randint(0, span))
        roll = rng.random()
        if roll < 0.6 or not staff:
            user, notes = matter.responsible, ATTORNEY_NOTES
        elif roll < 0.85:
            user, notes = rng.choice(staff), STAFF_NOTES
        else:
            user, notes = rng.choice(attorneys), ATTORNEY_NOTES
        tenths = max(1, min(80, round(rng.gammavariate(2.0, 6.0))))
        body: dict[str, Any] = {
            "type": "TimeEntry",
            "date": day.isoformat(),
            "quantity": tenths * 360,
            "matter": {"id": matter.id},
            "user": {"id": user},
            "note": rng.choice(notes),
        }
        flag = rng.random()
        if matter.billing != "hourly":
            body["non_billable"] = True  # tracked, not billed by the hour
        elif flag < 0.06:
            body["non_billable"] = True
        elif flag < 0.09:
            body["no_charge"] = True
        entries.append(body)
    return entries


def _trust_transactions(
    rng: random.Random, *, today: date, matters: list[_Matter], trust_account: int
) -> tuple[list[dict], int]:
    """Retainer deposits on about a third of the matters (open ones first), a few drawn down."""
    wanted = round(len(matters) / 3)
    live = [m for m in matters if m.status != "closed"]
    closed = [m for m in matters if m.status == "closed"]
    chosen = rng.sample(live, min(wanted, len(live)))
    chosen += rng.sample(closed, max(0, min(wanted - len(chosen), len(closed))))
    chosen.sort(key=lambda m: m.id)
    deposits, withdrawals = [], []
    for matter in chosen:
        if matter.billing == "flat":
            amount = float(matter.flat_fee or 0)
        elif matter.billing == "contingency":
            amount = float(rng.randrange(500, 2501, 250))
        else:
            amount = float(rng.choice([1000, 1500, 2500, 3000, 5000, 7500, 10000, 15000, 25000]))
        end = min(matter.end or today, today)
        deposit_day = min(end, matter.start + timedelta(days=rng.randint(0, 10)))
        account = {"id": trust_account}
        deposits.append(
            {
                "bank_account": account,
                "matter": {"id": matter.id},
                "amount": amount,
                "date": deposit_day.isoformat(),
                "description": "Retainer deposit",
                "source": rng.choice(["Check", "Wire transfer", "ACH"]),
                "transaction_type": "Deposit",
            }
        )
        if matter.billing == "hourly" and rng.random() < 0.3:
            span = (end - deposit_day).days
            withdrawals.append(
                {
                    "bank_account": account,
                    "matter": {"id": matter.id},
                    "amount": -round(amount * rng.uniform(0.2, 0.7), 2),
                    "date": (deposit_day + timedelta(days=rng.randint(0, span))).isoformat(),
                    "description": "Transfer to operating: earned fees",
                    "transaction_type": "Withdrawal",
                }
            )
    return deposits + withdrawals, len(chosen)


def sandbox_seed(
    *,
    base_url: str,
    seed: int = 42,
    clients: int = 170,
    matters: int = 320,
    time_entries: int = 5200,
    force: bool = False,
    today: date | None = None,
) -> SeedResult:
    """Create the demo firm unless the emulator already holds ``matters`` matters (or ``force``).

    Needs the emulator's base data (its reset seed): the owner user and the matter stages.
    """
    _require_loopback(base_url)
    started = time.monotonic()
    emulator = _Emulator(base_url)
    existing = emulator.count("matters")
    if existing >= matters and not force:
        return SeedResult(skipped=True, existing_matters=existing)
    today = today or datetime.now(UTC).date()
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose

    users = _users(emulator)
    attorneys = [u["id"] for u in users if u["subscription_type"] == "Attorney" and u["enabled"]]
    staff = [
        u["id"]
        for u in users
        if u["subscription_type"] == "NonAttorney" and u["enabled"] and u["rate"]
    ]
    areas = _named_ids(
        emulator,
        "practice_areas",
        {name: {"name": name, "code": code} for name, code in PRACTICE_AREAS.items()},
    )
    stages = {s["name"]: s["id"] for s in emulator.index("matter_stages", "id,name")}
    flat_fee_field = _named_ids(
        emulator,
        "custom_fields",
        {
            FLAT_FEE_FIELD: {
                "name": FLAT_FEE_FIELD,
                "parent_type": "Matter",
                "field_type": "currency",
            }
        },
    )[FLAT_FEE_FIELD]
    accounts = _bank_accounts(emulator)

    client_bodies = _clients(rng, clients)
    client_ids = emulator.bulk("contacts", client_bodies)
    by_id = {
        client_id: {**body, "name": body.get("name") or body.get("last_name")}
        for client_id, body in zip(client_ids, client_bodies, strict=True)
    }
    plans = _matter_plan(
        rng, today=today, clients=list(by_id.items()), count=matters, attorneys=attorneys
    )
    matter_bodies = [
        _matter_body(
            rng,
            plan,
            client=by_id[plan.client],
            areas=areas,
            stages=stages,
            attorneys=attorneys,
            flat_fee_field=flat_fee_field,
        )
        for plan in plans
    ]
    for plan, matter_id in zip(plans, emulator.bulk("matters", matter_bodies), strict=True):
        plan.id = matter_id
    entries = _time_entries(
        rng, today=today, matters=plans, count=time_entries, attorneys=attorneys, staff=staff
    )
    # Each day's time is entered that evening, as a firm would: Clio's ``updated_at`` then tells
    # Remit's stability window that the older entries have long stopped changing.
    by_day: dict[str, list[dict]] = {}
    for entry in entries:
        by_day.setdefault(entry["date"], []).append(entry)
    latest = datetime.now(UTC) - timedelta(minutes=1)
    for day, day_entries in sorted(by_day.items()):
        evening = datetime.fromisoformat(day).replace(hour=18, tzinfo=UTC)
        emulator.bulk("activities", day_entries, at=min(evening, latest))
    transactions, trust_matters = _trust_transactions(
        rng, today=today, matters=plans, trust_account=accounts["Trust"]
    )
    emulator.bulk("bank_transactions", transactions)

    def tally(values: list[str]) -> dict[str, int]:
        return {value: values.count(value) for value in sorted(set(values))}

    return SeedResult(
        skipped=False,
        existing_matters=existing,
        users=len(users),
        clients=len(client_ids),
        clients_without_email=sum(1 for b in client_bodies if "email_addresses" not in b),
        matters=len(plans),
        time_entries=len(entries),
        trust_matters=trust_matters,
        by_billing_method=tally([p.billing for p in plans]),
        by_status=tally([p.status for p in plans]),
        seconds=time.monotonic() - started,
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m sandbox.seed --clio-url URL``: what `make run` calls once the emulator is up."""
    parser = argparse.ArgumentParser(
        prog="python -m sandbox.seed",
        description=(
            "Fill the local Clio emulator with a demo firm: users, clients, matters, 90 days of "
            "time and trust balances (skipped when it already holds that many matters)."
        ),
    )
    parser.add_argument("--clio-url", required=True, help="the Clio emulator's base URL")
    parser.add_argument("--seed", type=int, default=42, help="same seed, same firm")
    parser.add_argument("--clients", type=int, default=170)
    parser.add_argument("--matters", type=int, default=320)
    parser.add_argument("--entries", type=int, default=5200, help="time entries")
    parser.add_argument(
        "--force", action="store_true", help="add another firm's worth even if seeded"
    )
    args = parser.parse_args(argv)
    if not 3 <= args.clients <= MAX_CLIENTS or args.clients > args.matters or args.entries < 0:
        parser.error(f"Need 3 <= clients <= min(matters, {MAX_CLIENTS}), entries >= 0.")
    try:
        result = sandbox_seed(
            base_url=args.clio_url,
            seed=args.seed,
            clients=args.clients,
            matters=args.matters,
            time_entries=args.entries,
            force=args.force,
        )
    except SeedRefused as exc:
        print(exc, file=sys.stderr)
        return 2
    if result.skipped:
        print(
            f"Clio emulator already seeded ({result.existing_matters} matters); "
            "nothing to do (--force adds anyway)."
        )
        return 0
    mix = ", ".join(f"{n} {k}" for k, n in result.by_billing_method.items())
    statuses = ", ".join(f"{n} {k}" for k, n in result.by_status.items())
    print(
        f"Clio emulator seeded (seed {args.seed}) in {result.seconds:.1f}s: {result.users} users, "
        f"{result.clients} clients ({result.clients_without_email} without email), "
        f"{result.matters} matters ({mix}; {statuses}), {result.time_entries} time entries "
        f"over the last 90 days, trust deposits on {result.trust_matters} matters."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
