"""Record every request Remit's Clio client sends, to check each against Clio's OpenAPI document.

The hook is ``ClioClient._send``, the one place every API call passes (retries, refreshes and
paging links included), so requests the tests send themselves are not counted. The request is
prepared as ``requests`` would send it, so the URL and body are the bytes Clio would see. The
answer (here, the emulator's) is kept too and checked against the operation's response schema,
so an emulator answer Clio's spec does not allow fails the same report.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import requests

from integrations.clio.client import ClioClient
from tests.contract.clio_openapi import clio_request_problems, clio_response_problems

EMULATOR_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class SentRequest:
    method: str
    url: str
    body: bytes | None
    status: int | None = None
    answer: bytes | None = None

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    def problems(self) -> list[str]:
        problems = clio_request_problems(self.method, self.url, self.body)
        # Answers are checked when they come from the emulator (on this machine); a unit test's
        # hand-made answer (``responses``, at clio.test) shows one case, not Clio's whole shape.
        if self.status is not None and urlsplit(self.url).hostname in EMULATOR_HOSTS:
            problems += [
                f"answer: {p}"
                for p in clio_response_problems(self.method, self.url, self.status, self.answer)
            ]
        return problems

    def __str__(self) -> str:
        return f"{self.method} {unquote(self.url)}"


@contextmanager
def clio_requests_recorded() -> Iterator[list[SentRequest]]:
    """Within the block, every request a ``ClioClient`` sends is appended to the list."""
    sent: list[SentRequest] = []
    original = ClioClient._send

    def send(self, method, url, tokens, *, params, json, headers):
        prepared = requests.Request(method, url, params=params, json=json).prepare()
        body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
        try:
            response = original(
                self, method, url, tokens, params=params, json=json, headers=headers
            )
        except BaseException:
            sent.append(SentRequest(method=method.upper(), url=prepared.url, body=body))
            raise
        sent.append(
            SentRequest(
                method=method.upper(),
                url=prepared.url,
                body=body,
                status=response.status_code,
                answer=response.content or None,
            )
        )
        return response

    ClioClient._send = send
    try:
        yield sent
    finally:
        ClioClient._send = original


def clio_contract_report(sent: list[SentRequest]) -> list[str]:
    """One line per request that Clio's spec does not allow, with what is wrong with it."""
    return [f"{request}\n    {problem}" for request in sent for problem in request.problems()]
