"""The integrations app's models, one module per idea."""

from integrations.models.connections import ClioConnection, LawPayConnection
from integrations.models.permissions import IntegrationPermission

__all__ = ["ClioConnection", "IntegrationPermission", "LawPayConnection"]
