"""Every documented code (reference §6) surfaces as the error type a caller can act on."""

from decimal import Decimal

import pytest
import requests

from integrations.lawpay import errors
from tests.integrations.lawpay.conftest import API, error_json

DECLINES_422 = [
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
]

OUR_BUGS = [
    (400, "invalid_request"),
    (400, "malformed_request"),
    (422, "invalid_data"),
    (422, "no_content"),
    (422, "no_payment_method"),
    (422, "search_failed"),
    (422, "currency_mismatch"),
    (422, "unsupported_currency"),
    (422, "exceeds_authorized_amount"),
    (422, "no_card_details_or_token_present"),
    (422, "no_bank_details_or_token_present"),
]

SPECIFIC = [
    (401, "not_authorized", errors.AuthenticationFailed),
    (404, "resource_not_found", errors.NotFound),
    (409, "version_conflict", errors.VersionConflict),
    (422, "unavailable_for_merchant_mode", errors.ModeMismatch),
    (422, "refund_exceeds_transaction", errors.RefundExceedsTransaction),
    (422, "unavailable_for_current_status", errors.TransactionStateConflict),
    (422, "not_valid_for_transaction_status", errors.TransactionStateConflict),
    (422, "unavailable_due_to_capture_in_process", errors.TransactionStateConflict),
    (422, "no_account_for_payment_method", errors.AccountUnavailable),
    (422, "incorrect_payment_type", errors.AccountUnavailable),
    (422, "no_account_specified", errors.AccountUnavailable),
    (422, "account_not_active", errors.AccountUnavailable),
    (422, "merchant_not_active", errors.AccountUnavailable),
    (422, "unavailable_for_merchant_status", errors.AccountUnavailable),
    (422, "unavailable_for_merchant_policy", errors.AccountUnavailable),
    (422, "merchant_trans_max_amount_exceeded", errors.MerchantLimitExceeded),
    (422, "merchant_trans_daily_amount_exceeded", errors.MerchantLimitExceeded),
    (422, "merchant_trans_daily_count_exceeded", errors.MerchantLimitExceeded),
    (422, "merchant_trans_monthly_amount_exceeded", errors.MerchantLimitExceeded),
    (422, "merchant_trans_monthly_count_exceeded", errors.MerchantLimitExceeded),
]

SERVER_500 = [
    "server_error",
    "card_processing_error",
    "card_processor_not_available",
    "settlement_failed",
    "ach_processing_error",
    "ach_processor_not_available",
    "ach_invalid_merchant_configuration",
]


def _charge(client):
    return client.charge_create(
        amount=Decimal("12.34"), method="tok", account_id="acct", reference="ref-1"
    )


@pytest.mark.parametrize("code", DECLINES_422)
def test_a_decline_is_a_payment_declined_carrying_its_code(mocked, client, code):
    body = error_json(code, facility="payment_processor", entity_id="failedTxn")
    mocked.post(f"{API}/v1/charges", status=422, json=body)
    with pytest.raises(errors.PaymentDeclined) as caught:
        _charge(client)
    assert caught.value.code == code
    assert caught.value.status == 422
    assert caught.value.entity_id == "failedTxn"
    assert not isinstance(caught.value, errors.InvalidRequest)


@pytest.mark.parametrize(("status", "code"), OUR_BUGS)
def test_a_validation_error_is_an_invalid_request_not_a_decline(mocked, client, status, code):
    body = error_json(code, context="account_id", sub_code="not_blank")
    mocked.post(f"{API}/v1/charges", status=status, json=body)
    with pytest.raises(errors.InvalidRequest) as caught:
        _charge(client)
    assert caught.value.code == code
    assert caught.value.messages[0].context == "account_id"
    assert caught.value.messages[0].sub_code == "not_blank"
    assert not isinstance(caught.value, errors.PaymentDeclined)


@pytest.mark.parametrize(("status", "code", "error_class"), SPECIFIC)
def test_each_documented_code_maps_to_its_own_error(mocked, client, status, code, error_class):
    mocked.post(f"{API}/v1/charges", status=status, json=error_json(code))
    with pytest.raises(error_class) as caught:
        _charge(client)
    assert caught.value.code == code


def test_mode_mismatch_keeps_the_gateway_message(mocked, client):
    body = error_json(
        "unavailable_for_merchant_mode", "Mode LIVE not supported for account of type TEST"
    )
    mocked.post(f"{API}/v1/charges", status=422, json=body)
    with pytest.raises(errors.ModeMismatch, match="Mode LIVE not supported"):
        _charge(client)


@pytest.mark.parametrize("code", SERVER_500)
def test_server_errors_are_gateway_unavailable(mocked, client, code):
    mocked.post(f"{API}/v1/charges", status=500, json=error_json(code))
    with pytest.raises(errors.GatewayUnavailable) as caught:
        _charge(client)
    assert caught.value.code == code


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_proxy_error_page_is_gateway_unavailable(mocked, client, status):
    mocked.post(f"{API}/v1/charges", status=status, body="<html>Bad gateway</html>")
    with pytest.raises(errors.GatewayUnavailable, match=f"HTTP {status}"):
        _charge(client)


def test_a_timeout_is_gateway_unavailable(mocked, client):
    mocked.post(f"{API}/v1/charges", body=requests.ReadTimeout("read timed out"))
    with pytest.raises(errors.GatewayUnavailable, match="timed out"):
        _charge(client)


def test_a_refused_connection_is_gateway_unavailable(mocked, client):
    mocked.post(f"{API}/v1/charges", body=requests.ConnectionError("refused"))
    with pytest.raises(errors.GatewayUnavailable):
        _charge(client)


def test_an_unknown_422_code_is_treated_as_our_bug(mocked, client):
    mocked.post(f"{API}/v1/charges", status=422, json=error_json("brand_new_code"))
    with pytest.raises(errors.InvalidRequest) as caught:
        _charge(client)
    assert caught.value.code == "brand_new_code"


def test_an_info_message_does_not_hide_the_error_code(mocked, client):
    body = {
        "messages": [
            {"code": "fyi", "level": "info", "message": "", "facility": "gateway"},
            {"code": "card_declined", "level": "error", "message": "", "facility": "gateway"},
        ]
    }
    mocked.post(f"{API}/v1/charges", status=422, json=body)
    with pytest.raises(errors.PaymentDeclined) as caught:
        _charge(client)
    assert caught.value.code == "card_declined"


def test_a_401_without_a_body_is_authentication_failed(mocked, client):
    mocked.get(f"{API}/v1/merchant", status=401)
    with pytest.raises(errors.AuthenticationFailed):
        client.merchant()


def test_a_success_that_is_not_json_is_an_unexpected_response(mocked, client):
    mocked.get(f"{API}/v1/merchant", status=200, body="<html>login</html>")
    with pytest.raises(errors.UnexpectedResponse):
        client.merchant()
