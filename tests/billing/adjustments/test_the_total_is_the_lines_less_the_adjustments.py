"""Property: whatever the lines and adjustments, the total is the live lines less what the
adjustments take off, each write-down at most its line, and never below $0."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from billing.selectors.adjustments import invoice_figures_compute

cents = st.integers(min_value=0, max_value=10**9).map(lambda n: Decimal(n) / 100)
percents = st.integers(min_value=1, max_value=10000).map(lambda n: Decimal(n) / 100)


@given(
    lines=st.lists(cents, min_size=0, max_size=8),
    offs=st.lists(st.one_of(st.none(), cents), min_size=8, max_size=8),
    discount=st.one_of(
        st.none(), st.tuples(st.just("amount"), cents), st.tuples(st.just("%"), percents)
    ),
)
def test_total_is_lines_less_adjustments_and_never_negative(lines, offs, discount):
    amounts = {index: amount for index, amount in enumerate(lines)}
    write_downs = {i: off for i, off in enumerate(offs) if off is not None}
    kind, value = discount or (None, None)

    figures = invoice_figures_compute(
        lines=amounts,
        write_downs=write_downs,
        discount_amount=value if kind == "amount" else None,
        discount_percent=value if kind == "%" else None,
    )

    assert figures.lines_total == sum(lines, Decimal("0"))
    assert figures.total == figures.lines_total - figures.write_down_total - figures.discount
    assert figures.total >= 0
    assert figures.total == figures.total.quantize(Decimal("0.01"))
    for line_id, applied in figures.write_downs.items():
        assert 0 <= applied <= amounts[line_id]
        assert applied == min(write_downs[line_id], amounts[line_id])
