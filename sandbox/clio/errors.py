"""Errors in Clio's envelope: ``{"error": {"type": ..., "message": ...}}`` (reference §2)."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, type_: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message

    def body(self) -> dict:
        return {"error": {"type": self.type, "message": self.message}}


def invalid_fields(message: str) -> ApiError:
    return ApiError(400, "InvalidFields", message)


def argument_error(message: str) -> ApiError:
    return ApiError(422, "ArgumentError", f"An invalid argument was supplied: {message}")


def not_found(what: str = "record") -> ApiError:
    return ApiError(404, "RecordNotFound", f"The requested {what} could not be found")
