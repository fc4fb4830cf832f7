"""Start-up (issue 20): `resdiff --version`, `--help` and `import resdiff` load neither the model nor pydantic nor
lxml, the readers, the writers or the rules; a command loads what it runs. Checked by the modules a fresh
interpreter has loaded, not by timing (times are in benchmarks/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pydantic", "lxml", "docx", "rapidfuzz", "diff_match_patch", "fast_diff_match_patch", "numpy", "resdiff.model", "resdiff.parse",
         "resdiff.render", "resdiff.ooxml", "resdiff.align", "resdiff.check.registry", "resdiff.lang")


def _loaded(code: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                          capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize("code", [
    "import resdiff",
    "import resdiff.cli; resdiff.cli.build_parser()",  # what `resdiff --version` and `resdiff --help` run
    "import resdiff.cli\ntry:\n    resdiff.cli.main(['--version'])\nexcept SystemExit:\n    pass",
])
def test_start_up_loads_nothing_heavy(code: str) -> None:
    assert _heavy(_loaded(code)) == []


def test_a_name_of_the_api_loads_what_it_needs() -> None:
    modules = _loaded("import resdiff; resdiff.Document; resdiff.read")
    assert "resdiff.parse" in modules and "resdiff.render" not in modules
    assert "pydantic" not in modules  # the model is dataclasses; pydantic is its JSON layer, loaded for JSON only


def test_json_loads_pydantic_when_asked_for() -> None:
    modules = _loaded("import resdiff; resdiff.Document().model_dump_json()")
    assert "pydantic" in modules


def test_check_help_still_lists_every_rule() -> None:
    from resdiff.check.registry import RULES
    from resdiff.cli import build_parser

    commands = next(a for a in build_parser()._actions if a.dest == "command")
    text = commands.choices["check"].format_help()  # type: ignore[attr-defined]
    assert all(rule in text for rule in RULES) and "{rules}" not in text


def test_check_output_formats_are_the_report_writers() -> None:
    from resdiff.check.cli import REPORT_FORMATS
    from resdiff.check.report import FORMATS

    assert tuple(FORMATS) == REPORT_FORMATS


def test_api_functions_named_as_subpackages_stay_functions() -> None:
    done = subprocess.run([sys.executable, "-c", "import resdiff.render.atomic, resdiff.check.config, resdiff\n"
                           "print(callable(resdiff.render), callable(resdiff.check), resdiff.render.__module__)"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "resdiff.render"]


def test_unknown_names_are_attribute_errors() -> None:
    import resdiff

    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        resdiff.nothing  # type: ignore[attr-defined]  # noqa: B018
    assert {"Document", "read", "write"} <= set(dir(resdiff))


def test_version_builds_no_command() -> None:
    modules = _loaded("import resdiff.cli\ntry:\n    resdiff.cli.main(['--version'])\nexcept SystemExit:\n    pass")
    assert not {"resdiff.batch_cli", "resdiff.batch_job", "resdiff.parallel_cli", "resdiff.propose_cli",
                "resdiff.renumber_cli"} & modules


def test_a_run_builds_its_command_as_the_full_parser_does() -> None:
    from resdiff.cli import _COMMANDS, build_parser

    def commands(parser: object) -> dict[str, object]:
        return next(a for a in parser._actions if a.dest == "command").choices  # type: ignore[attr-defined]

    every = commands(build_parser())
    assert list(_COMMANDS) == list(every)
    for name, sub in every.items():
        own = commands(build_parser(name))
        assert name in own and set(own) <= {name, "accept", "reject"}
        assert own[name].format_help() == sub.format_help()  # type: ignore[attr-defined]


@pytest.mark.parametrize("output", ["text", "json", "sarif"])
def test_check_of_a_docx_loads_no_pydantic_nor_other_commands(output: str) -> None:
    proposal = Path(__file__).parent.parent / "fixtures" / "res130-iap" / "proposal.docx"
    modules = _loaded("import resdiff.cli\ntry:\n    resdiff.cli.main(['check', '--quiet', '--format', "
                      f"'{output}', {str(proposal)!r}])\nexcept SystemExit:\n    pass")
    assert "resdiff.check.xref" in modules  # the check ran
    assert not {"pydantic", "rapidfuzz", "diff_match_patch", "resdiff.render", "resdiff.align",
                "resdiff.batch_job", "resdiff.propose_cli"} & modules
    # the other readers are imported when their format is read
    assert not {"resdiff.parse.akn", "resdiff.parse.html", "resdiff.parse.critic", "resdiff.parse.flat",
                "lxml.html", "hashlib"} & modules
