"""Estimation conveniences shared by the chapters.

pyfixest reports routine facts as ``UserWarning``s (singleton fixed effects dropped,
observations separated in a Poisson fit). They are expected in these panels and would
otherwise print into the book's pages. :func:`quiet_fixest` silences exactly those messages,
plus any a chapter names, and nothing else: a new or unexpected warning still shows.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

FIXEST_NOTICES = (
    r"\d+ singleton fixed effect\(s\) dropped",
    r".*removed because of separation",
)


@contextmanager
def quiet_fixest(*extra_messages: str):
    """Silence pyfixest's routine notices (and ``extra_messages``, regexes matched at the start)."""
    with warnings.catch_warnings():
        for message in (*FIXEST_NOTICES, *extra_messages):
            warnings.filterwarnings("ignore", message=message)
        yield
