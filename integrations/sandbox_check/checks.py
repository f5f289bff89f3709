"""The four checks of the sandbox check, run one after the other against the configured
connections, through Remit's own services exactly as production runs them: Clio's records
mirrored by the sync, drafts by the rules' evaluation (its ``now`` moved past the stability
window instead of waiting), approval by review, effects by the outbox relay, LawPay's events by
the sweep and inbound processing. Only the client's part is played from outside: the payment
on LawPay's hosted page, and the emulator's daily capture run at once.

What it creates is labelled "Remit sandbox check <moment>" (Clio contact and matters, time
entry notes, the payer's name on LawPay) and kept, so it can be found afterwards.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from html import unescape
from typing import Any, TypeVar

import requests
from django.conf import settings
from django.utils import timezone

from billing.services.delivery import invoice_reference
from billing.services.drafts import firm_today, matter_billing_evaluate
from billing.services.mappings import matter_mappings_list
from billing.services.review import InvoiceTransitionError, invoice_approve
from billing.services.rules import billing_rules_get
from integrations.clio.client import ClioClient
from integrations.clio.connection import clio_client
from integrations.clio.errors import ClioError
from integrations.clio.sync import clio_record_sync
from integrations.health import task_error_text
from integrations.lawpay.errors import LawPayError
from integrations.lawpay.links import payment_link_build
from integrations.models import (
    ClioConnection,
    LawPayConnection,
    MailboxMessage,
    SandboxCheckRun,
)
from integrations.sandbox_check.drive import lawpay_events_drain, outbox_aggregates_drain, until
from integrations.sandbox_check.records import (
    CHECKS,
    FAIL,
    PASS,
    RUNNING,
    sandbox_check_claim,
    sandbox_check_finish,
    sandbox_check_result_save,
)
from integrations.sandbox_check.remote import (
    CheckFailed,
    HostedForm,
    clio_billing_status,
    clio_matter_trust_balance,
    clio_notes,
    clio_trust_transactions,
    hosted_page_open,
    hosted_page_pay,
    lawpay_settle_now,
    unreachable,
)
from trust.models import MatterLedger, TrustApplication, TrustClioRecord, TrustEntry
from trust.services.accounts import trust_account_default
from trust.services.applications import TrustApplicationRefused, trust_application_approve

logger = logging.getLogger(__name__)
T = TypeVar("T")

CENT = Decimal("0.01")
MIN_AMOUNT = Decimal("100.00")
# The trust check deposits this much more than its invoice, so a balance is left to compare.
TRUST_LEFT = Decimal("250.00")
MAILBOX_BACKEND = "integrations.email.backend.MailboxBackend"
# What each check needs to reach, and the check whose result it builds on.
NEEDS = {"a": ("clio",), "b": ("clio", "lawpay"), "c": ("clio", "lawpay"), "d": ("clio", "lawpay")}
BUILDS_ON = {"b": "a", "c": "b"}


@dataclass
class Scenario:
    """What the checks share: who acts, the label, the connections, what earlier checks made."""

    user: Any
    label: str
    email: str
    clio: ClioClient
    clio_url: str
    lawpay: LawPayConnection
    timeout: float
    contact_id: int | None = None
    matter_id: int | None = None
    invoice: Any = None
    reference: str = ""
    link: str = ""
    form: HostedForm | None = None
    evidence: list[str] = field(default_factory=list)


def sandbox_check_execute(
    *,
    run_id: int,
    user: Any,
    timeout: float = 60.0,
    on_result: Callable[[dict[str, Any]], None] | None = None,
) -> SandboxCheckRun:
    """Run a queued check (claimed first: a redelivered task does not run it twice) and record
    each result as it comes; ``on_result`` hears each finished check."""
    moment = timezone.now()
    label = f"Remit sandbox check {moment:%Y-%m-%d %H:%M:%S} UTC"
    if not sandbox_check_claim(run_id=run_id, label=label):
        return SandboxCheckRun.objects.get(pk=run_id)
    run = SandboxCheckRun.objects.get(pk=run_id)
    try:
        _checks_run(run, user=user, label=label, moment=moment, timeout=timeout, hear=on_result)
    except Exception as exc:
        for result in run.results:
            if result["status"] not in (PASS, FAIL):
                reason = f"The check stopped: {task_error_text(exc)}"
                sandbox_check_result_save(
                    run=run, key=result["key"], status=FAIL, evidence=[], reason=reason
                )
        sandbox_check_finish(run=run)
        raise
    return sandbox_check_finish(run=run)


def _checks_run(
    run: SandboxCheckRun,
    *,
    user: Any,
    label: str,
    moment: Any,
    timeout: float,
    hear: Callable[[dict[str, Any]], None] | None,
) -> None:
    down = _services_down(user)
    scenario = None
    if not down:
        lawpay = LawPayConnection.objects.get(singleton=True)
        scenario = Scenario(
            user=user,
            label=label,
            email=f"sandbox-check-{run.pk}-{moment:%Y%m%d%H%M%S}@example.com",
            clio=clio_client(),
            clio_url=ClioConnection.objects.get(singleton=True).base_url,
            lawpay=lawpay,
            timeout=timeout,
        )
    outcome: dict[str, str] = {}
    for key, _title in CHECKS:
        sandbox_check_result_save(run=run, key=key, status=RUNNING, evidence=[])
        reason = " ".join(dict.fromkeys(down[name] for name in NEEDS[key] if name in down))
        earlier = BUILDS_ON.get(key)
        if not reason and earlier and outcome.get(earlier) != PASS:
            reason = f"Not run: check ({earlier}) did not pass."
        evidence: list[str] = []
        if not reason and scenario is not None:
            scenario.evidence = evidence
            reason = _attempt(CHECK_STEPS[key], scenario)
        outcome[key] = FAIL if reason else PASS
        sandbox_check_result_save(
            run=run, key=key, status=outcome[key], evidence=evidence, reason=reason
        )
        if hear is not None:
            hear(next(r for r in run.results if r["key"] == key))


def _services_down(user: Any) -> dict[str, str]:
    """Why Clio or LawPay cannot take part (not connected, not answering), by service."""
    down: dict[str, str] = {}
    clio = ClioConnection.objects.filter(singleton=True).first()
    if clio is None or clio.status != ClioConnection.Status.CONNECTED:
        down["clio"] = "Clio is not connected: connect it on the connections page."
    elif reason := unreachable(name="Clio", url=clio.base_url):
        down["clio"] = reason
    lawpay = LawPayConnection.objects.filter(singleton=True).first()
    if lawpay is None or not lawpay.secret_key or not lawpay.operating_account_id:
        down["lawpay"] = "LawPay is not connected: enter its keys and choose its accounts."
    elif not lawpay.operating_page_url:
        down["lawpay"] = "LawPay's operating payment page is not set on the connections page."
    elif reason := unreachable(name="LawPay", url=lawpay.base_url):
        down["lawpay"] = reason
    if user is None or not getattr(user, "pk", None):
        down["clio"] = down["lawpay"] = "No Remit user to act as (an admin: --as <username>)."
    return down


def _attempt(step: Callable[[Scenario], None], scenario: Scenario) -> str:
    """Run one check; "" when it passed, else why not, in words (never a traceback)."""
    try:
        step(scenario)
    except CheckFailed as exc:
        return str(exc)
    except (requests.RequestException, ClioError, LawPayError) as exc:
        for name, url in (("Clio", scenario.clio_url), ("LawPay", scenario.lawpay.base_url)):
            if reason := unreachable(name=name, url=url):
                return reason
        return f"{type(exc).__name__} from outside: {task_error_text(exc)}"
    except Exception as exc:
        logger.exception("sandbox check step %s failed", step.__name__)
        return f"Unexpected {task_error_text(exc)}"
    return ""


# -- (a) draft, amount, reference, approval ----------------------------------------------------


def check_draft(s: Scenario) -> None:
    rules = billing_rules_get()
    if "hourly" not in rules.billing_methods:
        raise CheckFailed(
            "The billing rules draft no hourly matters (billing methods: "
            f"{', '.join(rules.billing_methods) or 'none'}); the check enters hourly time."
        )
    matter_id, _display = _matter_create(s, description=s.label)
    s.matter_id = matter_id
    total, activity_id = _time_enter(s, matter_id=matter_id, amount=_amount(rules))
    mapping = _mirrored(s, matter_id=matter_id, activity_id=activity_id)
    invoice = _draft(s, mapping=mapping)
    if invoice.total != total:
        raise CheckFailed(f"Draft #{invoice.pk} is for ${invoice.total:,}, Clio's time ${total:,}.")
    try:
        invoice = invoice_approve(invoice=invoice, user=s.user)
    except InvoiceTransitionError as exc:
        raise CheckFailed(f"Approval refused: {exc}") from exc
    reference = invoice_reference(invoice=invoice, mapping=mapping)
    if reference != f"{mapping.reference}-{invoice.number}":
        raise CheckFailed(
            f"Invoice {invoice.number}'s LawPay reference is {reference!r}, expected "
            f"{mapping.reference}-{invoice.number}."
        )
    s.evidence.append(f"approved as {invoice.number}; LawPay reference {reference}")
    s.invoice, s.reference = invoice, reference


def _amount(rules: Any) -> Decimal:
    return max(rules.threshold, MIN_AMOUNT).quantize(CENT)


def _contact_ensure(s: Scenario) -> int:
    if s.contact_id is None:
        contact = s.clio.create(
            "contacts.json",
            data={
                "type": "Company",
                "name": s.label,
                "email_addresses": [{"name": "Work", "address": s.email, "default_email": True}],
            },
            fields={"id": None},
        )
        s.contact_id = int(contact.data["id"])
        s.evidence.append(f"Clio contact {s.contact_id} “{s.label}” <{s.email}>")
    return s.contact_id


def _matter_create(s: Scenario, *, description: str) -> tuple[int, str]:
    contact_id = _contact_ensure(s)
    matter = s.clio.create(
        "matters.json",
        data={"client": {"id": contact_id}, "description": description, "status": "open"},
        fields={"id": None, "display_number": None},
    )
    matter_id, display = int(matter.data["id"]), str(matter.data["display_number"])
    s.evidence.append(f"Clio matter {matter_id} {display} “{description}”")
    return matter_id, display


def _time_enter(s: Scenario, *, matter_id: int, amount: Decimal) -> tuple[Decimal, int]:
    entry = s.clio.create(
        "activities.json",
        data={
            "type": "TimeEntry",
            "date": firm_today(now=timezone.now()).isoformat(),
            "quantity": 3600,
            "price": float(amount),
            "matter": {"id": matter_id},
            "note": f"{s.label}: one hour",
        },
        fields={"id": None, "total": None},
    )
    total = Decimal(str(entry.data["total"])).quantize(CENT)
    activity_id = int(entry.data["id"])
    s.evidence.append(f"Clio time entry {activity_id}: 1.0 h at ${amount:,} = ${total:,}")
    return total, activity_id


def _mirrored(s: Scenario, *, matter_id: int, activity_id: int | None = None) -> Any:
    """Remit's mirror of the matter (and its time), by the sync, and the matter's mapping."""
    clio_record_sync(model="matter", clio_id=matter_id)
    if activity_id is not None:
        clio_record_sync(model="activity", clio_id=activity_id)
    mapping = matter_mappings_list().filter(clio_matter_id=matter_id).first()
    if mapping is None:
        raise CheckFailed(f"Remit did not mirror Clio's matter {matter_id}.")
    if mapping.status != mapping.Status.OK:
        raise CheckFailed(
            f"The mapping of matter {mapping.display_number} (LawPay reference "
            f"“{mapping.reference}”) is broken: {mapping.conflict_reason} Fix it on the matter "
            "mappings page."
        )
    return mapping


def _draft(s: Scenario, *, mapping: Any) -> Any:
    rules = billing_rules_get()
    window = rules.stability_window_minutes
    # The stability window passes in the sandbox without waiting: the evaluation is asked
    # about a moment just after it.
    later = timezone.now() + timedelta(minutes=window, seconds=60)
    invoice = matter_billing_evaluate(matter=mapping.matter, now=later)
    if invoice is None:
        raise CheckFailed(
            f"No draft for matter {mapping.display_number} once its time was stable "
            f"({window}-minute window, threshold ${rules.threshold:,})."
        )
    s.evidence.append(
        f"draft #{invoice.pk} for ${invoice.total:,} ({invoice.lines.count()} line), made "
        f"by the billing evaluation as at {window + 1} minutes later (stability window passed)"
    )
    return invoice


# -- (b) the payment link delivered ------------------------------------------------------------


def check_link_delivered(s: Scenario) -> None:
    invoice = s.invoice
    _outbox_drain(s, aggregates=[f"invoice:{invoice.pk}"])
    invoice.refresh_from_db()
    if invoice.status != invoice.Status.SENT:
        open_items = "; ".join(
            item.detail for item in invoice.attention_items.filter(resolved_at__isnull=True)
        )
        raise CheckFailed(
            f"Invoice {invoice.number} is {invoice.get_status_display().lower()}, not sent"
            + (f": {open_items}" if open_items else ".")
        )
    link = invoice.payment_url
    if settings.EMAIL_BACKEND == MAILBOX_BACKEND:
        message = MailboxMessage.objects.filter(to__icontains=s.email).order_by("-pk").first()
        if message is None:
            raise CheckFailed(f"No email to {s.email} in the sandbox mailbox.")
        found = re.search(r'id="pay-link" href="([^"]+)"', message.html)
        emailed = unescape(found.group(1)) if found else ""
        if emailed != link:
            raise CheckFailed(f"Email #{message.pk} links {emailed or 'nothing'}, not {link}.")
        s.evidence.append(f"email #{message.pk} to {message.to}: “{message.subject}”")
    else:
        s.evidence.append(f"email sent by the mail server ({settings.EMAIL_BACKEND}), not read")
    form = hosted_page_open(link)
    amount = f"{invoice.amount_due:.2f}"
    shown = {"amount": form.values.get("amount", ""), "reference": form.values.get("reference")}
    if shown != {"amount": amount, "reference": s.reference}:
        raise CheckFailed(
            f"LawPay's page shows amount {shown['amount']!r} and reference "
            f"{shown['reference']!r}; expected {amount} and {s.reference}."
        )
    unlocked = sorted({"amount", "reference"} - form.readonly)
    if unlocked:
        raise CheckFailed(f"LawPay's page lets the client change {' and '.join(unlocked)}.")
    s.evidence.append(f"{link} opens LawPay's page: ${amount}, {s.reference}, both locked")
    s.link, s.form = link, form


# -- (c) the payment updates Remit and Clio ----------------------------------------------------


def check_payment_recorded(s: Scenario) -> None:
    invoice, form = s.invoice, s.form
    assert form is not None and s.matter_id is not None  # noqa: S101 - (b) passed
    transaction_id = hosted_page_pay(s.link, form, name=s.label)
    s.evidence.append(f"paid with the test card on LawPay's page: transaction {transaction_id}")

    def paid() -> Any:
        invoice.refresh_from_db()
        return invoice.payments.filter(lawpay_transaction_id=transaction_id).first() and (
            invoice.status == invoice.Status.PAID
        )

    _until(
        s, paid, what=f"invoice {invoice.number} to be paid in Remit", during=lawpay_events_drain
    )
    payment = invoice.payments.get(lawpay_transaction_id=transaction_id)
    s.evidence.append(
        f"Remit: invoice {invoice.number} paid; payment #{payment.pk} ${payment.amount:,}"
    )
    _outbox_drain(s, aggregates=[f"invoice:{invoice.pk}"])
    matter_id = s.matter_id
    note = _until(
        s,
        lambda: next(
            (
                n
                for n in clio_notes(s.clio, matter_id=matter_id)
                if transaction_id in str(n.get("detail"))
            ),
            None,
        ),
        what=f"a Clio note on matter {matter_id} naming {transaction_id}",
    )
    _until(
        s,
        lambda: clio_billing_status(s.clio, matter_id=matter_id) == "Invoice Paid",
        what=f"Clio's billing status of matter {matter_id} to read “Invoice Paid”",
    )
    s.evidence.append(
        f"Clio: note {note['id']} “{note.get('subject')}”; billing status “Invoice Paid”"
    )


# -- (d) the trust draw updates both ledgers ---------------------------------------------------


def check_trust_draw(s: Scenario) -> None:
    account = trust_account_default()
    if account is None or account.clio_bank_account is None:
        raise CheckFailed(
            "Remit's trust ledger is not linked to Clio's trust bank account (trust accounts "
            "page; `sandbox_connect` links the emulators')."
        )
    if not s.lawpay.trust_page_url:
        raise CheckFailed("LawPay's trust payment page is not set on the connections page.")
    bank_id = account.clio_bank_account.clio_id
    rules = billing_rules_get()
    amount = _amount(rules)
    deposit = amount + TRUST_LEFT
    matter_id, display = _matter_create(s, description=f"{s.label} (trust)")
    mapping = _mirrored(s, matter_id=matter_id)
    link = payment_link_build(
        public_url=s.lawpay.trust_page_url, amount=deposit, reference=mapping.reference
    )
    charge = hosted_page_pay(link, hosted_page_open(link), name=s.label)
    s.evidence.append(f"retainer ${deposit:,} paid on LawPay's trust page: transaction {charge}")
    entry = _until(
        s,
        lambda: TrustEntry.objects.filter(kind=TrustEntry.Kind.DEPOSIT, source_ref=charge).first(),
        what=f"Remit to post LawPay's trust payment {charge} as a deposit",
        during=lawpay_events_drain,
    )
    lawpay_settle_now(lawpay_url=s.lawpay.base_url, transaction_id=charge)

    def ledger_cleared() -> MatterLedger | None:
        ledger = MatterLedger.objects.filter(account=account, matter_id=entry.ledger.matter_id)
        return ledger.filter(available__gte=deposit).first()

    _until(s, ledger_cleared, what=f"deposit #{entry.pk} to clear", during=lawpay_events_drain)
    s.evidence.append(f"Remit: deposit #{entry.pk} of ${deposit:,} cleared on {display}")
    _total, activity_id = _time_enter(s, matter_id=matter_id, amount=amount)
    mapping = _mirrored(s, matter_id=matter_id, activity_id=activity_id)
    invoice = _draft(s, mapping=mapping)
    application = TrustApplication.objects.filter(
        invoice_id=invoice.pk, status=TrustApplication.Status.PROPOSED
    ).first()
    if application is None:
        raise CheckFailed(f"Draft #{invoice.pk} got no trust-first proposal.")
    try:
        decision = trust_application_approve(application=application, user=s.user)
    except TrustApplicationRefused as exc:
        raise CheckFailed(f"Applying trust was refused: {exc}") from exc
    if not decision.applied or decision.application is None:
        raise CheckFailed(f"Trust was not applied: {decision.message}")
    s.evidence.append(f"Remit: {decision.message}")
    withdrawal = decision.application.entry
    if withdrawal is None:
        raise CheckFailed(f"Trust was applied to draft #{invoice.pk} without a withdrawal entry.")
    _outbox_drain(s, aggregates=[f"matter:{mapping.matter.pk}", f"invoice:{invoice.pk}"])
    left = deposit - decision.application.amount
    record = TrustClioRecord.objects.filter(entry=withdrawal).first()
    if record is None or record.clio_bank_transaction_id is None:
        raise CheckFailed(
            f"Withdrawal #{withdrawal.pk} is not a Clio bank transaction"
            + (f": {record.clio_error or record.manual_step}" if record else ".")
        )
    in_clio = {
        int(t["id"]): t
        for t in clio_trust_transactions(s.clio, matter_id=matter_id, bank_account_id=bank_id)
    }
    posted = in_clio.get(record.clio_bank_transaction_id)
    if posted is None or Decimal(str(posted["amount"])).quantize(CENT) != -withdrawal_amount(
        withdrawal
    ):
        raise CheckFailed(
            f"Clio's trust account {bank_id} has no transaction of "
            f"-${withdrawal_amount(withdrawal):,} on matter {display}."
        )
    balance = clio_matter_trust_balance(s.clio, matter_id=matter_id, bank_account_id=bank_id)
    clio_balance = Decimal(str(balance or 0)).quantize(CENT)
    ledger = MatterLedger.objects.get(account=account, matter_id=mapping.matter.pk)
    if clio_balance != left or ledger.balance != left:
        raise CheckFailed(
            f"Trust balance of {display}: Clio ${clio_balance:,}, Remit ${ledger.balance:,}; "
            f"expected ${left:,} (deposit ${deposit:,} less ${decision.application.amount:,})."
        )
    s.evidence.append(
        f"Clio: bank transaction {posted['id']} of -${withdrawal_amount(withdrawal):,} on "
        f"trust account {bank_id} ({posted.get('confirmation')}); matter balance "
        f"${clio_balance:,}"
    )
    s.evidence.append(f"Remit: trust ledger of {display} at ${ledger.balance:,}, as Clio's")


def withdrawal_amount(entry: TrustEntry) -> Decimal:
    return abs(entry.amount).quantize(CENT)


CHECK_STEPS: dict[str, Callable[[Scenario], None]] = {
    "a": check_draft,
    "b": check_link_delivered,
    "c": check_payment_recorded,
    "d": check_trust_draw,
}


# -- driving the queues as the workers do ------------------------------------------------------


def _outbox_drain(s: Scenario, *, aggregates: list[str]) -> None:
    outbox_aggregates_drain(aggregates=aggregates, timeout=s.timeout)


def _until(
    s: Scenario,
    found: Callable[[], T | None],
    *,
    what: str,
    during: Callable[[], None] | None = None,
) -> T:
    return until(found, what=what, timeout=s.timeout, during=during)
