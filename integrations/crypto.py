"""Secrets at rest: a text field encrypted with the Fernet keys in ``FIELD_ENCRYPTION_KEYS``.

Written by hand rather than taken from django-fernet-encrypted-fields because that library
derives its keys from SECRET_KEY and returns the ciphertext when decryption fails
(engineering-anchors.md §5): a dropped key would then send "gAAAA…" to Clio as a token. Here a
wrong key raises, the keys are their own list (newest first), and ``rotate_encrypted_fields``
re-encrypts every value under the newest key.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class DecryptionError(ImproperlyConfigured):
    pass


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty; secrets cannot be stored.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def secret_encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode()


def secret_decrypt(ciphertext: str) -> str:
    try:
        return fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        raise DecryptionError(
            "A stored secret cannot be decrypted with FIELD_ENCRYPTION_KEYS: was the key that "
            "encrypted it removed? Put it back (after the newest key) and run "
            "`manage.py rotate_encrypted_fields`."
        ) from None


class EncryptedTextField(models.TextField):
    """Stores ciphertext, gives plaintext. Empty stays empty; lookups other than isnull fail."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return secret_decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return secret_encrypt(value)

    def get_lookup(self, lookup_name):
        # Ciphertexts are randomised, so equality on them can never be true: refuse it loudly.
        if lookup_name != "isnull":
            raise NotImplementedError(f"EncryptedTextField does not support '{lookup_name}'")
        return super().get_lookup(lookup_name)


def mask(secret: str, *, visible: int = 4) -> str:
    """What a screen may show of a secret: its last few characters."""
    if not secret:
        return ""
    return "•" * 8 + secret[-visible:] if len(secret) > visible * 2 else "•" * 8
