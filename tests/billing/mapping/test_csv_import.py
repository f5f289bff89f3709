"""CSV import: all rows or none, with a validation report row by row."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from billing.models import MatterMapping
from tests.billing.mapping.conftest import matter_seen

URL = reverse("integrations:mappings-import")
HEADER = (
    "clio_matter_id,display_number,reference,lawpay_operating_account_id,lawpay_trust_account_id"
)


def upload(client, text: str, **extra):
    file = SimpleUploadedFile("mappings.csv", text.encode(), content_type="text/csv")
    return client.post(URL, {"file": file, **extra})


def references() -> dict[int, str]:
    return dict(MatterMapping.objects.values_list("clio_matter_id", "reference"))


def test_a_valid_file_is_applied_and_recorded_in_history(admin_client, firm_admin):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")

    response = upload(
        admin_client,
        f"{HEADER}\n1001,00001-Smith,SMITH-LIT,op-1,trust-1\n1002,00002-Garcia,00002-Garcia,,\n",
    )

    assert response.status_code == 200
    assert "Applied: 1 mapping changed." in response.content.decode()
    assert references() == {1001: "SMITH-LIT", 1002: "00002-Garcia"}
    smith = MatterMapping.objects.get(clio_matter_id=1001)
    assert (smith.lawpay_operating_account_id, smith.lawpay_trust_account_id) == ("op-1", "trust-1")
    assert smith.history.latest().history_user == firm_admin
    assert smith.history.latest().history_change_reason == "CSV import"


def test_one_invalid_row_means_nothing_is_applied(admin_client):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")
    too_long = "R" * 129

    response = upload(
        admin_client,
        f"{HEADER}\n1001,,SMITH-LIT,,\n1002,,{too_long},,\n9999,,NOPE,,\nabc,,X,,\n",
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was applied: 3 rows invalid." in page
    assert "at most 128 characters" in page
    assert "No mapping for this Clio matter id." in page
    assert "clio_matter_id must be a number." in page
    assert references() == {1001: "00001-Smith", 1002: "00002-Garcia"}


def test_duplicates_are_checked_against_the_whole_file(admin_client):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")
    matter_seen(1003, "00003-Acme")

    swap = upload(admin_client, f"{HEADER}\n1001,,00002-Garcia,,\n1002,,00001-Smith,,\n")
    clash = upload(admin_client, f"{HEADER}\n1003,,00001-Smith,,\n")

    assert swap.status_code == 200
    assert references()[1001] == "00002-Garcia" and references()[1002] == "00001-Smith"
    assert clash.status_code == 400
    assert "would also be used by matter 00002-Garcia" in clash.content.decode()
    assert set(MatterMapping.objects.values_list("status", flat=True)) == {"ok"}


def test_a_check_only_import_reports_without_applying(admin_client):
    matter_seen(1001, "00001-Smith")

    response = upload(admin_client, f"{HEADER}\n1001,,SMITH-LIT,,\n", dry_run="on")

    assert "Checked only" in response.content.decode()
    assert references() == {1001: "00001-Smith"}


def test_a_file_without_the_needed_columns_is_refused(admin_client):
    matter_seen(1001, "00001-Smith")

    response = upload(admin_client, "id,ref\n1001,X\n")

    assert response.status_code == 400
    assert "Missing column(s): clio_matter_id, reference." in response.content.decode()


def test_an_exported_file_imports_back_unchanged(admin_client):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "=SUM(A1)")
    exported = admin_client.get(reverse("integrations:mappings-export")).content.decode()

    response = upload(admin_client, exported)

    assert response.status_code == 200
    assert references() == {1001: "00001-Smith", 1002: "=SUM(A1)"}
