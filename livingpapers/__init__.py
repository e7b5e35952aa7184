"""Living papers: shared machinery for the executable chapters of the collection.

Chapters import what they need from the submodules:

- :mod:`livingpapers.toolkit.chapter`   -- open a chapter (parameters, outputs, data-mode banner)
- :mod:`livingpapers.toolkit.tables`    -- paper-style regression and descriptive tables
- :mod:`livingpapers.toolkit.claims`    -- the claims ledger (published vs this run)
- :mod:`livingpapers.toolkit.figures`   -- one figure style, with title, axes, source and alt text
- :mod:`livingpapers.toolkit.contracts` -- data contracts for real data (pandera)
- :mod:`livingpapers.toolkit.facts`     -- curated public facts with source and confidence
- :mod:`livingpapers.engine.build`     -- execute chapters and build the book
"""

__version__ = "0.1.0"
