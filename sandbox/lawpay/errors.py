"""The gateway's error envelope and codes (reference §6)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

# Messages quoted in the reference, or asserted by the official clients' integration specs
# ([GEM] spec/integration/*.rb, the older charge-io/chargeio-gem account spec), are used
# verbatim; the rest are UNVERIFIED wording.
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
    # [GEM] transaction_spec.rb, on capture and refund; a charge's own currency is UNVERIFIED.
    "currency_mismatch": "Specified currency does not match the transaction's currency",
    "card_declined": "Card was declined",
    "card_declined_insufficient_funds": "Card was declined due to insufficient funds",
    "card_declined_limit_exceeded": "Card was declined due to limits exceeded",
    "card_declined_hold": "Card was declined",
    "card_declined_processing_error": "Card was declined due to a processing error",
    "card_type_not_accepted": "Card type is not accepted",
    "card_expired": "Card is expired",
    "card_number_invalid": "Card number is invalid",
    "card_cvv_incorrect": "Card code is incorrect",
    # [GEM] ach_spec.rb, per test account number 1000000001..9 and routing 000000001.
    "ach_declined": "Transaction was declined",
    "ach_declined_hold": "Transaction was declined",
    "ach_declined_duplicate": "Transaction was declined as a duplicate",
    "ach_invalid_account_number": "Account number is invalid",
    "ach_invalid_routing_number": "Routing number is invalid",
    "ach_insufficient_funds": "Transaction was declined due to insufficient funds",
    "ach_account_not_found": "Account was not found",
    "ach_account_closed": "Account is closed",
    "ach_account_frozen": "Account is frozen",
    "ach_limit_exceeded": "Transaction was declined due to limits exceeded",
    "ach_authorization_revoked": "The customer revoked the bank payment authorization",
    "ach_not_authorized": "The bank payment was not authorized",
    "ach_payment_refused": "The bank refused the payment",
    "ach_payment_stopped": "The customer stopped the bank payment",
    "ach_deferred_refund_rejected_charge_failed": "Refund rejected because the charge failed",
    "server_error": "Internal server error",
    "card_processing_error": "The payment processor failed to process the request",
    "ach_processing_error": "The ACH processor failed to process the request",
}

STATUSES = {
    "invalid_request": 400,
    "malformed_request": 400,
    "not_authorized": 401,
    "resource_not_found": 404,
    "version_conflict": 409,
    "server_error": 500,
    "card_processing_error": 500,
    "ach_processing_error": 500,
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
        self.more: list[GatewayError] = []

    @classmethod
    def several(cls, errors: list[GatewayError]) -> GatewayError:
        """One response carrying every message, the first one's status (all are 422s)."""
        first, *rest = errors
        first.more = rest
        return first

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
        messages = [self.as_message(), *(error.as_message() for error in self.more)]
        return jsonify({"messages": messages}), self.status


def invalid(context: str, sub_code: str = "invalid", message: str | None = None) -> GatewayError:
    return GatewayError(
        "invalid_data",
        message or f"Invalid value for {context}",
        context=context,
        sub_code=sub_code,
    )
