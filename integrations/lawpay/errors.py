"""Typed errors for the gateway's ``{"messages": [...]}`` envelope (reference §6 "Errors").

The split that matters to callers: a ``PaymentDeclined`` is the payer's problem and is shown to
them; an ``InvalidRequest`` is Remit's bug and goes to the dead-letter view; a
``GatewayUnavailable`` is nobody's fault yet and is retried (after a search, see retry.py); a
``ProcessingFailed`` is a definite failure with nothing to search for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GatewayMessage:
    code: str
    level: str = "error"
    message: str = ""
    facility: str = ""
    context: str | None = None
    sub_code: str | None = None
    entity_id: str | None = None

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> GatewayMessage:
        return cls(
            code=str(item.get("code") or ""),
            level=str(item.get("level") or "error"),
            message=str(item.get("message") or ""),
            facility=str(item.get("facility") or ""),
            context=item.get("context"),
            sub_code=item.get("sub_code"),
            entity_id=item.get("entity_id"),
        )


class LawPayError(Exception):
    """Any failure talking to the gateway. ``code`` is the first error-level message code."""

    def __init__(
        self,
        summary: str,
        *,
        status: int | None = None,
        messages: Sequence[GatewayMessage] = (),
    ) -> None:
        super().__init__(summary)
        self.status = status
        self.messages = tuple(messages)

    @property
    def code(self) -> str | None:
        errors = [m for m in self.messages if m.level == "error"] or list(self.messages)
        return errors[0].code if errors else None

    @property
    def entity_id(self) -> str | None:
        """The failed transaction's id, when the gateway recorded one (e.g. a decline)."""
        return next((m.entity_id for m in self.messages if m.entity_id), None)


class PaymentDeclined(LawPayError):
    """The payer's card or bank said no. Not a bug: show ``code`` to the payer, ask for another."""


class PaymentDetailsInvalid(PaymentDeclined):
    """422 ``invalid_data`` on ``method.*``: the payer's card or bank details (a short number, a
    missing CVV the account requires) failed the gateway's checks. Ask the payer again."""


class InvalidRequest(LawPayError):
    """The gateway rejected what we sent (400/422 validation). A bug on our side."""


class AuthenticationFailed(LawPayError):
    """401: wrong, missing or revoked key."""


class AccessPolicyRefused(LawPayError):
    """401 from the merchant's allowed IP ranges or allowed countries, not from the key.

    Not an ``AuthenticationFailed``, so nobody tells the firm its (good) key was refused.
    """


class NotFound(LawPayError):
    """404: unknown id, or a one-time token that was already used or expired (reference §3)."""


class ModeMismatch(LawPayError):
    """422 ``unavailable_for_merchant_mode``: a test key against a live account or vice versa."""


class AccountUnavailable(LawPayError):
    """The target account cannot take this payment (inactive, wrong type, none specified)."""


class MerchantLimitExceeded(LawPayError):
    """The firm's own per-transaction, daily or monthly limits were hit."""


class TransactionStateConflict(LawPayError):
    """The transaction's status forbids this (e.g. voiding a COMPLETED charge)."""


class RefundExceedsTransaction(LawPayError):
    """422 ``refund_exceeds_transaction``: more than the remaining charged amount."""


class VersionConflict(LawPayError):
    """409 ``version_conflict``."""


class GatewayUnavailable(LawPayError):
    """5xx, timeout or connection failure. The outcome of a charge is then unknown."""


class ProcessingFailed(LawPayError):
    """A 5xx naming the failed transaction it recorded (``entity_id``; reference §6, e.g.
    ``card_processing_error``): the payment definitely did not go through, so there is no
    unknown outcome to search for. Retrying "may not resolve the issue" ([J]
    errors/card-processing/card_processing_error.md)."""


class UnexpectedResponse(LawPayError):
    """A response that is not the documented shape."""


class AccountMismatch(InvalidRequest):
    """The transaction does not belong to the account the caller named (our bug)."""


DECLINE_CODES = frozenset(
    {
        # card processing and card validation (reference §6)
        "card_declined",
        "card_declined_insufficient_funds",
        "card_declined_limit_exceeded",
        "card_declined_hold",
        "card_declined_no_account",
        "card_declined_processing_error",
        "card_declined_refer_to_issuer",
        "card_type_not_accepted",
        "card_avs_rejected",
        "card_cvv_incorrect",
        "card_expired",
        "card_number_incorrect",
        "card_number_invalid",
        "payment_method_expired",
        # ACH (reference §6)
        "ach_declined",
        "ach_declined_hold",
        "ach_declined_duplicate",
        "ach_invalid_account_number",
        "ach_invalid_routing_number",
        "ach_insufficient_funds",
        "ach_account_not_found",
        "ach_account_closed",
        "ach_account_frozen",
        "ach_limit_exceeded",
        # asynchronous ACH failure codes; never an HTTP error, but a failure_code may carry them
        "ach_authorization_revoked",
        "ach_not_authorized",
        "ach_payment_refused",
        "ach_payment_stopped",
        "ach_deferred_refund_rejected_charge_failed",
    }
)

_CODE_TO_ERROR: dict[str, type[LawPayError]] = {
    "not_authorized": AuthenticationFailed,
    "resource_not_found": NotFound,
    "version_conflict": VersionConflict,
    "unavailable_for_merchant_mode": ModeMismatch,
    "refund_exceeds_transaction": RefundExceedsTransaction,
    "unavailable_for_current_status": TransactionStateConflict,
    "not_valid_for_transaction_status": TransactionStateConflict,
    "unavailable_due_to_capture_in_process": TransactionStateConflict,
    "no_account_for_payment_method": AccountUnavailable,
    "incorrect_payment_type": AccountUnavailable,
    "no_account_specified": AccountUnavailable,
    "account_not_active": AccountUnavailable,
    "merchant_not_active": AccountUnavailable,
    "unavailable_for_merchant_status": AccountUnavailable,
    "unavailable_for_merchant_policy": AccountUnavailable,
    "merchant_trans_max_amount_exceeded": MerchantLimitExceeded,
    "merchant_trans_daily_amount_exceeded": MerchantLimitExceeded,
    "merchant_trans_daily_count_exceeded": MerchantLimitExceeded,
    "merchant_trans_monthly_amount_exceeded": MerchantLimitExceeded,
    "merchant_trans_monthly_count_exceeded": MerchantLimitExceeded,
    **dict.fromkeys(DECLINE_CODES, PaymentDeclined),
}

_STATUS_TO_ERROR: dict[int, type[LawPayError]] = {
    400: InvalidRequest,
    401: AuthenticationFailed,
    404: NotFound,
    409: VersionConflict,
    422: InvalidRequest,
}


# UNVERIFIED: the gateway says country refusals are "not returned directly in an API response
# for security reasons" ([J] errors/general/not_authorized_country_denied.md) and documents no
# body for an IP-range refusal, so any of these marks a 401 as a policy refusal: the country
# code itself, a context naming the policy field, a failed transaction's entity_id (a wrong key
# creates no transaction), or a message about the IP address or country. A bare
# ``not_authorized`` stays AuthenticationFailed: it cannot be told apart.
POLICY_CODES = frozenset({"not_authorized_country_denied"})
POLICY_CONTEXTS = frozenset({"api_allowed_ip_address_ranges", "transaction_allowed_countries"})
_POLICY_WORDS = re.compile(r"\b(ip|country|countries)\b", re.IGNORECASE)


def _is_policy_refusal(messages: Sequence[GatewayMessage]) -> bool:
    return any(
        m.code in POLICY_CODES
        or m.context in POLICY_CONTEXTS
        or m.entity_id
        or _POLICY_WORDS.search(m.message)
        for m in messages
    )


def _is_payment_details_invalid(messages: Sequence[GatewayMessage]) -> bool:
    # Remit sends only token ids as ``method``, so ``method.*`` fields are what the payer typed;
    # one invalid_data on any other field is still our bug.
    return bool(messages) and all(
        m.code == "invalid_data" and (m.context or "").startswith("method.") for m in messages
    )


def error_for_response(*, status: int, body: Any) -> LawPayError:
    """Map a non-2xx response to its typed error. ``body`` is the decoded JSON, or None."""
    messages = _messages_from(body)
    summary = "; ".join(f"{m.code}: {m.message}" for m in messages) or f"HTTP {status}"
    errors = [m for m in messages if m.level == "error"] or messages
    if status >= 500:
        if any(m.entity_id for m in errors):
            return ProcessingFailed(summary, status=status, messages=messages)
        # Other 500-class codes (server_error, card_processor_not_available, ...): "try later".
        return GatewayUnavailable(summary, status=status, messages=messages)
    if status == 401 and _is_policy_refusal(errors):
        return AccessPolicyRefused(
            f"LawPay refused the request under the account's IP address or country policy "
            f"({summary}).",
            status=status,
            messages=messages,
        )
    if status == 422 and _is_payment_details_invalid(errors):
        return PaymentDetailsInvalid(summary, status=status, messages=messages)
    codes = [m.code for m in errors]
    error_class = next((_CODE_TO_ERROR[c] for c in codes if c in _CODE_TO_ERROR), None)
    if error_class is None:
        error_class = _STATUS_TO_ERROR.get(status, UnexpectedResponse)
    return error_class(summary, status=status, messages=messages)


def _messages_from(body: Any) -> list[GatewayMessage]:
    if not isinstance(body, Mapping):
        return []
    items = body.get("messages")
    if not isinstance(items, list):
        return []
    return [GatewayMessage.from_json(item) for item in items if isinstance(item, Mapping)]
