"""The API's JSON parser: DRF's, after refusing a body nested deeper than the receivers allow.

Python's JSON decoder recurses once per level, so a few thousand ``[`` raised RecursionError
and the API answered 500; the depth is checked by a scan of the bytes first, as the webhook
receivers do, and such a body is a 400.
"""

from __future__ import annotations

import io

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from integrations.inbound.receivers import MAX_JSON_DEPTH, json_depth_exceeds


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read()
        if json_depth_exceeds(raw):
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        return super().parse(io.BytesIO(raw), media_type, parser_context)
