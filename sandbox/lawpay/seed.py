"""The demo merchant every reset starts from (reference §2, §4)."""

from __future__ import annotations

import json
import sqlite3

from .ids import stable_id, timestamp
from .settings import Settings

# (name, kind, primary, trust). Each mode has an Operating and a Trust deposit, each reachable by
# card and by eCheck, which is what a LawPay law-firm merchant looks like.
ACCOUNTS = (
    ("Operating", "card", True, False),
    ("Trust", "card", False, True),
    ("Operating eCheck", "bank", True, False),
    ("Trust eCheck", "bank", False, True),
)

# (slug suffix, title, card account name, bank account name): one hosted page per deposit.
PAGES = (
    ("operating", "Operating Payment", "Operating", "Operating eCheck"),
    ("trust", "Trust Payment", "Trust", "Trust eCheck"),
)


# The firm's contact and address as LawPay holds them, so that a write which blanks them shows.
PROFILE = {
    "contact_name": "Dana Whitfield",
    "contact_email": "billing@demo-law-firm.example",
    "contact_phone": "+15125550142",
    "address1": "100 Congress Ave",
    "address2": "Suite 1200",
    "city": "Austin",
    "state": "TX",
    "postal_code": "78701",
    "country": "US",
    "timezone": "America/Chicago",
}


def account_id(settings: Settings, mode: str, name: str) -> str:
    return stable_id(settings.merchant_id, mode, name)


def page_slug(mode: str, suffix: str) -> str:
    return suffix if mode == "TEST" else f"{suffix}-live"


def merchant_seed(conn: sqlite3.Connection, *, settings: Settings) -> None:
    now = timestamp()
    conn.execute(
        "INSERT INTO merchant (id, name, slug, profile, created, modified)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            settings.merchant_id,
            settings.merchant_name,
            settings.merchant_slug,
            json.dumps(PROFILE),
            now,
            now,
        ),
    )
    for mode in ("TEST", "LIVE"):
        for name, kind, primary, trust in ACCOUNTS:
            conn.execute(
                "INSERT INTO accounts (id, kind, mode, name, is_primary, trust_account, status,"
                " created, modified) VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)",
                (account_id(settings, mode, name), kind, mode, name, primary, trust, now, now),
            )
    page_number = 1279
    for mode in ("TEST", "LIVE"):
        for suffix, title, card_name, bank_name in PAGES:
            conn.execute(
                "INSERT INTO pages (id, slug, mode, title, merchant_account_id, ach_account_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    page_number,
                    page_slug(mode, suffix),
                    mode,
                    title,
                    account_id(settings, mode, card_name),
                    account_id(settings, mode, bank_name),
                ),
            )
            page_number += 1
