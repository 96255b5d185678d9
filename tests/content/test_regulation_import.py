"""Importing a regulation .docx into Wagtail: structure, revisions, bad input, admin preview."""

import io
import zipfile

import pytest
from django.urls import reverse
from wagtail.models import Revision

from content.regulations.models import Provision, RegulationLevel, RegulationPage
from importers.regulations import RegulationImportError, import_regulation_file

from .conftest import SEED_NOTICE

pytestmark = pytest.mark.django_db


def test_seed_notice_becomes_a_structured_published_regulation(seed_notice):
    page = seed_notice
    assert page.live
    assert page.doc_number == "长上应急字〔2024〕22号"
    assert page.authority == "长治市上党区应急管理局"
    assert page.issue_date.isoformat() == "2024-03-21"
    assert page.level == RegulationLevel.WORK_POINTS
    provisions = list(page.provisions.order_by("sort_order"))
    sections = [p for p in provisions if p.depth == 0]
    items = [p for p in provisions if p.depth == 1]
    assert [p.label for p in sections] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    assert len(items) == 19
    assert items[0].label == "（一）"
    assert items[0].heading == "聚焦重点人员安全素质提升和履职能力考核"
    assert items[0].text.startswith("企业主要负责人必须认真履责")
    assert items[14].label == "（十五）"
    assert len({p.anchor for p in provisions}) == len(provisions)
    assert page.source_document is not None
    every_text = " ".join(f"{p.heading} {p.text}" for p in provisions) + page.preamble
    assert "_GoBack" not in every_text and "bookmark" not in every_text


def test_reimporting_the_same_doc_number_makes_a_revision_not_a_duplicate(seed_notice):
    ids_before = dict(seed_notice.provisions.values_list("anchor", "pk"))
    revisions_before = Revision.page_revisions.filter(object_id=str(seed_notice.pk)).count()

    outcome = import_regulation_file(SEED_NOTICE.name, SEED_NOTICE.read_bytes(), publish=True)

    assert outcome.created is False
    assert outcome.page_id == seed_notice.pk
    assert RegulationPage.objects.filter(doc_number="长上应急字〔2024〕22号").count() == 1
    assert (
        Revision.page_revisions.filter(object_id=str(seed_notice.pk)).count()
        == revisions_before + 1
    )
    # Provision rows survive, so permalinks and links from questions stay valid.
    assert (
        dict(Provision.objects.filter(page=seed_notice).values_list("anchor", "pk")) == ids_before
    )


def test_import_without_publish_leaves_a_draft(page_tree):
    outcome = import_regulation_file(SEED_NOTICE.name, SEED_NOTICE.read_bytes(), publish=False)
    page = RegulationPage.objects.get(pk=outcome.page_id)
    assert not page.live
    assert page.get_latest_revision() is not None


def _zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message_part"),
    [
        (b"%PDF-1.4 not a word file", "docx"),
        (b"", "空"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "加密"),
        (_zip_bytes({"hello.txt": "hi"}), "docx"),
    ],
    ids=["pdf-renamed", "empty", "encrypted-or-doc", "zip-not-word"],
)
def test_bad_files_get_a_chinese_message_and_save_nothing(page_tree, data, message_part):
    pages_before = RegulationPage.objects.count()
    with pytest.raises(RegulationImportError) as error:
        import_regulation_file("bad.docx", data, publish=True)
    assert message_part in str(error.value)
    assert RegulationPage.objects.count() == pages_before


def test_command_imports_and_reports(page_tree, tmp_path, capsys):
    from django.core.management import call_command

    call_command("import_regulation", str(SEED_NOTICE), "--publish")
    assert "新建" in capsys.readouterr().out
    call_command("import_regulation", str(SEED_NOTICE), "--publish")
    assert "更新" in capsys.readouterr().out
    assert RegulationPage.objects.count() == 1


def test_command_refuses_a_broken_file_with_its_name(page_tree, tmp_path):
    from django.core.management import CommandError, call_command

    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"not a zip at all")
    with pytest.raises(CommandError, match=r"坏文件\.docx"):
        call_command("import_regulation", str(broken))
    assert RegulationPage.objects.count() == 0


@pytest.fixture
def editor_client(client, page_tree):
    from accounts.demo import load_demo_people

    load_demo_people()
    client.login(username="editor", password="SafetyKB-2024")
    return client


def test_admin_upload_previews_before_saving_then_confirms(editor_client):
    with SEED_NOTICE.open("rb") as handle:
        response = editor_client.post(
            reverse("importers_regulation_upload"), {"file": handle, "level": ""}
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert "预览" in body and "（十九）" in body and "长上应急字〔2024〕22号" in body
    assert RegulationPage.objects.count() == 0  # nothing written by the preview

    token = response.context["confirm_form"].initial["token"]
    response = editor_client.post(
        reverse("importers_regulation_confirm"), {"token": token, "publish": "on"}
    )
    assert response.status_code == 302
    page = RegulationPage.objects.get()
    assert page.live and page.provisions.count() == 26


def test_admin_upload_rejects_a_broken_file_in_chinese(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("通知.docx", b"this is not a docx")
    response = editor_client.post(reverse("importers_regulation_upload"), {"file": upload})
    assert response.status_code == 200
    assert "通知.docx" in response.content.decode()
    assert RegulationPage.objects.count() == 0


def test_a_forged_confirmation_token_saves_nothing(editor_client):
    response = editor_client.post(
        reverse("importers_regulation_confirm"),
        {"token": "forged-token", "publish": "on"},
        follow=True,
    )
    assert "预览已过期或无效" in response.content.decode()
    assert RegulationPage.objects.count() == 0


def test_workers_cannot_reach_the_import_screen(client, page_tree):
    from accounts.demo import load_demo_people

    load_demo_people()
    client.login(username="worker", password="SafetyKB-2024")
    response = client.get(reverse("importers_regulation_upload"))
    assert response.status_code in (302, 403)
    assert RegulationPage.objects.count() == 0


def test_the_preview_shows_the_level_in_chinese_not_its_code(editor_client):
    with SEED_NOTICE.open("rb") as handle:
        response = editor_client.post(
            reverse("importers_regulation_upload"), {"file": handle, "level": ""}
        )

    body = response.content.decode()
    assert "<dt>效力级别</dt><dd>工作要点</dd>" in body
    assert "work_points" not in body
