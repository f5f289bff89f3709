"""Reading the trust pages in tests: the text of elements by their ``data-testid``."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _TestIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: dict[str, list[str]] = {}
        self.found: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        testid = dict(attrs).get("data-testid")
        self.stack.append((tag, testid))
        if testid:
            self.texts.setdefault(testid, []).append("")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, testid = self.stack.pop()
            if testid:
                text = self.texts[testid].pop()
                self.found.setdefault(testid, []).append(re.sub(r"\s+", " ", text).strip())
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        for _, testid in self.stack:
            if testid:
                self.texts[testid][-1] += data


def by_testid(html: str | bytes) -> dict[str, list[str]]:
    """Every ``data-testid`` on the page → the whitespace-collapsed text of each element."""
    parser = _TestIds()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser.found


def row_texts(html: str | bytes, row: str) -> dict[str, str]:
    """The ``data-testid`` cells inside the element ``row`` (first of each name)."""
    start = (html.decode() if isinstance(html, bytes) else html).split(f'data-testid="{row}"', 1)
    assert len(start) == 2, f"no element {row} on the page"
    fragment = "<tr " + start[1].split("</tr>", 1)[0] + "</tr>"
    return {name: texts[0] for name, texts in by_testid(fragment).items()}
