"""lms.imports: a pending upload is imported exactly once, whoever confirms it
and however often; a file that no longer imports is rejected, a conflict leaves
it pending, a lost file says so."""

import threading

import pytest
from django.db import IntegrityError, connection

from lms.imports import (
    ImportInvalid,
    ImportNotPending,
    ImportPlan,
    pending_confirm,
    pending_plan,
    pending_save,
)
from lms.models import Cadre, PendingImport
from lms.roster import plan_roster
from lms.services import roster_import
from tests.lms.roster_factories import good_rows
from tests.lms.roster_files import roster_csv

pytestmark = pytest.mark.usefixtures("media_root")


def saved(kind="test", data=b"x", errors=()):
    plan = ImportPlan(filename="文件.csv")
    for message in errors:
        plan.error(2, "列", message)
    return pending_save(kind=kind, data=data, filename="文件.csv", plan=plan)


def counting_apply(calls):
    def apply(upload, data, user):
        calls.append(data)
        return ImportPlan(filename=upload.original_name, rows=[1, 2])

    return apply


def test_a_file_with_errors_is_kept_rejected_and_cannot_be_confirmed(db):
    upload = saved(errors=["不对"])
    assert upload.status == PendingImport.Status.REJECTED
    assert upload.summary["errors"] == [{"row": 2, "column": "列", "message": "不对"}]
    calls = []
    with pytest.raises(ImportNotPending) as caught:
        pending_confirm(upload=upload, apply=counting_apply(calls), user=None)
    assert caught.value.upload.status == PendingImport.Status.REJECTED
    assert calls == []


def test_a_second_confirmation_changes_nothing(db, administrator):
    upload = saved()
    calls = []
    plan = pending_confirm(
        upload=upload, apply=counting_apply(calls), user=administrator
    )
    assert len(plan.rows) == 2 and calls == [b"x"]
    upload.refresh_from_db()
    assert upload.status == PendingImport.Status.IMPORTED
    assert upload.summary["imported_by"] == str(administrator)
    summary = upload.summary

    stale = PendingImport.objects.get(pk=upload.pk)
    with pytest.raises(ImportNotPending) as caught:
        pending_confirm(upload=stale, apply=counting_apply(calls), user=administrator)
    assert caught.value.upload.status == PendingImport.Status.IMPORTED
    assert calls == [b"x"]
    upload.refresh_from_db()
    assert upload.summary == summary


def test_a_file_that_no_longer_imports_is_rejected(db):
    upload = saved()

    def apply(upload, data, user):
        plan = ImportPlan(filename=upload.original_name)
        plan.error(3, "列", "已变化")
        raise ImportInvalid(plan)

    with pytest.raises(ImportInvalid):
        pending_confirm(upload=upload, apply=apply, user=None)
    upload.refresh_from_db()
    assert upload.status == PendingImport.Status.REJECTED
    assert upload.summary["error_count"] == 1


def test_a_conflict_while_importing_leaves_the_upload_pending(db):
    upload = saved()

    def apply(upload, data, user):
        raise IntegrityError("unique")

    with pytest.raises(IntegrityError):
        pending_confirm(upload=upload, apply=apply, user=None)
    upload.refresh_from_db()
    assert upload.status == PendingImport.Status.PREVIEWED


def test_a_lost_file_is_explained(db):
    upload = saved()
    upload.file.storage.delete(upload.file.name)
    plan = pending_plan(upload, lambda upload, data: pytest.fail("read a lost file"))
    assert [e.message for e in plan.errors] == ["无法读取已上传的文件，请重新上传"]
    with pytest.raises(ImportInvalid):
        pending_confirm(upload=upload, apply=counting_apply([]), user=None)
    upload.refresh_from_db()
    assert upload.status == PendingImport.Status.REJECTED


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_the_same_moment_import_once(
    media_root, village, other_village, administrator
):
    """Real threads, each with its own connection: the database's locking
    decides which one claims the upload; the other finds it imported."""
    data = roster_csv(good_rows(3))
    upload = pending_save(
        kind="roster",
        data=data,
        filename="名册.csv",
        plan=plan_roster(data=data, filename="名册.csv"),
    )

    def apply(upload, data, user):
        return roster_import(data=data, filename=upload.original_name, user=user)

    barrier = threading.Barrier(2)
    imported, refused, errors = [], [], []

    def confirm():
        try:
            barrier.wait()
            mine = PendingImport.objects.get(pk=upload.pk)
            imported.append(
                pending_confirm(upload=mine, apply=apply, user=administrator)
            )
        except ImportNotPending as exc:
            refused.append(exc.upload.status)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(imported) == 1 and len(imported[0].creates) == 3
    assert refused == [PendingImport.Status.IMPORTED]
    assert Cadre.objects.count() == 3
    assert Cadre.history.count() == 3
