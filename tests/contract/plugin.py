"""Opt-in: check every request Remit's Clio client sends, in any test, against Clio's spec.

    .venv/bin/python -m pytest -p tests.contract.plugin tests/integrations tests/billing

(``python -m`` puts the repo on ``sys.path`` before pytest loads ``-p`` plugins.)

A test whose requests the spec does not allow fails, listing them. Only the test's call phase is
recorded (not its fixtures). A few tests send wrong requests on purpose, to see Remit's error
handling (e.g. ``tests/integrations/clio/test_sandbox_typed_errors.py``); they fail here by design.
"""

from __future__ import annotations

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    # Imported here: a ``-p`` plugin loads before pytest-django has set Django up.
    from tests.contract.recording import clio_contract_report, clio_requests_recorded

    with clio_requests_recorded() as sent:
        outcome = yield
    report = clio_contract_report(sent)
    if report and outcome.excinfo is None:
        outcome.force_exception(
            AssertionError("Clio's OpenAPI document does not allow:\n" + "\n".join(report))
        )
