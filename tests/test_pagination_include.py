"""The shared pagination links keep the page's other parameters, repeated ones too."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_next_and_previous_links_keep_every_other_parameter() -> None:
    request = RequestFactory().get("/exams/", {"level": ["operator", "team_leader"], "page": 2})
    page = Paginator(range(60), 20).page(2)

    html = render_to_string("includes/pagination.html", {"page_obj": page}, request=request)

    assert "?level=operator&amp;level=team_leader&amp;page=3" in html
    assert "?level=operator&amp;level=team_leader&amp;page=1" in html
    assert "第 2 / 3 页" in html


def test_a_single_page_shows_no_links() -> None:
    request = RequestFactory().get("/exams/")
    page = Paginator(range(5), 20).page(1)

    assert (
        render_to_string("includes/pagination.html", {"page_obj": page}, request=request).strip()
        == ""
    )
