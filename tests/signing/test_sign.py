"""Signing a record: password re-checked, once per capacity, audited, append-only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.urls import reverse

from safetykb.models import AuditEvent, AuditKind, Signature
from safetykb.signatures.canonical import content_hash
from safetykb.signatures.forms import SignForm
from safetykb.signatures.models import SignCapacity
from safetykb.signatures.services import check_signing_password, sign, verify
from tests.factories import TEST_PASSWORD, DepartmentFactory, person

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CONTENT = {"title": "动火作业安全培训", "date": dt.date(2024, 3, 1), "hours": Decimal("4")}
AT = dt.datetime(2024, 3, 1, 16, 30, tzinfo=dt.UTC)  # 2024-03-02 00:30 in Shanghai


@pytest.fixture
def record():
    """Any saved row stands for the record being signed (a training session later)."""
    return DepartmentFactory()


@pytest.fixture
def trainer(record):
    return person("王培训", enterprise=record.enterprise)


@pytest.fixture
def recorder(record):
    return person("李安全", enterprise=record.enterprise, safety_manager=True)


def sign_as(profile, record, capacity=SignCapacity.TRAINER, password=TEST_PASSWORD, **kw):
    return sign(
        record,
        user=profile.user,
        password=password,
        capacity=capacity,
        content=kw.pop("content", CONTENT),
        now=kw.pop("now", AT),
        **kw,
    )


def test_a_signature_records_who_when_as_whom_what_and_its_hash(trainer, record):
    signature = sign_as(trainer, record)
    signature.refresh_from_db()
    assert signature.signer == trainer.user
    assert signature.signed_at == AT
    assert signature.get_capacity_display() == "培训人"
    assert signature.signed_object == record
    assert signature.content_hash == content_hash(CONTENT)
    assert '"title":"动火作业安全培训"' in signature.signed_text
    assert verify(signature, dict(reversed(list(CONTENT.items()))))
    assert not verify(signature, {**CONTENT, "hours": Decimal("8")})


def test_signing_is_audited_with_the_signer_and_the_hash(trainer, record):
    signature = sign_as(trainer, record)
    event = AuditEvent.objects.get(kind=AuditKind.SIGNED)
    assert event.actor == trainer.user
    assert event.enterprise_id == record.enterprise_id
    assert event.data["signature_id"] == signature.pk
    assert event.data["capacity"] == "trainer"
    assert event.data["content_hash"] == signature.content_hash


def test_a_wrong_password_signs_nothing_and_says_why(trainer, record):
    with pytest.raises(ValidationError) as refused:
        sign_as(trainer, record, password="not-my-password")
    assert refused.value.message_dict["password"] == [
        "登录密码不正确，未签名。请重新输入本人的登录密码。"
    ]
    assert not Signature.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditKind.SIGNED).exists()


def test_an_inactive_account_cannot_sign_even_with_its_password(trainer, record):
    trainer.user.is_active = False
    trainer.user.save()
    with pytest.raises(ValidationError, match="登录密码不正确"):
        sign_as(trainer, record)


def test_one_signature_per_person_capacity_and_record(trainer, recorder, record):
    sign_as(trainer, record)
    with pytest.raises(ValidationError) as refused:
        sign_as(trainer, record, now=AT + dt.timedelta(minutes=5))
    assert refused.value.message_dict["capacity"] == [
        "您已以“培训人”身份签过这份记录，不能重复签名。"
    ]
    # The same person in another capacity, another person in the same one, and the same
    # person on another record all sign.
    sign_as(trainer, record, capacity=SignCapacity.RECORDER)
    sign_as(recorder, record, capacity=SignCapacity.TRAINER)
    sign_as(trainer, DepartmentFactory(enterprise=record.enterprise))
    assert Signature.objects.count() == 4
    assert Signature.objects.for_object(record).count() == 3


def test_a_password_checked_first_signs_once_for_that_person_only(trainer, recorder, record):
    with pytest.raises(ValidationError):
        check_signing_password(trainer.user, "不是密码", None)
    checked = check_signing_password(trainer.user, TEST_PASSWORD, None)
    assert sign_as(trainer, record, password=checked).signer == trainer.user
    # Another person's check is no signature of theirs.
    with pytest.raises(ValidationError, match="登录密码不正确"):
        sign_as(recorder, record, capacity=SignCapacity.RECORDER, password=checked)
    assert Signature.objects.count() == 1


def test_an_unknown_capacity_is_refused(trainer, record):
    with pytest.raises(ValidationError, match="未知的签名身份"):
        sign_as(trainer, record, capacity="boss")


def test_signatures_are_append_only(trainer, record):
    signature = sign_as(trainer, record)
    signature.content_hash = "0" * 64
    with pytest.raises(ValueError, match="只能追加"):
        signature.save()
    with pytest.raises(ValueError, match="只能追加"):
        signature.delete()
    with pytest.raises(ValueError, match="只能追加"):
        Signature.objects.filter(pk=signature.pk).update(content_hash="0" * 64)
    with pytest.raises(ValueError, match="只能追加"):
        Signature.objects.all().delete()
    assert Signature.objects.get().content_hash != "0" * 64


def test_a_drawn_signature_is_kept_with_its_hash(trainer, record):
    signature = sign_as(trainer, record, capacity=SignCapacity.INSPECTOR, drawn_png=PNG)
    with signature.drawn_image.open("rb") as stored:
        assert stored.read() == PNG
    assert signature.drawn_image.name.startswith("signatures/")
    assert len(signature.drawn_hash) == 64


def test_a_drawn_signature_must_be_a_small_png(trainer, record):
    with pytest.raises(ValidationError, match="PNG"):
        sign_as(trainer, record, drawn_png=b"GIF89a....")
    with pytest.raises(ValidationError, match="512 KB"):
        sign_as(trainer, record, drawn_png=PNG + b"\x00" * 512 * 1024)
    assert not Signature.objects.exists()


@override_settings(AXES_ENABLED=True)
def test_wrong_signing_passwords_lock_the_account_like_wrong_logins(client, trainer, record):
    request = RequestFactory().post("/sign/", REMOTE_ADDR="10.0.0.7")
    request.user = trainer.user
    for _ in range(5):
        with pytest.raises(ValidationError, match="登录密码不正确"):
            sign_as(trainer, record, password="guess", request=request)
    with pytest.raises(ValidationError, match="已暂时锁定"):
        sign_as(trainer, record, request=request)
    assert not Signature.objects.exists()
    login = client.post(
        reverse("accounts:login"),
        {"username": trainer.user.username, "password": TEST_PASSWORD},
        REMOTE_ADDR="10.0.0.7",
    )
    assert login.status_code == 429


def test_the_form_asks_for_the_password_and_shows_a_refusal_on_it(trainer, record):
    request = RequestFactory().post("/sign/")
    request.user = trainer.user
    assert SignForm().fields["password"].label == "请输入登录密码以签名"
    assert 'autocomplete="current-password"' in str(SignForm()["password"])
    form = SignForm({"password": "guess"})
    assert form.sign_or_error(record, request=request, capacity="trainer", content=CONTENT) is None
    assert form.errors["password"] == ["登录密码不正确，未签名。请重新输入本人的登录密码。"]
    form = SignForm({"password": TEST_PASSWORD})
    signature = form.sign_or_error(record, request=request, capacity="trainer", content=CONTENT)
    assert signature is not None and signature.signer == trainer.user
    again = SignForm({"password": TEST_PASSWORD})
    assert again.sign_or_error(record, request=request, capacity="trainer", content=CONTENT) is None
    assert again.non_field_errors() == ["您已以“培训人”身份签过这份记录，不能重复签名。"]
    assert (
        SignForm({}).sign_or_error(record, request=request, capacity="trainer", content={}) is None
    )


def render_signatures(record, content) -> str:
    template = Template("{% load signatures %}{% signature_list record content %}")
    return template.render(Context({"record": record, "content": content}))


def test_the_include_names_signers_in_shanghai_time_and_says_if_content_changed(
    trainer, recorder, record, django_assert_num_queries
):
    assert "尚无签名" in render_signatures(record, CONTENT)
    sign_as(trainer, record)
    sign_as(recorder, record, capacity=SignCapacity.RECORDER, now=AT + dt.timedelta(hours=1))
    with django_assert_num_queries(1):
        page = render_signatures(record, CONTENT)
    assert page.index("王培训") < page.index("李安全")
    assert "培训人" in page and "录入人" in page
    assert "2024-03-02 00:30" in page and "2024-03-02 01:30" in page
    assert page.count("内容未改动") == 2 and "签名后内容已改动" not in page
    changed = render_signatures(record, {**CONTENT, "hours": Decimal("6")})
    assert changed.count("签名后内容已改动") == 2 and "内容未改动" not in changed
