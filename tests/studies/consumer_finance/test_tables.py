"""Consumer finance: Tables 1 and 2 laid out as printed, with the computed columns labelled."""

from __future__ import annotations

from livingpapers.studies.consumer_finance import analysis, data, tables


def test_table1_spread_and_ranking():
    t = analysis.table1_numbers().set_index("bank")
    assert t["spread"].to_dict() == {"ABC": 0.72, "ICBC": 0.83, "BoCom": 0.87, "PSBC": 1.39, "CMB": 1.59, "CMBC": 1.42}
    assert list(t["retail_yield"].sort_values(ascending=False).index) == ["CMB", "CMBC", "PSBC", "BoCom", "ICBC", "ABC"]
    assert t["corporate_yield"].min() == 3.84 and t["corporate_yield"].max() == 4.00
    printed = tables.table1_as_printed().frame
    assert "Spread, pp (computed, not printed)" in printed.columns
    assert printed.loc["招商银行 CMB", "消费贷利率 Consumer-loan rate (verbatim)"] == "年化利率 3.6-9%"


def test_table2_counts():
    s = analysis.table2_summary()
    assert (s["rows"], s["regions"], s["dated"], s["undated"]) == (10, 6, 9, 1)
    assert (s["first"], s["last"]) == ((2022, 6), (2023, 4))
    assert s["by_year"] == {2022: 3, 2023: 6}
    counts = tables.table2_counts().frame
    assert counts.loc["江苏 Jiangsu", tables.UNDATED] == "1"
    assert counts.loc["Total", "Total"] == "10"
    new_residents = data.TABLE2["policy_zh"].str.contains("新市民") | data.TABLE2["content_zh"].str.contains("新市民")
    assert list(data.TABLE2.index[new_residents]) == [1, 2, 6]
    assert analysis.hubei_amount() == 500
