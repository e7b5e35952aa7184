"""One call from parameters to everything the chapter shows: inputs, panels, Table 2, IV inputs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from livingpapers.studies.rta_digital_trade import data as dt
from livingpapers.studies.rta_digital_trade import estimation as est
from livingpapers.studies.rta_digital_trade import panel as pn
from livingpapers.studies.rta_digital_trade import standin
from livingpapers.toolkit.tables import PaperTable, from_frame


@dataclass
class Study:
    inputs: dt.Inputs
    countries: pd.DataFrame
    panels: pn.Panels
    table2: pd.DataFrame  # one row per Chinese or benchmark agreement
    instruments: pd.DataFrame
    dyadic_coef: pd.Series


def build(data_mode: str, seed: int) -> Study:
    """Read or simulate the inputs, assemble the panels, rebuild Table 2 and the synthetic instruments."""
    c = dt.countries()
    inputs = standin.generate(seed) if data_mode == "standin" else dt.read_inputs()
    panels = pn.assemble(inputs, c)
    gravity = est.ivgravity(c, standin.distances(c))
    z = inputs.importers.assign(
        lngdppc=np.log(inputs.importers["gdppc_usd"]), lnexrate=np.log(inputs.importers["exrate_lcu_per_usd"])
    )[["iso3", "year", "lngdppc", "lnexrate"]]
    z = z[z["iso3"] != dt.CHINA]
    coef = est.dyadic_first_step(panels.depths.pair_depths, gravity, z)
    instruments = est.synthetic_instruments(coef, panels.depths.pair_depths, gravity, z, panels.depths.weights)
    return Study(inputs, c, panels, table2_frame(inputs.agreement_depths), instruments, coef)


def table2_frame(agreement_depths: pd.DataFrame) -> pd.DataFrame:
    """China's counted agreements in order of entry into force, then the five benchmark templates."""
    facts = dt.agreements()
    first = facts.groupby("agreement_id").agg(
        name=("name_en", "first"),
        name_zh=("name_zh", "first"),
        signed=("signed", "min"),
        in_force=("in_force", "min"),
        china=("china_party", "max"),
        counted=("counted_by_paper", "max"),
        ecommerce=("ecommerce_chapter", "max"),
    )
    chinese = first[(first["china"] == 1) & (first["counted"] == 1)].sort_values(
        ["in_force", "signed"], na_position="last"
    )
    ids = chinese.index.tolist() + list(dt.BENCHMARKS)
    frame = first.loc[ids].join(agreement_depths.set_index("agreement_id"), how="left")
    published = dt.published_depths()
    frame["published_depth"] = published.reindex(frame.index)
    frame["published"] = frame["published_depth"].notna()
    frame["label"] = [f"{row.name} ({int(row.signed.year)})" for row in frame.itertuples()]
    return frame


def table2_display(table2: pd.DataFrame, simulated: bool) -> PaperTable:
    source = "stand-in coding" if simulated else "reader's coding"
    frame = pd.DataFrame(
        {
            "协定 Agreement": table2["name_zh"],
            "Signed": table2["signed"].dt.strftime("%Y-%m-%d"),
            "In force": table2["in_force"].dt.strftime("%Y-%m-%d").fillna("not in force"),
            **{g: table2[g.lower()].map("{:.3f}".format) for g in ("G1", "G2", "G3", "G4", "G5")},
            "Depth": table2["depth"].map("{:.3f}".format),
            "Flat index": table2["flat"].map("{:.3f}".format),
            "Published": table2["published_depth"].map(lambda v: f"{v:.3f}" if pd.notna(v) else "—"),
            "Basis": np.where(table2["published"], f"{source} fitted to the published value", source),
        }
    ).set_axis(table2["label"].to_numpy())
    return from_frame(
        frame,
        "表2 国际高标准和中国数字贸易规则深度 Table 2 (rebuilt). Depth of China's and benchmark digital-trade rules",
        "G1-G5: group depths (mean over second-level items of mean over aspects of score/3); Depth: their mean; "
        "Flat index: all scores / (3 x number of aspects), used for IRTAdepth. The paper prints only the six "
        "'Published' values; every coding here is a stand-in found by search (see the text).",
        stub_name="Agreement",
    )


def table2_checks(table2: pd.DataFrame, scores: dict | None) -> dict[str, tuple[bool, str]]:
    """The ordering claims C8-C15 evaluated on the rebuilt Table 2."""
    d = table2["depth"]
    china = table2[table2["china"] == 1]
    others = china.drop(index="RCEP")
    bench = d.loc[list(dt.BENCHMARKS)]
    early = china[china["signed"].dt.year < 2014]
    zeros = (early[["g1", "g4", "g5"]] == 0).all(axis=1).mean()
    earlier = china[china["signed"] < china.loc["CN_KOR", "signed"]]
    cbdf = "not checkable without aspect codings"
    if scores is not None:
        from livingpapers.studies.rta_digital_trade.depth import ASPECTS

        item = (ASPECTS["item"] == "cross_border_data_flows").to_numpy()
        cbdf_zero = all(scores[a][item].sum() == 0 for a in ("CN_KOR", "CN_AUS"))
        cbdf = f"cross-border data-flow aspects all 0 in Korea and Australia: {cbdf_zero}"
    first_ecom = china[china["ecommerce"] == 1]["signed"].min() == china.loc[["CN_KOR", "CN_AUS"], "signed"].min()
    return {
        "C8": (
            d.loc["RCEP"] == china["depth"].max(),
            f"RCEP {d.loc['RCEP']:.3f}; next deepest {others['depth'].max():.3f}",
        ),
        "C9": (
            others["depth"].max() < bench.min(),
            f"max other Chinese {others['depth'].max():.3f} < min template {bench.min():.3f}",
        ),
        "C10": (
            d.loc["RCEP"] > max(d.loc["EU_JPN"], d.loc["EU_GBR"]),
            f"RCEP {d.loc['RCEP']:.3f}; EU-JP {d.loc['EU_JPN']:.3f}; EU-UK {d.loc['EU_GBR']:.3f}",
        ),
        "C11": (
            d.loc["RCEP"] < d.loc["CPTPP"] < d.loc["USMCA"],
            f"{d.loc['RCEP']:.3f} < {d.loc['CPTPP']:.3f} < {d.loc['USMCA']:.3f}",
        ),
        "C12": (
            table2.loc["RCEP", "g4"] == 0 and table2.loc["CPTPP", "g4"] > 0 and table2.loc["USMCA", "g4"] > 0,
            f"G4: RCEP {table2.loc['RCEP', 'g4']:.3f}, CPTPP {table2.loc['CPTPP', 'g4']:.3f}, USMCA {table2.loc['USMCA', 'g4']:.3f}",
        ),
        "C13": (
            bool(first_ecom) and (scores is None or "True" in cbdf),
            f"first e-commerce chapters (facts): {bool(first_ecom)}; {cbdf}",
        ),
        "C14": (zeros >= 0.5, f"{zeros:.0%} of the {len(early)} pre-2014 agreements have G1 = G4 = G5 = 0"),
        "C15": (
            d.loc["CN_KOR"] > d.loc["CN_AUS"] > earlier["depth"].max(),
            f"Korea {d.loc['CN_KOR']:.3f} > Australia {d.loc['CN_AUS']:.3f} > earlier max {earlier['depth'].max():.3f}",
        ),
    }
