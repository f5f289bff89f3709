import pytest

from accounts.services import demo_users_create
from tests.e2e.conftest import log_in
from tests.factories import roles_ensure

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _roles():
    roles_ensure()


@pytest.mark.parametrize(
    ("username", "queues"),
    [
        ("billing", ["Review queue", "Needs attention", "Unmatched payments"]),
        ("attorney", ["My flagged matters", "Trust applications"]),
        ("admin", ["Review queue", "Connections", "Integration health"]),
    ],
)
def test_each_demo_user_logs_in_and_sees_their_queues(
    page, live_server, tmp_path, username, queues
):
    passwords = demo_users_create(credentials_path=tmp_path / "credentials.txt")

    log_in(page, live_server, username, passwords[username])

    cards = page.locator("[data-testid=queue] h2 a").all_inner_texts()
    assert page.locator("[data-testid=signed-in-as]").inner_text() == username
    for queue in queues:
        assert queue in cards
    # Styles come from WhiteNoise on this server, never from a CDN.
    assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "flex"


def test_a_wrong_password_keeps_the_visitor_out(page, live_server, tmp_path):
    demo_users_create(credentials_path=tmp_path / "credentials.txt")

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "billing")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")

    assert "Please enter a correct username and password" in page.content()
    page.goto(f"{live_server.url}/billing/review/")
    assert page.url.startswith(f"{live_server.url}/login/")
