from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sandbox.lawpay.support import Gateway, Receiver


@pytest.fixture
def gateway(lawpay_sandbox) -> Gateway:
    """The shared emulator, reset, spoken to with the test-mode secret key."""
    return Gateway(lawpay_sandbox.base_url)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.close()
