"""The gateway's error envelope and codes (reference §6)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

# Messages quoted in the reference are used verbatim; the rest are UNVERIFIED wording.
MESSAGES = {
    "invalid_request": "The request method or content type is not supported",
    "malformed_request": "Unable to process JSON content",
    "not_authorized": "Not authorized",
    "resource_not_found": "The requested resource was not found",
    "invalid_data": "Invalid data",
    "no_content": "No content provided",
    "no_payment_method": "No payment method provided",
    "search_failed": "The search could not be completed",
    "not_valid_for_transaction_status": "The operation cannot be completed in the current status",
    "unavailable_for_merchant_policy": "The operation is not allowed by the merchant's policy",
    "account_not_active": "The account is not active",
    "incorrect_payment_type": "Payment method type not supported by the target account",
    "no_account_for_payment_method": "No account found for the payment method",
    "refund_exceeds_transaction": "Amount of refund exceeds remaining transaction balance",
    "exceeds_authorized_amount": "Amount to capture exceeds the authorized amount",
    "currency_mismatch": "Currency does not match the account's currency",
    "card_declined": "The card was declined",
    "card_declined_insufficient_funds": "The card was declined due to insufficient funds",
    "card_declined_limit_exceeded": "The card was declined because its limit was exceeded",
    "card_declined_hold": "The card was declined and a hold placed on it",
    "card_declined_processing_error": "The card was declined due to a processing error",
    "card_type_not_accepted": "The card type is not accepted",
    "card_expired": "The card has expired",
    "card_number_invalid": "Card number is invalid",
    "card_cvv_incorrect": "The card's security code is incorrect",
    "ach_declined": "The bank account was declined",
    "ach_declined_hold": "The bank account was declined and a hold placed on it",
    "ach_declined_duplicate": "The bank payment was declined as a duplicate",
    "ach_invalid_account_number": "The bank account number is invalid",
    "ach_invalid_routing_number": "The routing number is invalid",
    "ach_insufficient_funds": "The bank account has insufficient funds",
    "ach_account_not_found": "The bank account was not found",
    "ach_account_closed": "The bank account is closed",
    "ach_account_frozen": "The bank account is frozen",
    "ach_limit_exceeded": "The bank account's limit was exceeded",
    "ach_authorization_revoked": "The customer revoked the bank payment authorization",
    "ach_not_authorized": "The bank payment was not authorized",
    "ach_payment_refused": "The bank refused the payment",
    "ach_payment_stopped": "The customer stopped the bank payment",
    "ach_deferred_refund_rejected_charge_failed": "Refund rejected because the charge failed",
    "server_error": "Internal server error",
    "card_processing_error": "The payment processor failed to process the request",
}

STATUSES = {
    "invalid_request": 400,
    "malformed_request": 400,
    "not_authorized": 401,
    "resource_not_found": 404,
    "version_conflict": 409,
    "server_error": 500,
    "card_processing_error": 500,
}


class GatewayError(Exception):
    def __init__(
        self,
        code: str,
        message: str | None = None,
        *,
        status: int | None = None,
        facility: str = "gateway",
        context: str | None = None,
        sub_code: str | None = None,
        entity_id: str | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.message = message or MESSAGES.get(code, code.replace("_", " ").capitalize())
        self.status = status or STATUSES.get(code, 422)
        self.facility = facility
        self.context = context
        self.sub_code = sub_code
        self.entity_id = entity_id

    def as_message(self) -> dict[str, Any]:
        message = {
            "code": self.code,
            "level": "error",
            "message": self.message,
            "facility": self.facility,
        }
        for key in ("context", "sub_code", "entity_id"):
            if getattr(self, key) is not None:
                message[key] = getattr(self, key)
        return message

    def response(self) -> tuple[Response, int]:
        return jsonify({"messages": [self.as_message()]}), self.status


def invalid(context: str, sub_code: str = "invalid", message: str | None = None) -> GatewayError:
    return GatewayError(
        "invalid_data",
        message or f"Invalid value for {context}",
        context=context,
        sub_code=sub_code,
    )
