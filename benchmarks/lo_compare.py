"""LibreOffice's Compare Document as one process, for benchmarks/whole.py: start LibreOffice headless, load the new
version, compare it with the old one (Edit ▸ Track Changes ▸ Compare Document), save the redline as .docx, quit.
Run with the Python that has LibreOffice's `uno` module (Debian: /usr/bin/python3):

    /usr/bin/python3 benchmarks/lo_compare.py PROFILE_DIR OLD NEW OUT

PROFILE_DIR is a LibreOffice user profile kept between runs (a user's LibreOffice has one; creating it costs
seconds). The UNO plumbing is tests/lo_uno.py's.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import lo_uno  # type: ignore[import-not-found]


def main(profile: str, old: str, new: str, out: str) -> None:
    import uno  # type: ignore[import-not-found]  # only under the system Python

    (context, desktop), office = lo_uno._connect(f"resdiffbench{os.getpid()}", profile)
    try:
        dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(new), "_blank", 0, lo_uno._props(Hidden=True))
        if doc is None:
            raise RuntimeError(f"LibreOffice could not load {new}")
        frame = doc.getCurrentController().getFrame()
        compare = lo_uno._props(URL=uno.systemPathToFileUrl(old))
        dispatcher.executeDispatch(frame, ".uno:CompareDocuments", "", 0, compare)
        doc.storeToURL(uno.systemPathToFileUrl(out), lo_uno._props(FilterName="MS Word 2007 XML"))
        doc.close(True)
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        office.wait(timeout=60)


if __name__ == "__main__":
    main(*(str(Path(arg).absolute()) for arg in sys.argv[1:5]))
