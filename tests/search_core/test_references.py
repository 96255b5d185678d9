"""Reading a query that names a provision outright (no database)."""

import pytest

from content.search.references import Reference, matching_titles, named_titles, parse_reference


@pytest.mark.parametrize(
    ("query", "law", "label"),
    [
        ("第二十八条", "", "第二十八条"),
        ("安全生产法第二十八条", "安全生产法", "第二十八条"),
        ("《中华人民共和国安全生产法》 第二十八条", "安全生产法", "第二十八条"),
        ("28条", "", "第二十八条"),
        ("第 28 条", "", "第二十八条"),
        ("安法28条", "安全生产法", "第二十八条"),
        ("安全法第28条说了什么", "安全生产法", "第二十八条"),
        ("请问消防法里第十六条", "消防法", "第十六条"),
        ("危化品安全法第十条", "危险化学品安全法", "第十条"),
        ("职业病防治法第19条", "职业病防治法", "第十九条"),
        ("第一百一十条", "", "第一百一十条"),
        ("（十五）", "", "（十五）"),
        ("(十五)", "", "（十五）"),
        ("安全生产法第二十八条第二款", "安全生产法", "第二十八条"),  # the article holds it
        ("安全生产法第二十一条第（一）项", "安全生产法", "第二十一条"),
        ("新安法第二十一条", "安全生产法", "第二十一条"),
        ("新修订的安全生产法第二十一条是什么意思", "安全生产法", "第二十一条"),
        ("上党区工作要点第十七项", "上党区工作要点", "（十七）"),
        ("工作要点第17项", "工作要点", "（十七）"),
        # Question words around a bare number name no document: every law's article.
        ("第一百一十三条第二款说的是什么", "", "第一百一十三条"),
        ("培训第二十八条", "", "第二十八条"),
    ],
)
def test_a_named_provision_is_read(query, law, label):
    assert parse_reference(query) == Reference(law=law, labels=(label,))


@pytest.mark.parametrize(
    "query",
    [
        "动火作业要办什么手续",
        "有一条规定不让干",
        "安全生产条例",
        "条件不具备能开工吗",
        "",
        "3.5条",
        "三到五条规定就够了",  # a count of rules, not articles: no 第
    ],
)
def test_ordinary_questions_name_nothing(query):
    assert parse_reference(query) is None


def test_a_document_number_is_read_in_any_brackets():
    for query in ("长上应急字〔2024〕22号", "长上应急字[2024]22号", "长上应急字（2024）22号"):
        assert parse_reference(query) == Reference(doc_number="长上应急字〔2024〕22号")
    assert parse_reference("长上应急字〔2024〕22号（十五）") == Reference(
        labels=("（十五）",), doc_number="长上应急字〔2024〕22号"
    )


def test_titles_match_by_name_without_the_national_prefix():
    titles = ["中华人民共和国安全生产法", "山西省安全生产条例", "中华人民共和国消防法"]
    assert matching_titles("安全生产法", titles) == ["中华人民共和国安全生产法"]
    assert matching_titles("", titles) == titles


def test_a_name_with_a_word_left_out_still_finds_its_title():
    titles = ["危险化学品安全管理条例", "中华人民共和国安全生产法"]
    assert matching_titles("危险化学品管理条例", titles) == ["危险化学品安全管理条例"]
    assert matching_titles("措施", titles) == []


TITLES = [
    "中华人民共和国安全生产法",
    "中华人民共和国危险化学品安全法",
    "中华人民共和国消防法",
    "通知",
]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("安全生产法对培训有什么要求", ["中华人民共和国安全生产法"]),
        ("《安全生产法》规定了哪些职责", ["中华人民共和国安全生产法"]),
        ("安法里罚款怎么定", ["中华人民共和国安全生产法"]),
        ("安全法规定老板要干啥", ["中华人民共和国安全生产法"]),
        ("危化品安全法对仓库的要求", ["中华人民共和国危险化学品安全法"]),  # not 安全法 too
        (
            "危险化学品安全法和消防法都管吗",
            ["中华人民共和国危险化学品安全法", "中华人民共和国消防法"],
        ),
        ("厂里有哪些安全法规要学", []),  # 安全法规: regulations in general
        ("上面的通知说了什么", []),  # a two-character title is an ordinary word
        ("动火要办什么手续", []),
    ],
)
def test_a_question_names_documents_by_title_or_short_form(query, named):
    assert named_titles(query, TITLES) == named


@pytest.mark.parametrize(
    ("query", "labels"),
    [
        ("安全生产法第二十八条和第二十九条", ("第二十八条", "第二十九条")),
        ("安全生产法第二十八条、第三十条", ("第二十八条", "第三十条")),
        ("安全生产法第二十八条至第三十条", ("第二十八条", "第二十九条", "第三十条")),
        # One 条 for both ends, as ranges are often written.
        ("安全生产法第28-30条", ("第二十八条", "第二十九条", "第三十条")),
        ("安全生产法第二十八至三十条", ("第二十八条", "第二十九条", "第三十条")),
        ("安全生产法28到30条", ("第二十八条", "第二十九条", "第三十条")),
        # A long range is cut at MAX_LABELS.
        (
            "安全生产法第二十八条到第四十条",
            ("第二十八条", "第二十九条", "第三十条", "第三十一条", "第三十二条"),
        ),
    ],
)
def test_several_articles_of_one_law_are_read_in_order(query, labels):
    assert parse_reference(query) == Reference(law="安全生产法", labels=labels)
