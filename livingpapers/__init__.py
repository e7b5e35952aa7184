"""Living papers: shared machinery for the executable chapters of the collection.

Chapters import what they need from the submodules:

- :mod:`livingpapers.chapter`   -- open a chapter (parameters, outputs, data-mode banner)
- :mod:`livingpapers.tables`    -- paper-style regression and descriptive tables
- :mod:`livingpapers.claims`    -- the claims ledger (published vs this run)
- :mod:`livingpapers.figures`   -- one figure style, with title, axes, source and alt text
- :mod:`livingpapers.contracts` -- data contracts for real data (pandera)
- :mod:`livingpapers.facts`     -- curated public facts with source and confidence
- :mod:`livingpapers.build`     -- execute chapters and build the book
"""

__version__ = "0.1.0"
