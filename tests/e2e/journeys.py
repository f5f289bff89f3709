"""Steps the browser journeys share: a draft fit for the story, and paying on LawPay's page."""

from billing.models import Invoice
from tests.billing.sandbox_world import CARD


def draft_for_a_client_with_email(*, lines: int = 1) -> Invoice:
    """A draft of the demo firm whose client has an email and that has ``lines`` lines or more."""
    drafts = (
        Invoice.objects.filter(status=Invoice.Status.DRAFT)
        .exclude(matter__client__primary_email="")
        .select_related("matter", "matter__client", "matter__responsible_attorney")
        .order_by("pk")
    )
    for draft in drafts:
        if draft.lines.filter(live=True).count() >= lines:
            return draft
    raise AssertionError(f"the demo firm should produce a draft with {lines}+ lines and an email")


def pay_on_lawpay(page, pay_link: str, *, number: str = CARD["number"]) -> None:
    """Fill LawPay's hosted page as the client would and press Pay (the result is not awaited)."""
    page.goto(pay_link)
    page.fill("#name", "John Smith")
    page.fill("#number", number)
    page.fill("#exp_month", CARD["exp_month"])
    page.fill("#exp_year", CARD["exp_year"])
    page.fill("#cvv", CARD["cvv"])
    page.click("button:has-text('Pay')")


def pay_link_from_mailbox(page, live_server, invoice: Invoice) -> str:
    page.goto(f"{live_server.url}/integrations/mailbox/")
    page.click(f"a:has-text('{invoice.number}')")
    return page.frame_locator("iframe[title=Email]").locator("#pay-link").get_attribute("href")
