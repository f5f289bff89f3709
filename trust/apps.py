from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "trust"

    def ready(self) -> None:
        from billing.signals import draft_created
        from trust.receivers import draft_propose_trust

        draft_created.connect(draft_propose_trust, dispatch_uid="trust.draft_propose_trust")
