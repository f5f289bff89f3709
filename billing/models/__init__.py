"""The billing app's models: the Clio mirror it bills from, and (later) invoices and payments."""

from billing.models.clio import Activity, Client, ClioUser, Matter
from billing.models.permissions import BillingPermission

__all__ = ["Activity", "BillingPermission", "Client", "ClioUser", "Matter"]
