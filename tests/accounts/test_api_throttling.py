"""The API answers 429 past its request rates and after repeated wrong tokens (issue 10)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

URL = "/api/v1/billing-rules/"


@pytest.fixture(autouse=True)
def _own_cache(settings):
    # A private in-memory cache: counts never leak between tests, and clearing it can never
    # flush a shared Redis (the Celery broker's) when REDIS_URL is set.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def small_rates(monkeypatch, settings):
    # DRF's throttles copy their rates at import; the token-failure rate is read per request.
    rates = {"anon": "3/min", "user": "3/min", "token_failure": "3/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


class OpenView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({})


def test_anonymous_callers_are_throttled_past_the_anon_rate(small_rates, db):
    factory = APIRequestFactory()
    statuses = [OpenView.as_view()(factory.get("/open/")).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_a_signed_in_user_is_throttled_past_the_user_rate(small_rates, billing_clerk):
    api = APIClient()
    api.force_authenticate(billing_clerk)

    statuses = [api.get(URL).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_repeated_wrong_tokens_lock_out_the_address_even_for_a_right_token(
    small_rates, billing_clerk
):
    token = Token.objects.create(user=billing_clerk)
    api = APIClient(REMOTE_ADDR="10.0.0.1")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        wrong = [api.get(URL, HTTP_AUTHORIZATION=f"Token wrong{n}").status_code for n in range(4)]
        right_same_address = api.get(URL, HTTP_AUTHORIZATION=f"Token {token.key}")
        right_elsewhere = api.get(
            URL, HTTP_AUTHORIZATION=f"Token {token.key}", REMOTE_ADDR="10.0.0.2"
        )
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        after_the_window = api.get(URL, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert wrong == [403, 403, 403, 429]
    assert right_same_address.status_code == 429
    assert right_elsewhere.status_code == 200
    assert after_the_window.status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_count(small_rates, billing_clerk):
    api = APIClient(REMOTE_ADDR="10.0.0.1")

    statuses = [
        api.get(
            URL, HTTP_AUTHORIZATION="Token wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(4)
    ]

    assert statuses == [403, 403, 403, 429]


def test_an_endpoint_naming_its_own_authentication_is_covered_too(small_rates, db):
    api = APIClient(REMOTE_ADDR="10.0.0.1")

    statuses = [
        api.get("/api/v1/mappings/", HTTP_AUTHORIZATION="Token wrong").status_code for _ in range(4)
    ]

    assert statuses[-1] == 429
    assert 429 not in statuses[:-1]
