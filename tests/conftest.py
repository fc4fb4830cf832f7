import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus_error


def pytest_configure(config: pytest.Config) -> None:
    """In CI (CI=true) stop before collection when the corpus is missing, instead of skipping its tests."""
    error = corpus_error()
    if error is not None:
        raise pytest.UsageError(error)
