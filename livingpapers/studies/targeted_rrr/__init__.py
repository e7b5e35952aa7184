"""Study package: targeted RRR cuts and banks' digital transformation (Zeng, Chen, Jin and Wang 2023).

银行数字化转型驱动下定向降准政策的传导效率——基于银行规模异质性的研究, 国际货币评论 International
Monetary Review 2023, pp. 36-48. A two-period bank credit-allocation model (``model``) and a
difference-GMM bank panel 2011-2018 (``analysis``). Modules follow ``livingpapers/studies/README.md``.
"""

from __future__ import annotations

from livingpapers.studies.targeted_rrr.data import Inputs


def load(data_mode: str, seed: int) -> Inputs:
    """The chapter's inputs: the seeded stand-in, or the reader's files in ``data/raw/targeted_rrr/``."""
    from livingpapers.studies.targeted_rrr import data, standin

    if data_mode == "real":
        return data.read_real()
    if data_mode == "standin":
        return standin.simulate(seed)
    raise ValueError(f"data_mode must be 'standin' or 'real', not {data_mode!r}")
