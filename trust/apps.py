from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "trust"

    def ready(self) -> None:
        from accounts.selectors import queue_counter_register
        from billing.signals import draft_created
        from trust.receivers import draft_propose_trust
        from trust.selectors_applications import trust_applications_awaiting

        draft_created.connect(draft_propose_trust, dispatch_uid="trust.draft_propose_trust")
        # The home page's count of proposals awaiting the signed-in attorney.
        queue_counter_register(
            "trust:applications", lambda user: trust_applications_awaiting(user=user).count()
        )
