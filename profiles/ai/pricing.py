"""Dollar cost of a call from the price table (rows in ``AIModelPrice``, code defaults below)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from profiles.models import AIModelPrice

# (provider, model, effective from, USD per million input tokens, per million output tokens).
# Seed 003 quotes gpt-4o-mini at $0.00015 / $0.0006 per 1K tokens, i.e. $0.15 / $0.60 per million.
DEFAULT_PRICES: tuple[tuple[str, str, date, Decimal, Decimal], ...] = (
    ("openai", "gpt-4o-mini", date(2024, 7, 18), Decimal("0.15"), Decimal("0.60")),
    ("openai", "gpt-4o", date(2024, 5, 13), Decimal("5.00"), Decimal("15.00")),
    ("openai", "gpt-4o", date(2024, 10, 1), Decimal("2.50"), Decimal("10.00")),
    ("openai", "gpt-4.1-mini", date(2025, 4, 14), Decimal("0.40"), Decimal("1.60")),
)
MILLION = Decimal(1_000_000)


def price_on(provider: str, model: str, day: date) -> tuple[Decimal, Decimal] | None:
    """(input, output) USD per million tokens in force on ``day``; None when unknown."""

    row = (
        AIModelPrice.objects.filter(provider=provider, model=model, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )
    if row is not None:
        return row.input_usd_per_million, row.output_usd_per_million
    known = [p for p in DEFAULT_PRICES if p[0] == provider and p[1] == model and p[2] <= day]
    if not known:
        return None
    _, _, _, price_in, price_out = max(known, key=lambda p: p[2])
    return price_in, price_out


def cost_usd(provider: str, model: str, day: date, tokens_in: int, tokens_out: int) -> Decimal:
    if provider == "local":
        return Decimal(0)
    price = price_on(provider, model, day)
    if price is None:
        return Decimal(0)
    return (price[0] * tokens_in + price[1] * tokens_out) / MILLION
