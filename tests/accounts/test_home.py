from django.urls import reverse


def queue_titles(response) -> list[str]:
    return [page.title for page in response.context["pages"]]


def test_billing_staff_see_the_billing_queues(client, billing_clerk):
    client.force_login(billing_clerk)

    response = client.get(reverse("home"))

    assert queue_titles(response) == [
        "Review queue",
        "Invoices",
        "Collections",
        "Needs attention",
        "Unmatched payments",
        "Payments",
        "Mailbox (sandbox)",
        "Overdue invoices",
        "Flagged matters",
        "Dry run",
        "Trust balances",
        "Trust journal",
        "Transfers to execute",
        "Reconciliation",
        "Clio cross-check",
    ]


def test_an_attorney_sees_their_flagged_matters_and_trust_applications(client, attorney):
    client.force_login(attorney)

    response = client.get(reverse("home"))

    assert queue_titles(response) == [
        "My flagged matters",
        "My collections",
        "Trust applications",
        "My matters' trust",
    ]
    assert "Review queue" not in response.content.decode()


def test_an_admin_sees_every_queue_and_the_settings_link(client, firm_admin):
    client.force_login(firm_admin)

    response = client.get(reverse("home"))

    assert "Integration health" in queue_titles(response)
    assert "Matter mappings" in queue_titles(response)
    assert "Users and settings" in response.content.decode()


def test_the_navigation_links_only_the_pages_a_role_may_open(client, attorney):
    client.force_login(attorney)

    html = client.get(reverse("home")).content.decode()

    assert reverse("reminders:flagged") in html
    assert reverse("billing:review") not in html
    assert reverse("admin:index") not in html


def test_the_home_page_counts_what_waits_in_each_queue(client, billing_clerk):
    from tests.billing.factories import draft_with_lines

    draft_with_lines()
    draft_with_lines()
    client.force_login(billing_clerk)

    cards = dict(client.get(reverse("home")).context["cards"])
    counts = {page.title: count for page, count in cards.items()}

    assert counts["Review queue"] == 2
    assert counts["Unmatched payments"] == 0
    assert counts["Dry run"] is None  # a tool, not a queue


def test_an_attorney_without_review_rights_gets_no_review_count(client, attorney):
    from tests.billing.factories import draft_with_lines

    draft_with_lines()
    client.force_login(attorney)

    response = client.get(reverse("home"))

    assert "Review queue" not in response.content.decode()
