"""``/api/v1/trust/…`` (names fixed by the trust issue so other tools can rely on them)."""

urlpatterns: list = []
