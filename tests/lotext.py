"""LibreOffice as a text oracle: its plain-text export of a document, optionally after its own Accept All or
Reject All, many files per LibreOffice start.

`export_text(jobs, workdir)` runs one headless LibreOffice with a StarBasic macro of its own profile that, for
each job, loads the input hidden, optionally dispatches `.uno:AcceptAllTrackedChanges` or
`.uno:RejectAllTrackedChanges` (the commands of Edit > Track Changes > Accept All / Reject All), and stores the
document with the "Text (encoded)" filter in UTF-8, the export `soffice --convert-to "txt:Text (encoded):UTF8"`
uses. StarBasic comes with LibreOffice itself: the Python-UNO bridge (Debian's python3-uno) is not needed, and is
not installed where the tests run. A file that makes LibreOffice crash or hang fails alone (a new LibreOffice
takes the files after it).

Every input is opened in Writer with an explicit import filter: .docx "MS Word 2007 XML", .txt "Text (encoded)"
in UTF-8 (not the system's encoding), .html "HTML (StarWriter)" (type detection would open it in Writer/Web,
where the macro hung). The text export leaves footnotes and endnotes out (it writes the mark at the reference
only), so a job can also ask for the notes: each one's kind, mark and text (`Exported.notes`), in document order,
read from a flat ODF export of the same document (`fodt_notes`).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lxml import etree

Mode = Literal["plain", "accept", "reject"]
MODES: tuple[Mode, ...] = ("plain", "accept", "reject")
STALL = 60  # seconds without a file done before LibreOffice is taken to hang and is stopped

# The macro module. A job is a line of the list: mode, input, output, import filter and its options, "notes" or
# nothing. Each input is opened with an explicit import filter. For each job it writes `<out>.log` once the
# document is closed: the number of tracked changes LibreOffice sees before and after the dispatch
# (`XRedlinesSupplier.Redlines`), or the Basic error that stopped the job (ASCII, with Basic's own Print). With
# "notes" it also writes the document as flat ODF (`<out>.fodt`), from which `fodt_notes` reads the notes. Walking the
# Footnotes collection from Basic, or writing a file through UNO's file access, made LibreOffice 7.4 abort (an
# uncaught NoSuchElementException) on documents with comments, and with loading and storing in helper functions
# the macro hung on some inputs: `Job` is written out in one piece.
_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Oracle" script:language="StarBasic">
Sub Batch(sList As String)
  Dim sLine As String
  Dim iList As Integer
  iList = FreeFile()
  Open sList For Input As #iList
  Do While Not EOF(iList)
    Line Input #iList, sLine
    If Len(sLine) &gt; 0 Then Job(Split(sLine, Chr(9)))
  Loop
  Close #iList
End Sub

Sub Job(aJob)
  Dim sLog As String
  Dim oDoc As Object
  Dim aNone()
  Dim aLoad(2) As New com.sun.star.beans.PropertyValue
  Dim aText(1) As New com.sun.star.beans.PropertyValue
  Dim aFlat(0) As New com.sun.star.beans.PropertyValue
  On Error GoTo Failed
  aLoad(0).Name = "Hidden"
  aLoad(0).Value = True
  aLoad(1).Name = "FilterName"
  aLoad(1).Value = aJob(3)
  aLoad(2).Name = "FilterOptions"
  aLoad(2).Value = aJob(4)
  oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(aJob(1)), "_blank", 0, aLoad())
  sLog = "before " &amp; oDoc.Redlines.Count
  If aJob(0) = "accept" Then
    createUnoService("com.sun.star.frame.DispatchHelper").executeDispatch(oDoc.CurrentController.Frame, _
      ".uno:AcceptAllTrackedChanges", "", 0, aNone())
  ElseIf aJob(0) = "reject" Then
    createUnoService("com.sun.star.frame.DispatchHelper").executeDispatch(oDoc.CurrentController.Frame, _
      ".uno:RejectAllTrackedChanges", "", 0, aNone())
  End If
  sLog = sLog &amp; " after " &amp; oDoc.Redlines.Count
  aText(0).Name = "FilterName"
  aText(0).Value = "Text (encoded)"
  aText(1).Name = "FilterOptions"
  aText(1).Value = "UTF8"
  oDoc.storeToURL(ConvertToURL(aJob(2)), aText())
  If aJob(5) = "notes" Then
    aFlat(0).Name = "FilterName"
    aFlat(0).Value = "OpenDocument Text Flat XML"
    oDoc.storeToURL(ConvertToURL(aJob(2) &amp; ".fodt"), aFlat())
  End If
  oDoc.close(True)
  WriteText(aJob(2) &amp; ".log", sLog)
  Exit Sub
Failed:
  sLog = "error " &amp; Err &amp; " " &amp; Error$ &amp; " " &amp; sLog
  On Error Resume Next
  If Not IsNull(oDoc) Then oDoc.close(True)
  WriteText(aJob(2) &amp; ".log", sLog)
End Sub

Sub WriteText(sPath As String, sText As String)
  Dim iFile As Integer
  iFile = FreeFile()
  Open sPath For Output As #iFile
  Print #iFile, sText
  Close #iFile
End Sub
</script:module>
"""

_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" \
library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Oracle"/>
</library:library>
"""

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_NOT_INLINE_TEXT = frozenset({
    "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}frame", f"{{{_TEXT}}}note", f"{{{_OFFICE}}}annotation",
    "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}title",
    "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}desc",
})

# The import filter for inputs that type detection would not read as UTF-8 text (a .txt file is read in the
# system's encoding otherwise); the macro passes "UTF8" as its options.
_LOAD_FILTERS = {".docx": ("MS Word 2007 XML", ""), ".txt": ("Text (encoded)", "UTF8"),
                 ".html": ("HTML (StarWriter)", "")}


@dataclass(frozen=True)
class Job:
    """One file for LibreOffice: what to do with it before the text export."""

    source: Path
    mode: Mode = "plain"
    notes: bool = False  # also list the notes (a second export, as flat ODF)


@dataclass(frozen=True)
class Note:
    """A footnote or endnote as LibreOffice has it: its kind, the mark it shows at the reference (its number in
    the note's numbering format, or a custom mark) and its text, paragraphs and tabs turned into spaces."""

    kind: Literal["footnote", "endnote"]
    anchor: str
    text: str


@dataclass(frozen=True)
class Exported:
    """LibreOffice's text of one job, its notes (which the text export leaves out), and what its log said:
    the tracked changes before / after the dispatch, or the error that stopped the job."""

    text: str
    log: str
    notes: tuple[Note, ...] = ()

    @property
    def failed(self) -> bool:
        """LibreOffice could not load, resolve or export the file (the log says why)."""
        return self.log.startswith("error")

    @property
    def redlines(self) -> tuple[int, int]:
        """(tracked changes when loaded, tracked changes left after the Accept All / Reject All)."""
        words = self.log.split()
        return int(words[words.index("before") + 1]), int(words[words.index("after") + 1])

    def lines(self) -> list[str]:
        """The exported text as lines, the byte-order mark taken off. The export ends every paragraph with a line
        break, but writes a document of one empty paragraph as an empty file (no byte-order mark either): that is
        one empty line."""
        return self.text.removeprefix("\ufeff").removesuffix("\n").split("\n")


def soffice() -> str | None:
    """The LibreOffice binary on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def export_text(jobs: Sequence[Job], workdir: Path) -> dict[Job, Exported]:
    """LibreOffice's text export of every job, under `workdir`; a job LibreOffice could not do is `failed`, with
    the Basic error in its log. A job that stops LibreOffice (LibreOffice 7.4 crashes on a few documents) fails
    alone: the jobs after it go to a new LibreOffice. AssertionError if LibreOffice runs none of the jobs."""
    binary = soffice()
    if binary is None:
        raise AssertionError("LibreOffice (soffice) is not on PATH")
    profile = _profile(binary, workdir / "lo-profile")
    staged = workdir / "lo-in"
    outputs = workdir / "lo-out"
    staged.mkdir(parents=True, exist_ok=True)
    outputs.mkdir(parents=True, exist_ok=True)
    lines: dict[Job, str] = {}
    targets: dict[Job, Path] = {}
    for n, job in enumerate(dict.fromkeys(jobs)):  # staged under plain ASCII names: Basic reads the list as text
        source = staged / f"{n:04d}{job.source.suffix.lower()}"
        shutil.copyfile(job.source, source)
        targets[job] = outputs / f"{n:04d}-{job.mode}.txt"
        load = _LOAD_FILTERS[source.suffix]
        lines[job] = "\t".join((job.mode, str(source), str(targets[job]), *load, "notes" if job.notes else ""))
    out: dict[Job, Exported] = {}
    missing = list(targets)
    while missing:
        batch = workdir / "lo-jobs.tsv"
        batch.write_text("".join(lines[j] + "\n" for j in missing), encoding="ascii")
        macro = f'macro:///Standard.Oracle.Batch("{batch}")'
        logs = [Path(f"{targets[j]}.log") for j in missing]
        run = _run([binary, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile.as_uri()}",
                    macro], logs)
        told = [line for line in run.stderr.splitlines() if line.strip() and not line.startswith(("/", "Warning:"))]
        said = f"exit {run.returncode}: " + " / ".join(told[:3])
        done = [j for j, log in zip(missing, logs) if log.exists()]
        for job in done:
            out[job] = _exported(job, targets[job])
        missing = missing[len(done):]
        if missing and run.returncode == 0:
            raise AssertionError(f"LibreOffice ran {len(done)} of {len(done) + len(missing)} files and stopped: {said}")
        if missing:  # LibreOffice crashed, or hung and was stopped, on the first file it did not finish
            out[missing.pop(0)] = Exported("", f"error: LibreOffice stopped on it; {said}")
    return out


def _exported(job: Job, target: Path) -> Exported:
    """What the macro left for one finished job."""
    logged = Path(f"{target}.log").read_text(encoding="utf-8", errors="replace").strip()
    if logged.startswith("error") or not target.exists():
        return Exported("", logged if logged.startswith("error") else f"error: no text written; {logged}")
    notes = fodt_notes(Path(f"{target}.fodt")) if job.notes else ()
    return Exported(target.read_text(encoding="utf-8"), logged, notes)


def fodt_notes(fodt: Path) -> tuple[Note, ...]:
    """The footnotes and endnotes of a flat ODF document in document order (text:note in office:body, not those
    of deleted text kept in text:tracked-changes), each with its citation and its paragraphs' text joined by
    spaces. A paragraph's text leaves out frames (their paragraphs come after it: LibreOffice 7.4 puts a table of
    a note into a frame), comments, and pictures' titles and descriptions."""
    body = etree.parse(str(fodt)).getroot().find(f"{{{_OFFICE}}}body")
    assert body is not None, f"no office:body in {fodt}"
    notes = []
    for note in body.iter(f"{{{_TEXT}}}note"):
        if any(a.tag in (f"{{{_TEXT}}}tracked-changes", f"{{{_TEXT}}}note") for a in note.iterancestors()):
            continue
        citation = note.find(f"{{{_TEXT}}}note-citation")
        content = note.find(f"{{{_TEXT}}}note-body")
        paragraphs = [] if content is None else content.iter(f"{{{_TEXT}}}p", f"{{{_TEXT}}}h")
        text = " ".join("".join(_inline(p)) for p in paragraphs)
        mark = "".join(citation.itertext()) if citation is not None else ""
        endnote = note.get(f"{{{_TEXT}}}note-class") == "endnote"
        notes.append(Note("endnote", mark, text) if endnote else Note("footnote", mark, text))
    return tuple(notes)


def _inline(el: etree._Element) -> Iterator[str]:
    """The text of a paragraph's inline content: text:s as its spaces, text:tab and text:line-break as
    themselves, frames, notes, comments and drawing titles left out."""
    yield el.text or ""
    for child in el:
        if child.tag == f"{{{_TEXT}}}s":
            yield " " * int(child.get(f"{{{_TEXT}}}c", "1"))
        elif child.tag == f"{{{_TEXT}}}tab":
            yield "\t"
        elif child.tag == f"{{{_TEXT}}}line-break":
            yield "\n"
        elif child.tag not in _NOT_INLINE_TEXT and isinstance(child.tag, str):
            yield from _inline(child)
        yield child.tail or ""


def _run(command: list[str], watched: Sequence[Path] = ()) -> subprocess.CompletedProcess[str]:
    """`command` in a session of its own, ended (the whole session: the `soffice` script starts soffice.bin as a
    child that outlives it) when no more of the `watched` files appear for STALL seconds; what it wrote on stderr
    (a crash's stack) goes to a temporary file, so that no pipe fills up."""

    def progress() -> int:
        return sum(path.exists() for path in watched)

    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as stderr:
        with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True) as process:
            seen, since = progress(), time.monotonic()
            while process.poll() is None:
                time.sleep(0.05)
                now = progress()
                if now != seen:
                    seen, since = now, time.monotonic()
                elif time.monotonic() - since > STALL:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                    stderr.write(f"\nno progress in {STALL} s: stopped")
        stderr.seek(0)
        return subprocess.CompletedProcess(command, process.returncode, "", stderr.read())


def _profile(binary: str, path: Path) -> Path:
    """A LibreOffice user profile whose Standard Basic library holds the Oracle module. LibreOffice fills a new
    profile on its first start, overwriting the Basic library list, so the profile is made by one start that
    stops after initialisation, and the module is written into it afterwards."""
    path = path.resolve()
    basic = path / "user" / "basic"
    if not (basic / "Standard" / "script.xlb").exists():
        _run([binary, "--headless", "--norestore", "--terminate_after_init", f"-env:UserInstallation={path.as_uri()}"])
    (basic / "Standard").mkdir(parents=True, exist_ok=True)
    (basic / "Standard" / "Oracle.xba").write_text(_MODULE, encoding="utf-8")
    (basic / "Standard" / "script.xlb").write_text(_LIBRARY, encoding="utf-8")
    return path
