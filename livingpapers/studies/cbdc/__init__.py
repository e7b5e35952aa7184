"""Study package: cbdc (Jia 2023, a cash-like CBDC in a Lagos-Wright model).

- ``model``: primitives, parameter validation, the nested-Brent equilibrium solver, regime
  threshold, sweep over the CBDC rate and analytical comparative statics;
- ``analysis``: the baseline run, sensitivity map, Keister-Sanches benchmark, welfare and
  bargaining comparisons;
- ``checks``: every claim of the paper checked in the solved model, with its regime;
- ``report``: calibration and derivative tables, cited facts for claims C1-C3;
- ``figures``: the paper's two schematics redrawn and the numerical figures.
"""
