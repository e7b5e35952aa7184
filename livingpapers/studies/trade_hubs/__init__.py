"""Study package: trade hubs (FTZ x China-Europe Railway Express) and regional opening-up.

Modules: ``data`` (curated facts, treatment coding, contracts, the analysis panel), ``standin``
(the seeded generator and its true parameters), ``inputs`` (either data mode), ``fastdid``
(TWFE for many draws by partialling out once), ``estimation`` (the paper's estimators),
``robust`` (staggered-DID estimators, Goodman-Bacon, design diagnosis), ``layout`` (Tables 1-8),
``ledger`` (the claims), ``figures`` and ``bench``.
"""
