"""Factories for the Clio mirror and invoices (billing tests)."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from billing.models import Activity, Client, ClioUser, Invoice, InvoiceLine, Matter, MatterMapping
from integrations.models import LawPayConnection


class ClioUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClioUser

    clio_id = factory.Sequence(lambda n: 1000 + n)
    name = factory.Sequence(lambda n: f"Attorney {n}")
    email = factory.LazyAttribute(lambda u: f"clio{u.clio_id}@firm.example")


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    clio_id = factory.Sequence(lambda n: 5000 + n)
    name = factory.Sequence(lambda n: f"Client {n}")
    primary_email = factory.LazyAttribute(lambda c: f"client{c.clio_id}@example.com")


class MatterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Matter

    clio_id = factory.Sequence(lambda n: 9000 + n)
    display_number = factory.Sequence(lambda n: f"{n:05d}-Smith")
    description = "Smith v. Jones"
    client = factory.SubFactory(ClientFactory)
    responsible_attorney = factory.SubFactory(ClioUserFactory)
    practice_area = "Litigation"


class MatterMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatterMapping

    matter = factory.SubFactory(MatterFactory)
    clio_matter_id = factory.LazyAttribute(lambda m: m.matter.clio_id)
    display_number = factory.LazyAttribute(lambda m: m.matter.display_number)
    reference = factory.LazyAttribute(lambda m: m.matter.display_number)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A time entry worth ``hours`` × ``price`` that changed an hour ago (so it is stable)."""

    class Meta:
        model = Activity

    class Params:
        hours = Decimal("1.0")

    clio_id = factory.Sequence(lambda n: 70000 + n)
    type = Activity.Type.TIME
    matter = factory.SubFactory(MatterFactory)
    user = factory.LazyAttribute(lambda a: a.matter.responsible_attorney)
    date = factory.LazyFunction(lambda: timezone.now().date() - timedelta(days=3))
    quantity_seconds = factory.LazyAttribute(lambda a: a.hours * 3600)
    rounded_quantity_seconds = factory.LazyAttribute(lambda a: a.hours * 3600)
    price = Decimal("300.00")
    total = factory.LazyAttribute(lambda a: (a.hours * a.price).quantize(Decimal("0.01")))
    description = factory.Sequence(lambda n: f"Work item {n}")
    content_changed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class InvoiceFactory(factory.django.DjangoModelFactory):
    """A draft with no lines; use ``draft_with_lines`` for a realistic one."""

    class Meta:
        model = Invoice

    matter = factory.SubFactory(MatterFactory)
    trigger = Invoice.Trigger.THRESHOLD
    period_key = factory.Sequence(lambda n: f"test:{n}")
    period_end = factory.LazyFunction(lambda: date.today())
    total = Decimal("0.00")


def matter_make_sendable(matter: Matter) -> Matter:
    """Give ``matter`` what sending needs besides the client's email: a resolved LawPay
    mapping and the firm's operating payment page."""
    if not MatterMapping.objects.filter(matter=matter).exists():
        MatterMappingFactory(matter=matter)
    LawPayConnection.objects.get_or_create(
        singleton=True,
        defaults={
            "base_url": "https://api.lawpay.test",
            "operating_account_id": "op-test",
            "operating_page_url": "https://secure.lawpay.test/pages/demo/operating",
        },
    )
    return matter


def draft_with_lines(
    *,
    matter=None,
    amounts=(Decimal("300.00"), Decimal("450.00")),
    sendable=True,
    **kwargs,
):
    """A draft invoice whose lines come from new activities of ``amounts``; with ``sendable``
    nothing blocks its approval (mapping and payment page exist)."""
    matter = matter or MatterFactory()
    if sendable:
        matter_make_sendable(matter)
    invoice = InvoiceFactory(matter=matter, total=sum(amounts, Decimal("0.00")), **kwargs)
    for amount in amounts:
        activity = ActivityFactory(matter=matter, price=amount, total=amount)
        InvoiceLine.objects.create(
            invoice=invoice,
            activity=activity,
            date=activity.date,
            timekeeper=matter.responsible_attorney.name if matter.responsible_attorney else "",
            description=activity.description,
            hours=Decimal("1.00"),
            rate=amount,
            amount=amount,
            source_changed_at=activity.content_changed_at,
        )
    return invoice
