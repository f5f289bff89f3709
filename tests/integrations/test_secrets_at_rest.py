import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from integrations.crypto import DecryptionError, mask
from integrations.models import ClioConnection

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def stored_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def clio_connection(**fields) -> ClioConnection:
    defaults = {"base_url": "http://clio.test", "client_id": "app", "client_secret": "s3cret"}
    return ClioConnection.objects.create(**{**defaults, **fields})


@override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY])
def test_tokens_are_stored_encrypted_and_read_back_in_plain(db):
    saved = clio_connection(access_token="access-123", refresh_token="refresh-456")

    raw = stored_column("integrations_clioconnection", "access_token", saved.pk)
    loaded = ClioConnection.objects.get(pk=saved.pk)

    assert "access-123" not in raw
    assert raw.startswith("gAAAA")
    assert (loaded.access_token, loaded.refresh_token) == ("access-123", "refresh-456")


@override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY])
def test_a_value_encrypted_under_a_removed_key_raises_instead_of_leaking_ciphertext(db):
    saved = clio_connection(access_token="access-123")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(DecryptionError):
        ClioConnection.objects.get(pk=saved.pk)


@override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY])
def test_rotation_re_encrypts_under_the_newest_key_so_the_old_one_can_go(db):
    saved = clio_connection(access_token="access-123", refresh_token="refresh-456")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("rotate_encrypted_fields", stdout=io.StringIO())
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        loaded = ClioConnection.objects.get(pk=saved.pk)

    assert (loaded.client_secret, loaded.access_token) == ("s3cret", "access-123")


def test_encrypted_columns_refuse_equality_lookups(db):
    with pytest.raises(NotImplementedError):
        ClioConnection.objects.filter(access_token="x").exists()


def test_the_history_never_holds_a_copy_of_a_token(db):
    saved = clio_connection(access_token="access-123")
    saved.access_token = "access-789"
    saved.save()

    history_fields = {f.name for f in saved.history.model._meta.fields}

    assert saved.history.count() == 2
    assert not history_fields & {"client_secret", "access_token", "refresh_token"}


def test_masking_shows_only_the_last_characters():
    assert mask("sk_test_abcdefgh1234") == "••••••••1234"
    assert mask("short") == "••••••••"
    assert mask("") == ""
