import pytest
from django.urls import reverse

BAD = [
    ({"since": "2026-13"}, "since"),
    ({"until": "March"}, "until"),
    ({"since": "2026-05", "until": "2026-04"}, "since"),
    ({"since": "2020-01", "until": "2026-04"}, "since"),
]


@pytest.mark.parametrize(("params", "field"), BAD)
def test_the_api_names_the_parameter(client, billing_clerk, frozen, params, field):
    client.force_login(billing_clerk)

    response = client.get(reverse("api-metrics-cycle-time"), params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize(("params", "field"), BAD)
def test_the_page_says_what_was_wrong_and_shows_the_default_months(
    client, billing_clerk, frozen, params, field
):
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:dashboard"), params)

    assert response.status_code == 400
    assert f"Months not applied ({field})" in response.content.decode()
    assert str(response.context["dashboard"].months) == "2025-04 to 2026-03"


def test_the_csv_refuses_bad_months_and_unknown_figures(client, billing_clerk, frozen):
    client.force_login(billing_clerk)
    url = reverse("billing:dashboard-csv")

    bad_month = client.get(url, {"since": "yesterday"})
    unknown = client.get(url, {"figure": "nope"})

    assert (bad_month.status_code, unknown.status_code) == (400, 400)
    assert b"YYYY-MM" in bad_month.content
    assert b"no such figure" in unknown.content


def test_a_valid_month_range_is_applied(client, billing_clerk, frozen):
    client.force_login(billing_clerk)

    response = client.get(
        reverse("api-metrics-cycle-time"), {"since": "2025-06", "until": "2025-08"}
    )

    assert response.status_code == 200
    assert (response.json()["since"], response.json()["until"]) == ("2025-06", "2025-08")
