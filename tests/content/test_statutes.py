"""National laws from the offline statute database."""

import pytest
from django.core.management import call_command

from content.regulations.models import RegulationLevel, RegulationPage
from importers.statutes import list_laws, provisions_from_articles, read_law, statute_db_path

SAFETY_LAW = "中华人民共和国安全生产法"


def test_statute_reader_keeps_chapters_and_articles():
    db = statute_db_path()
    (law,) = list_laws(db, [SAFETY_LAW])
    record = read_law(db, law.law_id)
    assert record.level == RegulationLevel.LAW
    assert record.authority == "全国人民代表大会常务委员会"
    chapters = [p for p in record.provisions if p.kind == "chapter"]
    articles = [p for p in record.provisions if p.kind == "article"]
    assert chapters[0].label == "第一章" and chapters[0].heading == "总则"
    assert len(articles) == law.article_count
    art28 = next(p for p in articles if p.label == "第二十八条")
    assert "未经安全生产教育和培训合格的从业人员，不得上岗作业" in art28.text
    assert art28.path == ("第二章 生产经营单位的安全生产保障",)


def test_sections_nest_under_chapters():
    rows = [
        {
            "chapter": "第一章 总则",
            "section": None,
            "article_no": "第一条",
            "article_no_arabic": 1,
            "article_text": "甲",
        },
        {
            "chapter": "第二章 分则",
            "section": "第一节 一般规定",
            "article_no": "第二条",
            "article_no_arabic": 2,
            "article_text": "乙",
        },
        {
            "chapter": "第二章 分则",
            "section": "第一节 一般规定",
            "article_no": "第三条",
            "article_no_arabic": 3,
            "article_text": "丙",
        },
    ]
    provisions = list(provisions_from_articles(rows))
    assert [(p.kind, p.label, p.depth) for p in provisions] == [
        ("chapter", "第一章", 0),
        ("article", "第一条", 1),
        ("chapter", "第二章", 0),
        ("section", "第一节", 1),
        ("article", "第二条", 2),
        ("article", "第三条", 2),
    ]


def test_unknown_law_name_is_reported():
    from importers.statutes import StatuteDatabaseError

    with pytest.raises(StatuteDatabaseError, match="没有"):
        list_laws(statute_db_path(), ["中华人民共和国不存在法"])


@pytest.mark.django_db
def test_import_statutes_command_is_idempotent(page_tree, capsys):
    call_command("import_statutes", "--law", SAFETY_LAW)
    call_command("import_statutes", "--law", SAFETY_LAW)
    page = RegulationPage.objects.get(title=SAFETY_LAW)
    assert page.live
    assert page.provisions.filter(anchor="art-28").exists()
    assert RegulationPage.objects.filter(title=SAFETY_LAW).count() == 1


def test_a_revised_law_shows_the_revision_in_force_and_keeps_the_original_date():
    from datetime import date

    db = statute_db_path()
    (law,) = list_laws(db, [SAFETY_LAW])
    record = read_law(db, law.law_id)
    assert record.issue_date == date(2021, 6, 10)
    assert record.effective_date == date(2021, 9, 1)  # not 2002-11-01, the original law's
    assert record.first_effective_date == date(2002, 11, 1)


def test_an_unrecorded_revision_date_is_left_unknown_not_guessed():
    from datetime import date

    from importers.statutes import statute_dates

    assert statute_dates("某法", date(2020, 10, 17), date(1985, 4, 1)) == {
        "issue_date": date(2020, 10, 17),
        "effective_date": None,
        "first_effective_date": date(1985, 4, 1),
    }
    unrevised = statute_dates("某法", date(2013, 6, 29), date(2014, 1, 1))
    assert unrevised["effective_date"] == date(2014, 1, 1)
    assert unrevised["first_effective_date"] is None


def test_the_law_page_shows_both_dates(client, page_tree):
    call_command("import_statutes", "--law", SAFETY_LAW, verbosity=0)
    page = RegulationPage.objects.get(title=SAFETY_LAW)
    html = client.get(page.url).content.decode()
    assert "<dt>施行日期</dt><dd>2021年9月1日</dd>" in html
    assert "<dt>首次施行</dt><dd>2002年11月1日" in html


def test_a_specific_safety_law_is_imported_with_its_field_and_the_general_law_without():
    db = statute_db_path()
    laws = {law.name: law for law in list_laws(db, ["中华人民共和国特种设备安全法", SAFETY_LAW])}
    boilers, general = laws["中华人民共和国特种设备安全法"], laws[SAFETY_LAW]
    # Every term is in the law's own scope article: the field is the law's, not a guess.
    record = read_law(db, boilers.law_id)
    scope_article = next(p.text for p in record.provisions if p.label == "第二条")
    assert record.scope_terms and all(t in scope_article for t in record.scope_terms.split())
    assert read_law(db, general.law_id).scope_terms == ""


@pytest.mark.django_db
def test_reimporting_keeps_the_field_an_editor_wrote(page_tree):
    law = "中华人民共和国特种设备安全法"
    call_command("import_statutes", "--law", law)
    page = RegulationPage.objects.get(title=law)
    assert "锅炉" in page.scope_terms
    RegulationPage.objects.filter(pk=page.pk).update(scope_terms="特种设备 叉车")

    call_command("import_statutes", "--law", law)

    assert RegulationPage.objects.get(pk=page.pk).scope_terms == "特种设备 叉车"
