"""Python's cyclic garbage collector paused while resdiff builds a large structure that holds no reference cycles.

Reading a document, untangling flattened text, building a clause tree and listing revisions each make millions
of small objects (spans, revisions, lines, records, lxml's element proxies) and keep most of them; every pass of
the collector over the survivors found nothing to free. Measured with gc.callbacks (issue 20): 2.1 of the 15.5 s
of CPU that reading a paragraph of a million tracked runs took, and 1.7 of the 4.6 s of listing its revisions;
1.3 of the 10.6 s of a tree of 100,000 flattened lines. Reference
counting, which frees everything resdiff drops, goes on as ever; the collector is restored as it was found,
whatever happens inside.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
