"""LawPay (8am / AffiniPay) Payment Gateway client. Source: shared/reference/lawpay-api.md."""
