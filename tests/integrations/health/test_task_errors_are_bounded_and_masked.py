"""The error shown for a failed task is one readable line, bounded, with secrets masked."""

from integrations.health import task_error_text
from integrations.models import TASK_ERROR_MAX


def test_tokens_passwords_and_url_credentials_are_masked():
    error = ConnectionError(
        "POST https://app.clio.com/oauth/token?refresh_token=r3fr3sh&x=1 failed; "
        "Authorization: Bearer abc.def; redis://remit:hunter2@cache:6379/0"
    )

    text = task_error_text(error)

    for secret in ("r3fr3sh", "abc.def", "hunter2"):
        assert secret not in text
    assert text.startswith("ConnectionError: POST https://app.clio.com/oauth/token?")


def test_a_long_multi_line_error_is_one_bounded_line():
    text = task_error_text(ValueError("line one\nline two " + "x" * 5000))

    assert "\n" not in text
    assert len(text) == TASK_ERROR_MAX
    assert text.startswith("ValueError: line one line two x")
