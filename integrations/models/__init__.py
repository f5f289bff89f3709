"""The integrations app's models, one module per idea."""

from integrations.models.clio_webhooks import ClioWebhook
from integrations.models.connections import ClioConnection, LawPayConnection
from integrations.models.events import InboundEvent, OutboxMessage, Source
from integrations.models.lawpay_transactions import LawPayTransaction
from integrations.models.mailbox import MailboxMessage
from integrations.models.permissions import IntegrationPermission
from integrations.models.sandbox_checks import SandboxCheckRun
from integrations.models.sync import SyncState
from integrations.models.task_health import TASK_ERROR_MAX, PeriodicTaskHealth

__all__ = [
    "TASK_ERROR_MAX",
    "ClioConnection",
    "ClioWebhook",
    "InboundEvent",
    "IntegrationPermission",
    "LawPayConnection",
    "LawPayTransaction",
    "MailboxMessage",
    "OutboxMessage",
    "PeriodicTaskHealth",
    "SandboxCheckRun",
    "Source",
    "SyncState",
]
