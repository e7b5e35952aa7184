"""Double/debiased machine learning (DoubleML) with the data and its roles given as arguments.

- :func:`partially_linear`: y = theta d + g(X) + u, d = m(X) + v (Chernozhukov et al. 2018);
- :func:`late`: the interactive IV model, the local average treatment effect of a binary
  treatment ``treat`` induced by a binary ``instrument``.

Both cross-fit random forests by default (any scikit-learn learners can be passed). Results are
reproducible and do not depend on the row order or the column names: rows are put in a canonical
order (sorted by the columns used) before the seeded fold split.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd

from livingpapers.methods._frames import SafeFrame
from livingpapers.methods.checks import MethodInputError, as_list, require_count, require_variables


@dataclass(frozen=True)
class DMLEstimate:
    coef: float
    se: float
    t: float
    p: float
    n_obs: int
    model: str


def _doubleml():
    with warnings.catch_warnings():  # doubleml imports tqdm.auto, which asks for ipywidgets
        warnings.filterwarnings("ignore", message="IProgress not found")
        import doubleml
    return doubleml


def forest(seed: int, classifier: bool = False, n_estimators: int = 100):
    """The default nuisance learner: a random forest (regressor, or classifier for binary targets)."""
    from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

    cls = RandomForestClassifier if classifier else RandomForestRegressor
    return cls(n_estimators=n_estimators, max_features="sqrt", min_samples_leaf=3, random_state=seed, n_jobs=1)


def _prepare(data, y, treat, controls, instrument=None, cluster=None) -> tuple[SafeFrame, list[str]]:
    controls = as_list(controls)
    require_count(len(controls), 1, "controls")
    numeric = [y, treat, *([instrument] if instrument else []), *controls]
    require_variables(data, numeric, [cluster] if cluster else [])
    ordered = data.sort_values([*numeric, *([cluster] if cluster else [])], kind="mergesort")
    return SafeFrame(ordered, [*numeric, *([cluster] if cluster else [])]), controls


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """DoubleML draws its fold split from numpy's global generator when a model is built: seed it
    for the duration, then give the caller's generator state back."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def _summary(model, safe: SafeFrame, name: str) -> DMLEstimate:
    s = model.summary.iloc[0]
    return DMLEstimate(float(s["coef"]), float(s["std err"]), float(s["t"]), float(s["P>|t|"]), len(safe.frame), name)


def _or_default(learner, default):
    """The learner given, or the default (``learner or default`` would call ``len()`` on an unfitted
    scikit-learn ensemble, which raises)."""
    return default if learner is None else learner


def _binary(data: pd.DataFrame, column: str) -> None:
    if not data[column].isin([0, 1]).all():
        raise MethodInputError(f"{column!r} must be binary (0/1) for the interactive IV model")


def partially_linear(
    data: pd.DataFrame,
    y: str,
    treat: str,
    controls: Sequence[str],
    cluster: str | None = None,
    n_folds: int = 5,
    seed: int = 0,
    learner_y=None,
    learner_d=None,
) -> DMLEstimate:
    """Partially linear DML estimate of the effect of ``treat`` on ``y`` given ``controls``
    (cross-fitted, ``n_folds`` folds; standard errors clustered by ``cluster`` if given)."""
    doubleml = _doubleml()
    safe, controls = _prepare(data, y, treat, controls, cluster=cluster)
    dml_data = doubleml.DoubleMLData(
        safe.frame,
        y_col=safe.name(y),
        d_cols=safe.name(treat),
        x_cols=safe.names(controls),
        cluster_cols=safe.name(cluster) if cluster else None,
    )
    with _seeded(seed):
        model = doubleml.DoubleMLPLR(
            dml_data, _or_default(learner_y, forest(seed)), _or_default(learner_d, forest(seed)), n_folds=n_folds
        )
        model.fit()
    return _summary(model, safe, "partially linear")


def late(
    data: pd.DataFrame,
    y: str,
    treat: str,
    instrument: str,
    controls: Sequence[str],
    n_folds: int = 5,
    seed: int = 0,
    learner_y=None,
    learner_d=None,
    learner_z=None,
) -> DMLEstimate:
    """Local average treatment effect of a binary ``treat`` with a binary ``instrument``, given
    ``controls`` (DoubleML's interactive IV model, cross-fitted)."""
    doubleml = _doubleml()
    safe, controls = _prepare(data, y, treat, controls, instrument=instrument)
    _binary(data, treat)
    _binary(data, instrument)
    dml_data = doubleml.DoubleMLData(
        safe.frame,
        y_col=safe.name(y),
        d_cols=safe.name(treat),
        x_cols=safe.names(controls),
        z_cols=safe.name(instrument),
    )
    with _seeded(seed):
        model = doubleml.DoubleMLIIVM(
            dml_data,
            _or_default(learner_y, forest(seed)),
            _or_default(learner_z, forest(seed, classifier=True)),
            _or_default(learner_d, forest(seed, classifier=True)),
            n_folds=n_folds,
        )
        model.fit()
    return _summary(model, safe, "interactive IV (LATE)")
