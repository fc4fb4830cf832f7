"""Drive LibreOffice through UNO: Compare two documents, Accept All and Reject All — an oracle that shares nothing
with resdiff. Run with the Python that has LibreOffice's `uno` module (Debian: python3-uno, /usr/bin/python3),
not the test venv's:

    /usr/bin/python3 tests/lo_uno.py JOBS.json

JOBS.json is a list of jobs, all done in one LibreOffice start: {"do": "compare", "old": …, "new": …, "out": …}
(the new document with its differences from the old one tracked, as Edit ▸ Track Changes ▸ Compare Document
makes it), {"do": "accept" | "reject", "in": …, "out": …}. Paths are absolute; outputs are written as Word 2007+
.docx. `tests/test_libreoffice_uno.py` and the tests that need LibreOffice's own Compare call `run_jobs`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"


def available() -> bool:
    """Whether LibreOffice and a Python with its uno module are installed (the tests skip otherwise)."""
    if shutil.which("soffice") is None or not Path(SYSTEM_PYTHON).exists():
        return False
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return found.returncode == 0


def run_jobs(jobs: list[dict[str, str]], workdir: Path, timeout: int = 600) -> None:
    """Run the jobs in one LibreOffice (from the test process: this starts the system Python on this file)."""
    spec = workdir / "jobs.json"
    spec.write_text(json.dumps(jobs), encoding="utf-8")
    done = subprocess.run([SYSTEM_PYTHON, __file__, str(spec)], capture_output=True, text=True, timeout=timeout,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"LibreOffice UNO jobs failed: {done.stderr[-2000:]}")


# ---- what runs under the system Python -------------------------------------------------------------------------


def _props(**values: object) -> tuple[object, ...]:
    import uno  # type: ignore[import-not-found]  # only under the system Python
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    _ = uno
    return tuple(out)


def _connect(pipe: str, profile: str) -> tuple[object, subprocess.Popen[bytes]]:
    import uno  # type: ignore[import-not-found]

    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo",
                               f"-env:UserInstallation=file://{profile}",
                               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    else:
        office.kill()
        raise RuntimeError("LibreOffice did not start")
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    return (context, desktop), office


def _main(spec: str) -> None:
    import uno  # type: ignore[import-not-found]

    jobs = json.loads(Path(spec).read_text(encoding="utf-8"))
    profile = tempfile.mkdtemp(prefix="lo-uno-")
    (context, desktop), office = _connect(f"resdiff{os.getpid()}", profile)
    try:
        dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for job in jobs:
            source = job["new"] if job["do"] == "compare" else job["in"]
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, _props(Hidden=True))
            if doc is None:
                raise RuntimeError(f"LibreOffice could not load {source}")
            frame = doc.getCurrentController().getFrame()
            if job["do"] == "compare":
                dispatcher.executeDispatch(frame, ".uno:CompareDocuments", "", 0,
                                           _props(URL=uno.systemPathToFileUrl(job["old"])))
            else:
                command = ".uno:AcceptAllTrackedChanges" if job["do"] == "accept" else ".uno:RejectAllTrackedChanges"
                dispatcher.executeDispatch(frame, command, "", 0, ())
            doc.storeToURL(uno.systemPathToFileUrl(job["out"]), _props(FilterName="MS Word 2007 XML"))
            doc.close(True)
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        office.wait(timeout=60)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    _main(sys.argv[1])
