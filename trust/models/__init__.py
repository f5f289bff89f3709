"""The trust app's models: the ledger, trust-first applications, reconciliation."""

from trust.models.applications import TrustApplication
from trust.models.clio_records import TrustClioRecord
from trust.models.ledger import (
    TRUST_MONEY,
    ZERO,
    AppendOnly,
    MatterLedger,
    TrustAccount,
    TrustEntry,
)
from trust.models.permissions import TrustPermission
from trust.models.reconciliation import (
    BANK_KINDS,
    BankStatement,
    Reconciliation,
    ReconciliationSigned,
    StatementLine,
)
from trust.models.requests import TrustRequest
from trust.models.transfers import TrustTransfer

__all__ = [
    "BANK_KINDS",
    "TRUST_MONEY",
    "ZERO",
    "AppendOnly",
    "BankStatement",
    "MatterLedger",
    "Reconciliation",
    "ReconciliationSigned",
    "StatementLine",
    "TrustAccount",
    "TrustApplication",
    "TrustClioRecord",
    "TrustEntry",
    "TrustPermission",
    "TrustRequest",
    "TrustTransfer",
]
