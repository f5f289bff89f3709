"""LawPay (AffiniPay / 8am) payment gateway emulator.

A separate Flask process with its own sqlite state, written only from
/work/shared/reference/lawpay-api.md so that it shares no code or reading with Remit's client.
See docs/sandbox/lawpay.md.
"""
