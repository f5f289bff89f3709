"""The billing app's models: the Clio mirror it bills from, invoices, payments and rules."""

from billing.models.adjustments import InvoiceAdjustment
from billing.models.clio import Activity, BankAccount, Client, ClioUser, Matter
from billing.models.invoices import (
    NUMBER_FORMAT,
    AttentionItem,
    BillingRules,
    Invoice,
    InvoiceLine,
    InvoiceNumberSequence,
    Payment,
)
from billing.models.mapping import PAYMENT_REFERENCE_MAX, MatterMapping
from billing.models.payment_setup import PaymentSetup
from billing.models.permissions import BillingPermission

__all__ = [
    "NUMBER_FORMAT",
    "PAYMENT_REFERENCE_MAX",
    "Activity",
    "AttentionItem",
    "BankAccount",
    "BillingPermission",
    "BillingRules",
    "Client",
    "ClioUser",
    "Invoice",
    "InvoiceAdjustment",
    "InvoiceLine",
    "InvoiceNumberSequence",
    "Matter",
    "MatterMapping",
    "Payment",
    "PaymentSetup",
]
