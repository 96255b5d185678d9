from pathlib import Path

import pytest

from importers.regulations import import_regulation_file
from safetykb.demo.pages import ensure_page_tree

SEED_NOTICE = Path(__file__).resolve().parents[2] / "demo" / "files" / "seed-notice.docx"


@pytest.fixture
def page_tree(db):
    return ensure_page_tree()


@pytest.fixture
def seed_notice(page_tree):
    """The work-points notice, imported from its .docx and published."""
    from content.regulations.models import RegulationPage

    outcome = import_regulation_file(SEED_NOTICE.name, SEED_NOTICE.read_bytes(), publish=True)
    return RegulationPage.objects.get(pk=outcome.page_id)
