"""The regressions as this study calls the methods: PPML clustered by pair, the robust comparison,
the synthetic-IV diagnostics from methods.iv, the fit row of the Poisson tables."""

from __future__ import annotations

import pyfixest as pf
import pytest

from livingpapers.methods import iv
from livingpapers.studies.rta_digital_trade import estimation as est
from livingpapers.studies.rta_digital_trade import tables
from livingpapers.studies.rta_digital_trade.data import CONTROLS


@pytest.fixture(scope="module")
def aggregate(panels):
    return panels.aggregate


def test_ppml_clusters_by_pair_and_equals_fepois(aggregate):
    fit = est.ppml(aggregate, est.CORE)
    assert fit.vcov == "clustered by iso3" and fit.fixed_effects == ["iso3", "year"]
    reference = pf.fepois(
        f"exports_usd ~ {' + '.join(est.CORE + CONTROLS)} | iso3 + year", aggregate, vcov={"CRV1": "iso3"}
    )
    assert fit.table["coef"].to_numpy() == pytest.approx(reference.coef().to_numpy(), rel=1e-9)
    assert fit.table["se"].to_numpy() == pytest.approx(reference.se().to_numpy(), rel=1e-6)  # IRLS, column order


def test_se_by_clustering_compares_the_papers_robust_errors_with_pair_clusters(aggregate):
    out = est.se_by_clustering(aggregate, est.CORE)
    robust = est.ppml(aggregate, est.CORE, vcov="hetero").table["se"]
    assert out["robust (paper)"].to_numpy() == pytest.approx(robust.to_numpy(), rel=1e-12)
    assert out["clustered by pair"]["rtadepth"] == pytest.approx(est.ppml(aggregate, est.CORE).se("rtadepth"))
    assert out["ratio"].to_numpy() == pytest.approx((out["clustered by pair"] / out["robust (paper)"]).to_numpy())


def test_poisson_tables_print_the_pseudo_r2_and_mixed_tables_both_fit_rows(aggregate):
    fits = est.baseline_fits(aggregate)
    frame = tables.regression_table(fits, "Table 3").to_paper_table().frame
    assert "Adj. R²" not in frame.index
    assert frame.loc["Pseudo R²"].tolist() == [f"{f.pseudo_r2:.3f}" for f in fits]
    mixed = tables.regression_table(est.index_fits(aggregate), "Table 4").to_paper_table().frame
    assert mixed.loc["Pseudo R²"].tolist()[2:] == ["", ""] and mixed.loc["Adj. R²"].tolist()[:2] == ["", ""]
    assert all(mixed.loc["Adj. R²"].tolist()[2:])


def test_synthetic_iv_diagnostics_are_ivreg2s_clustered_by_pair(aggregate, inputs):
    from livingpapers.studies.rta_digital_trade import analysis

    constructed = analysis._construct(inputs)
    result = est.synthetic_iv(aggregate, constructed.instruments, constructed.dyadic_coef)
    data = aggregate.merge(constructed.instruments, on=["iso3", "year"]).dropna(subset=["lnexports"])
    direct = iv.first_stage(data, est.CORE, ["rtadepth_iv", "other_iv"], CONTROLS, fe=est.FE, cluster="iso3")
    assert result.kp_lm == pytest.approx(
        (direct.kleibergen_paap_lm, direct.kleibergen_paap_lm_df, direct.kleibergen_paap_lm_p)
    )
    assert result.cd_f == pytest.approx(direct.cragg_donald_f) and result.diagnostics.n_clusters == 133
    assert result.second_stage.cov_type == "clustered"
