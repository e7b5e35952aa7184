"""Every computation of the consumer-finance chapter: Tables 1 and 2 read as numbers, the checks
of the text's statements on the figure data, and the arithmetic on the paper's own numbers.

:func:`run` does it all in one call and returns :class:`Results`, which the tables, figures and
ledger modules read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .data import TABLE1, TABLE2, BankData, Inputs, bank_label, text_numbers


def parse_rate_bounds(text: str) -> tuple[float, float]:
    """Lower and upper bound of a verbatim rate string ('年化利率 3.6-9%' -> (3.6, 9.0)).

    A single number gives equal bounds. The wording differences (最低, 单利, a missing % sign)
    are kept in the printed table; only the numbers are read here.
    """
    numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)]
    if not numbers:
        raise ValueError(f"no rate in {text!r}")
    return min(numbers), max(numbers)


def table1_numbers() -> pd.DataFrame:
    """Table 1 with the computed spread and the parsed product-rate bounds, one row per bank."""
    frame = TABLE1.copy()
    frame["spread"] = (frame["retail_yield"] - frame["corporate_yield"]).round(2)
    bounds = frame["product_rate"].map(parse_rate_bounds)
    frame["rate_low"] = [lo for lo, _ in bounds]
    frame["rate_high"] = [hi for _, hi in bounds]
    return frame


def parse_policy_date(text: str) -> tuple[int, int] | None:
    """'2022.10' -> (2022, 10); an empty cell -> None (read as year and month, never as a decimal)."""
    if not text.strip():
        return None
    year, month = text.split(".")
    return int(year), int(month)


def table2_summary() -> dict:
    """Counts of Table 2: rows, regions, dated rows, date span, rows per year."""
    dates = [parse_policy_date(d) for d in TABLE2["date"]]
    dated = sorted(d for d in dates if d)
    return {
        "rows": len(TABLE2),
        "regions": TABLE2["region"].nunique(),
        "dated": len(dated),
        "undated": dates.count(None),
        "first": dated[0],
        "last": dated[-1],
        "by_year": pd.Series([y for y, _ in dated]).value_counts().sort_index().to_dict(),
    }


def hubei_amount() -> float:
    """The Hubei consumer-loan programme as printed in Table 2 (亿元), read from the content cell."""
    cell = TABLE2.loc[TABLE2["region"] == "湖北", "content_zh"].iloc[0]
    return float(re.search(r"(\d+)\s*亿元", cell).group(1))


# The text's statements about Figs. 2 and 3 (§2.3), checked on the stand-in or the reader's data.
FAR_EXCEEDS_RATIO = 2.0

CARD_EXCEPTIONS = ("PSBC", "CZBank")

RETAIL_MAJORITY_BANKS = ("PingAn", "PSBC", "CMB")

TOTAL_FLOOR_BANKS = ("CMB", "PingAn")


def retail_majority(loans: pd.DataFrame) -> tuple[bool, str]:
    """C14: retail share > 50% at Ping An, PSBC and CMB."""
    shares = loans.set_index("bank")["retail_share"].reindex(list(RETAIL_MAJORITY_BANKS))
    passed = bool(shares.notna().all() and (shares > 50).all())
    return passed, "; ".join(f"{bank_label(b)} {v:.1f}%" for b, v in shares.items())


def totals_above_floor(balances: pd.DataFrame, floor: float | None = None) -> tuple[bool, str]:
    """C22: CMB's and Ping An's card + consumer totals both exceed ``floor`` 亿 (default: the text's 1 tn yuan, N16)."""
    floor = text_numbers()["cmb_pingan_card_plus_consumer_floor"] if floor is None else floor
    b = balances.set_index("bank").reindex(list(TOTAL_FLOOR_BANKS))
    totals = b["card_loans"] + b["consumer_loans"]
    passed = bool(totals.notna().all() and (totals > floor).all())
    return passed, "; ".join(f"{bank_label(k)} {v:,.0f} 亿" for k, v in totals.items())


def card_dominance(balances: pd.DataFrame, ratio: float = FAR_EXCEEDS_RATIO) -> tuple[bool, str]:
    """C23: card loans >= ratio x consumer loans at every bank except PSBC and CZBank, and not there."""
    b = balances.set_index("bank")
    far = b["card_loans"] >= ratio * b["consumer_loans"]
    exceptions = [x for x in CARD_EXCEPTIONS if x in far.index]
    others = far.drop(exceptions)
    passed = bool(others.all() and not far.reindex(exceptions).any() and len(exceptions) == len(CARD_EXCEPTIONS))
    failing = [bank_label(x) for x in others.index[~others]] + [bank_label(x) for x in exceptions if far[x]]
    shown = (
        f"card >= {ratio:g}x consumer at {int(others.sum())} of {len(others)} other banks; "
        f"not at {', '.join(bank_label(x) for x in exceptions) or 'none'}"
    )
    return passed, shown + (f"; exceptions to the pattern: {', '.join(failing)}" if failing else "")


def yields_matching_note(note: str, table1: pd.DataFrame) -> int:
    """How many of Table 1's twelve yields equal the transcription in claim C12's note.

    The note ('ABC 4.64/3.92; ICBC 4.69/3.86; ...') is a second, independent transcription kept
    with the published claims, so the two places cannot drift apart unnoticed.
    """
    pairs = dict(re.findall(r"(\w+) (\d+\.\d+/\d+\.\d+)", note))
    count = 0
    for _, row in table1.iterrows():
        retail, corporate = (float(x) for x in pairs.get(row["bank"], "nan/nan").split("/"))
        count += (retail == row["retail_yield"]) + (corporate == row["corporate_yield"])
    return int(count)


def nim_first_below_two(series: pd.DataFrame, published_2022: float) -> tuple[bool, str]:
    """C9: 2022 NIM equals the published value (claim C9) and every earlier year-end NIM is at least 2%."""
    nim = series[series["indicator"] == "nim"].set_index("year")
    earlier = nim[nim.index < 2022]
    v2022 = float(nim.loc[2022, "value"]) if 2022 in nim.index else float("nan")
    passed = bool(round(v2022, 2) == round(published_2022, 2) and len(earlier) and (earlier["value"] >= 2.0).all())
    unverified = int((earlier["confidence"] == "low").sum())
    return passed, (
        f"2022 NIM {v2022:.2f}; lowest {earlier.index.min()}-{earlier.index.max()} "
        f"{earlier['value'].min():.2f} ({unverified} of {len(earlier)} earlier points unverified)"
    )


def cagr(start: float, end: float, years: int) -> float:
    """Compound annual growth rate (a fraction)."""
    return (end / start) ** (1 / years) - 1


def compound(value: float, rate: float, years: int) -> float:
    """``value`` grown at ``rate`` (a fraction) for ``years`` years."""
    return value * (1 + rate) ** years


@dataclass(frozen=True)
class ArithmeticCheck:
    """One row of the arithmetic-checks table."""

    check: str
    computation: str
    result: str
    paper: str
    verdict: str


MARKET_SHARE_KEYS = (
    "share_credit_cards",
    "share_bank_consumer_loans",
    "share_internet_platforms",
    "share_consumer_finance_companies",
)


def market_share_residual(n: dict) -> float:
    """The part of Fig. 4 the text does not allocate (100 minus the four stated shares)."""
    return 100 - sum(n[k] for k in MARKET_SHARE_KEYS)


def implied_market_tn(n: dict) -> float:
    """Total market implied by the consumer finance companies' assets and their 4% share, tn yuan."""
    return n["cfc_total_assets"] / (n["share_consumer_finance_companies"] / 100) / 10_000


def _verdict(ok: bool) -> str:
    return "consistent" if ok else "FLAG"


def arithmetic_checks(n: dict, table1: pd.DataFrame) -> list[ArithmeticCheck]:
    """Every arithmetic check of spec §8.10, plus descriptive ones the text invites."""
    growth = cagr(n["consumer_credit_2014"], n["consumer_credit_2021"], 7)
    forecast = compound(n["consumer_credit_2021"], n["consumer_credit_growth_forecast"] / 100, 5)
    change = -n["nim_change_2022_bp"] / 100  # the printed change is negative (bp)
    nim_2021 = n["nim_2022"] + change
    stated = sum(n[k] for k in MARKET_SHARE_KEYS)
    banks = n["share_credit_cards"] + n["share_bank_consumer_loans"]
    market = implied_market_tn(n)
    lo, hi = n["retail_yield_low"], n["retail_yield_high"]
    r = table1["retail_yield"]
    physical = n["physical_online_retail_2022"] / n["online_retail_2022"]
    start, end, rate = n["consumer_credit_2014"], n["consumer_credit_2021"], n["consumer_credit_growth_forecast"]
    shares = [n[k] for k in MARKET_SHARE_KEYS]
    return [
        ArithmeticCheck(
            "CAGR of narrow consumer credit, 2014-2021",
            f"({end:g} / {start:g})^(1/7) - 1",
            f"{growth:.2%}",
            f"{n['consumer_credit_cagr_2014_2021']:g}%",
            _verdict(round(growth * 100, 1) == n["consumer_credit_cagr_2014_2021"]),
        ),
        ArithmeticCheck(
            f"2026 forecast at {rate:g}% a year",
            f"{end:g} x {1 + rate / 100:g}^5",
            f"{forecast:.2f} tn",
            f"approaching {n['consumer_credit_2026_forecast']:g} tn",
            _verdict(round(forecast) == n["consumer_credit_2026_forecast"]),
        ),
        ArithmeticCheck(
            "NIM 2021 and 2022",
            f"{nim_2021:.2f} - {change:.2f} (2021 derived as {n['nim_2022']:.2f} + {change:.2f})",
            f"{nim_2021:.2f} - {change:.2f} = {nim_2021 - change:.2f}",
            f"{n['nim_2022']:.2f}%, down {change * 100:.0f} bp",
            "consistent by construction",
        ),
        ArithmeticCheck(
            "Fig. 4 shares add up",
            " + ".join(f"{v:g}" for v in shares),
            f"{stated:g}%",
            "(no total printed)",
            f"FLAG: {market_share_residual(n):g}% not allocated in the text",
        ),
        ArithmeticCheck(
            "Banks' combined share",
            f"{shares[0]:g} + {shares[1]:g}",
            f"{banks:g}%",
            "半壁江山 ('half the market')",
            _verdict(banks >= 50),
        ),
        ArithmeticCheck(
            "Market size implied by the CFC share",
            f"{n['cfc_total_assets']:,.2f} 亿 / {n['share_consumer_finance_companies']:g}%",
            f"{market:.1f} tn",
            f"narrow consumer credit {end:g} tn (2021)",
            f"FLAG: {market / end:.2f} x the {end:g} tn balance",
        ),
        ArithmeticCheck(
            "Table 1 retail yields inside the text's band",
            f"min, max of six yields vs [{lo:g}, {hi:g}]",
            f"{r.min():.2f}%-{r.max():.2f}%",
            f"{lo:g}%-{hi:g}%",
            _verdict(r.between(lo, hi).all()),
        ),
        ArithmeticCheck(
            "Table 1 retail above corporate",
            "retail - corporate, six banks",
            f"{(r - table1['corporate_yield']).min():.2f} to {(r - table1['corporate_yield']).max():.2f} pp",
            "retail yields higher",
            _verdict((r > table1["corporate_yield"]).all()),
        ),
        ArithmeticCheck(
            "Physical goods in online retail",
            f"{n['physical_online_retail_2022']:g} / {n['online_retail_2022']:g}",
            f"{physical:.1%}",
            "(not printed)",
            "descriptive",
        ),
    ]


def implied_earlier_levels(n: dict) -> dict[str, float]:
    """Levels a year (or three) earlier implied by the text's levels and growth rates."""
    online_2021 = n["online_retail_2022"] / (1 + n["online_retail_growth_2022"] / 100)
    physical_2021 = n["physical_online_retail_2022"] / (1 + n["physical_online_growth_2022"] / 100)
    other_2022 = n["online_retail_2022"] - n["physical_online_retail_2022"]
    return {
        "nev_sales_2020": n["nev_sales_2021"] / (1 + n["nev_growth_multiple_2021"]),
        "service_consumption_2019": n["service_consumption_per_capita_2022"]
        / (1 + n["service_consumption_growth_2019_2022"] / 100) ** 3,
        "non_physical_online_2021": online_2021 - physical_2021,
        "non_physical_online_2022": other_2022,
        "non_physical_online_growth": other_2022 / (online_2021 - physical_2021) - 1,
    }


def consumer_credit_path(n: dict) -> pd.DataFrame:
    """Stated points, geometric interpolation 2014-2021 and the forecast path 2021-2026 (tn yuan)."""
    start, end = n["consumer_credit_2014"], n["consumer_credit_2021"]
    g_hist = cagr(start, end, 7)
    g_fore = n["consumer_credit_growth_forecast"] / 100
    rows = [
        {
            "year": y,
            "balance": compound(start, g_hist, y - 2014),
            "kind": "stated" if y in (2014, 2021) else "interpolated",
        }
        for y in range(2014, 2022)
    ]
    rows += [
        {
            "year": y,
            "balance": compound(end, g_fore, y - 2021),
            "kind": "forecast (computed)" if y == 2026 else "forecast path",
        }
        for y in range(2022, 2027)
    ]
    return pd.DataFrame(rows)


@dataclass
class Results:
    """What the chapter shows, computed once by :func:`run`."""

    inputs: Inputs
    table1: pd.DataFrame  # Table 1 with the spread and the parsed product-rate bounds
    table2: dict  # counts of Table 2 (see table2_summary)
    arithmetic: list[ArithmeticCheck]
    nim_basis: str  # "real" when the NIM/ROA series is the reader's file, "facts" otherwise

    @property
    def numbers(self) -> dict[str, float]:
        return self.inputs.numbers

    @property
    def banks(self) -> BankData:
        return self.inputs.banks

    @property
    def nim_roa(self) -> pd.DataFrame:
        return self.inputs.nim_roa


def run(inputs: Inputs, params: dict) -> Results:
    """Everything the chapter computes from its inputs (the paper is descriptive: no parameter changes it)."""
    table1 = table1_numbers()
    nim_basis = "real" if (inputs.nim_roa["confidence"] == "real").all() else "facts"
    return Results(inputs, table1, table2_summary(), arithmetic_checks(inputs.numbers, table1), nim_basis)
