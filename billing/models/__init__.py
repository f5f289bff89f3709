"""The billing app's models: the Clio mirror it bills from, invoices, payments and rules."""

from billing.models.clio import Activity, BankAccount, Client, ClioUser, Matter
from billing.models.invoices import (
    AttentionItem,
    BillingRules,
    Invoice,
    InvoiceLine,
    InvoiceNumberSequence,
    Payment,
)
from billing.models.permissions import BillingPermission

__all__ = [
    "Activity",
    "AttentionItem",
    "BankAccount",
    "BillingPermission",
    "BillingRules",
    "Client",
    "ClioUser",
    "Invoice",
    "InvoiceLine",
    "InvoiceNumberSequence",
    "Matter",
    "Payment",
]
