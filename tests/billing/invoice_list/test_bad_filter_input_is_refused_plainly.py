import pytest
from django.contrib.messages import get_messages
from django.urls import reverse


@pytest.mark.parametrize(
    "params, named",
    [
        ({"date_from": "yesterday"}, "Dated from"),
        ({"date_to": "2026-02-31"}, "Dated to"),
        ({"amount_min": "lots"}, "Total from"),
        ({"amount_max": "NaN"}, "Total to"),
        ({"amount_min": "-5"}, "Total from"),
        ({"amount_max": "1e99"}, "Total to"),
        ({"attorney": "abc"}, "Responsible attorney"),
        ({"status": "lost"}, "Status"),
        ({"q": "a\x00b"}, "Search"),
        ({"page": "x", "date_from": "1/2/3"}, "Dated from"),
    ],
)
def test_a_refused_filter_is_named_and_the_list_still_renders(
    client, billing_clerk, make, params, named
):
    make()
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:invoices"), params)

    assert response.status_code == 200
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Filter not applied.")
    assert named in message
    assert len(response.context["page"]) == 1


def test_the_filters_that_are_fine_still_apply(client, billing_clerk, make):
    family = make(practice_area="Family")
    make(practice_area="Tax")
    client.force_login(billing_clerk)

    response = client.get(
        reverse("billing:invoices"), {"practice_area": "Family", "amount_min": "oops"}
    )

    assert [i.pk for i in response.context["page"]] == [family.pk]


def test_the_export_with_a_refused_filter_still_answers(client, billing_clerk, make):
    make()
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:invoices-csv"), {"date_from": "soon"})

    assert response.status_code == 200
    assert len(b"".join(response.streaming_content).decode().splitlines()) == 2
