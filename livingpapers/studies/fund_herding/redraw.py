"""The stand-in's return model at the level of the fund-year measures, for the design diagnosis.

A design draw keeps the holdings, overlaps, characteristics and market betas as simulated and
draws every fund-year's return shocks anew: skill, alpha and timing shocks, the daily
idiosyncratic noise, and the crash and rally weeks (:mod:`standin`). Simulating ~2 million
fund-days and recomputing every measure for each draw is the slow way; here each draw goes straight
to the measures, using what stays fixed:

- **Rate_Ave, Alfa_CAPM, S_TM, T_TM** are linear in the daily returns: for a year's common design,
  each is ``A r`` for a fixed ``4 × T`` matrix ``A`` (the mean and the rows of the two OLS
  projections). The part due to α and γ is exact arithmetic; daily noise ε ~ N(0, v² I) enters as
  ``A ε`` ~ N(0, v² A Aᵀ), drawn from its exact distribution (the rows of ``A`` span only [1, x, x⁺],
  so three normals per fund-year suffice); a crash or rally spread over three days enters as the
  sum of three columns of ``A``.
- **Ncskew, Duvol** come from weekly returns. A week's log return Σ_d ln(1 + r_d) is expanded to
  second order around the fund's market-driven return m_d = rf_d + β x_d (fixed): each day adds
  (α + γ x⁺_d + ε_d)/(1 + m_d) − ε_d²/(2(1 + m_d)²), so the week gets a normal shock with variance
  v² Σ_d (1 + m_d)⁻² and the mean correction; a crash or rally day adds ln(1 + j/(1 + m_d)) exactly.
  The neglected terms are of third order (about 10⁻⁶ of a week's return; ``tests`` compare with the
  daily compounding on the same shocks).

Every draw shares its shocks between its two versions (with the planted effects and with all of
them set to zero), as ``methods.design`` does with common random numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from livingpapers.methods.fund_measures import crash_measures, dimson_design
from livingpapers.studies.fund_herding import measures, standin

LINEAR = ("rate_ave", "alfa_capm", "s_tm", "t_tm")
OUTCOMES = (*LINEAR, "ncskew", "duvol")


def projection(design: np.ndarray) -> np.ndarray:
    """(XᵀX)⁻¹Xᵀ: the rows map a return series to its OLS coefficients."""
    return np.linalg.solve(design.T @ design, design.T)


@dataclass
class YearBlock:
    """What stays fixed for one year's fund-years: the maps from shocks to measures."""

    rows: np.ndarray  # positions of the year's fund-years in the model
    rf: np.ndarray  # daily risk-free rate, %
    x: np.ndarray  # daily market excess return, %
    maps: np.ndarray  # (4, T): a daily return series -> (Rate_Ave, Alfa_CAPM, S_TM, T_TM)
    factor: np.ndarray  # (4, 3) maps Q, Q an orthonormal basis of [1, x, x⁺]: A ε has the law of v · factor z
    cum_maps: np.ndarray  # (4, T + 1) cumulative sums of the columns of maps
    week: np.ndarray  # (T,) week column of each day
    valid: np.ndarray  # (W,) weeks with a complete market-model design (leads and lags known)
    annihilator: np.ndarray  # (W, W) weekly returns -> market-model residuals over the valid weeks
    log_market: np.ndarray  # (n, W) Σ_d ln(1 + m_d) of each fund-year and week
    inv: np.ndarray  # (n, W) Σ_d 1/(1 + m_d)
    inv_up: np.ndarray  # (n, W) Σ_d x⁺_d/(1 + m_d)
    inv2: np.ndarray  # (n, W) Σ_d 1/(1 + m_d)²

    @classmethod
    def build(cls, rows, beta, rf, market, dates, mweekly) -> YearBlock:
        x = market - rf
        up = np.maximum(x, 0.0)
        ones = np.ones_like(x)
        capm = projection(np.column_stack([ones, x]))
        dummy = projection(np.column_stack([ones, x, up]))
        basis = np.linalg.qr(np.column_stack([ones, x, up]))[0]  # every row of maps lies in its span
        maps = np.vstack([ones / len(x), capm[0], dummy[0], dummy[2]])
        weeks = measures.week_index(dates)
        uniq, week = np.unique(weeks, return_inverse=True)
        design = dimson_design(mweekly.reindex(np.arange(uniq[0] - 2, uniq[-1] + 3)).to_numpy())
        design = design[np.isin(np.arange(uniq[0], uniq[-1] + 1), uniq)]
        valid = np.isfinite(design).all(axis=1)
        annihilator = np.zeros((len(uniq), len(uniq)))
        annihilator[np.ix_(valid, valid)] = np.eye(valid.sum()) - design[valid] @ projection(design[valid])
        gross = 1.0 + (rf[None, :] + beta[:, None] * x[None, :]) / 100.0  # 1 + m_d, decimal
        weekly = lambda values: np.add.reduceat(values, np.r_[0, np.flatnonzero(np.diff(week)) + 1], axis=1)  # noqa: E731
        return cls(
            rows=rows,
            rf=rf,
            x=x,
            maps=maps,
            factor=maps @ basis,
            cum_maps=np.concatenate([np.zeros((4, 1)), np.cumsum(maps, axis=1)], axis=1),
            week=week,
            valid=valid,
            annihilator=annihilator,
            log_market=weekly(np.log(gross)),
            inv=weekly(1.0 / gross),
            inv_up=weekly(up[None, :] / gross),
            inv2=weekly(gross**-2.0),
        )

    def measures(self, alpha, gamma, beta, vol, linear_noise, weekly_noise, jumps) -> dict[str, np.ndarray]:
        """The linear measures of the year's fund-years and their firm-specific weekly returns
        W = ln(1 + ε) of the market model (``weekly``, NaN where a week has no design), given their shocks.

        ``alpha``, ``gamma``, ``beta``, ``vol`` (daily %) per fund-year; ``linear_noise`` (n, 4) is
        ``A ε`` and ``weekly_noise`` (n, W) is Σ_d ε_d/(1 + m_d) per week, both in %; ``jumps`` is
        (row, first day, signed size in %) of every crash or rally, spread over three days.
        """
        rows, first, size = jumps
        log_weekly = (
            self.log_market
            + (alpha[:, None] * self.inv + gamma[:, None] * self.inv_up + weekly_noise) / 100.0
            - 0.5 * (vol**2)[:, None] * self.inv2 / 1e4
        )
        for k in range(3):
            day = first + k
            gross = 1.0 + (self.rf[day] + beta[rows] * self.x[day]) / 100.0
            np.add.at(log_weekly, (rows, self.week[day]), np.log1p(size / 3.0 / 100.0 / gross))
        # excess returns α + β x + γ x⁺ map exactly; Rate_Ave (row 0) also has the risk-free rate
        exact = self.maps @ np.column_stack([np.ones_like(self.x), self.x, np.maximum(self.x, 0.0)])
        linear = (exact @ np.vstack([alpha, beta, gamma])).T + linear_noise
        linear[:, 0] += self.rf.mean()
        np.add.at(linear, rows, (size / 3.0)[:, None] * (self.cum_maps[:, first + 3] - self.cum_maps[:, first]).T)
        with np.errstate(invalid="ignore"):
            firm_specific = np.log1p(np.expm1(log_weekly) @ self.annihilator)
        firm_specific[:, ~self.valid] = np.nan  # a week without a design has no residual
        return {**dict(zip(LINEAR, linear.T)), "weekly": firm_specific}


@dataclass
class MeasureModel:
    """The return model of the panel's fund-years (in the panel's row order), year by year."""

    fund: np.ndarray  # 0..n_funds-1: whose persistent skill a fund-year shares
    year_alpha: np.ndarray
    planted_alpha: np.ndarray
    planted_gamma: np.ndarray
    crash_p: np.ndarray
    beta: np.ndarray
    blocks: list[YearBlock]

    @classmethod
    def from_returns(cls, model: standin.ReturnModel, keys: pd.DataFrame) -> MeasureModel:
        """The model of the fund-years ``keys`` (columns fund_id, year), which must have full years of returns."""
        alive = model.alive
        pos = pd.MultiIndex.from_frame(alive[["fund_id", "year"]]).get_indexer(pd.MultiIndex.from_frame(keys))
        if (pos < 0).any():
            raise ValueError(f"{int((pos < 0).sum())} fund-years of the panel are not in the stand-in's return model")
        market = model.market.assign(date=model.market["date"].dt.strftime("%Y-%m-%d"))
        mweekly = measures.market_weekly(market)
        by_date = market.set_index("date")
        years = alive["year"].to_numpy()[pos]
        inception = pd.to_datetime(alive["inception_date"].to_numpy()[pos])
        blocks = []
        for year in np.unique(years):
            rows = np.flatnonzero(years == year)
            days = model.days[year]
            if (inception[rows] > days[0]).any():
                raise ValueError(f"{year}: design draws need fund-years with a full year of returns")
            dates = np.asarray(days.strftime("%Y-%m-%d"))
            m = by_date.loc[dates]
            blocks.append(YearBlock.build(rows, model.beta[pos][rows], m["rf"].to_numpy(), m["market_ret"].to_numpy(),
                                          dates, mweekly))  # fmt: skip
        return cls(pd.factorize(alive["fund"].to_numpy()[pos])[0], model.year_alpha[pos], model.planted_alpha[pos],
                   model.planted_gamma[pos], model.crash_p[pos], model.beta[pos], blocks)  # fmt: skip

    def draw(self, rng: np.random.Generator) -> tuple[dict, dict]:
        """The measures of one draw of shocks: with the planted effects, and with none of them."""
        n, n_funds = len(self.fund), self.fund.max() + 1
        vol = rng.uniform(*standin.DAILY_VOL, n_funds)[self.fund]
        skill = rng.normal(0, standin.SKILL_SD, n_funds)[self.fund]
        alpha0 = self.year_alpha + skill + rng.normal(0, standin.ALPHA_SHOCK_SD, n)
        gamma0 = rng.normal(0, standin.TIMING_SHOCK_SD, n)
        jump_u, jump_size, jump_start = rng.random((n, 2)), rng.uniform(*standin.JUMP_SIZE, (n, 2)), rng.random((n, 2))
        linear_z = rng.standard_normal((n, 3))
        weekly_z = [rng.standard_normal(b.inv2.shape) for b in self.blocks]
        versions = []
        for scale, crash_p in ((1.0, self.crash_p), (0.0, np.full(n, standin.PLANTED["crash_base_prob"].value))):
            alpha, gamma = alpha0 + scale * self.planted_alpha, gamma0 + scale * self.planted_gamma
            jumps = np.column_stack([jump_u[:, 0] < crash_p, jump_u[:, 1] < standin.RALLY_PROBABILITY])
            out = {name: np.empty(n) for name in LINEAR}
            weekly = np.full((n, max(b.annihilator.shape[0] for b in self.blocks)), np.nan)
            for block, z in zip(self.blocks, weekly_z):
                r = block.rows
                local, kind = np.nonzero(jumps[r])
                first = (jump_start[r][local, kind] * (len(block.x) - 3)).astype(int)
                size = np.where(kind == 0, -1.0, 1.0) * jump_size[r][local, kind]
                found = block.measures(alpha[r], gamma[r], self.beta[r], vol[r], vol[r, None] * linear_z[r] @ block.factor.T,
                                       vol[r, None] * np.sqrt(block.inv2) * z, (local, first, size))  # fmt: skip
                for name in LINEAR:
                    out[name][r] = found[name]
                weekly[r, : found["weekly"].shape[1]] = found["weekly"]
            crash = crash_measures(weekly)
            out.update(ncskew=crash["ncskew"].to_numpy(), duvol=crash["duvol"].to_numpy())
            versions.append(out)
        return versions[0], versions[1]
