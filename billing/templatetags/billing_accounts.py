"""Processor accounts shown by name where a page only has their ids."""

from django import template

register = template.Library()


@register.filter
def account_name(account_id: str, names: dict[str, str]) -> str:
    """The account's name; its id once it is no longer connected; "firm default" for none
    (the firm's account applies)."""
    if not account_id:
        return "firm default"
    return names.get(account_id, account_id)
