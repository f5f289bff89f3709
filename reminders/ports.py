"""What the reminders app asks of the integrations without importing them.

``reminders_scan --as-of`` moves the scan's clock; that is only honest against the emulators
(a real client would get a reminder a month early). The integrations register the check that
says whether both connections point at the emulators on this machine (``IntegrationsConfig``).
"""

from __future__ import annotations

from collections.abc import Callable

# Returns "" when Remit runs against the emulators, else why not.
SandboxCheck = Callable[[], str]

_sandbox_check: SandboxCheck | None = None


def sandbox_check_set(check: SandboxCheck | None) -> None:
    global _sandbox_check
    _sandbox_check = check


def sandbox_refusal() -> str:
    """Why the connections are not the emulators ("" when they are)."""
    if _sandbox_check is None:
        return "No integrations are installed to say where Clio and LawPay are."
    return _sandbox_check()
