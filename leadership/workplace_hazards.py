"""What the hazard register tells other domains of a person's workplace (registered in
``accounts.hazards`` at start-up): the names of their enterprise's supervised processes,
major hazard sources and those sources' chemicals."""

from __future__ import annotations

from accounts.hazards import WorkplaceHazards
from accounts.models import StaffProfile
from leadership.models import EnterpriseProcess, MajorHazardSource, SupervisedProcess


def read_workplace_hazards(staff: StaffProfile) -> WorkplaceHazards:
    """The enterprise's whole register: a worker's post is not tied to a process or a
    source in it, and the questions offered are already those of the person's post."""
    if staff.enterprise_id is None:
        return WorkplaceHazards()
    labels = dict(SupervisedProcess.choices)
    processes = EnterpriseProcess.objects.filter(enterprise_id=staff.enterprise_id)
    # One query for the sources and their chemicals (a source without any gives None).
    rows = list(
        MajorHazardSource.objects.filter(enterprise_id=staff.enterprise_id)
        .order_by("name", "chemicals__pk")
        .values_list("name", "chemicals__name")
    )
    return WorkplaceHazards(
        processes=tuple(
            sorted({labels.get(p, p) for p in processes.values_list("process", flat=True)})
        ),
        sources=tuple(dict.fromkeys(name for name, _ in rows)),
        chemicals=tuple(dict.fromkeys(chemical for _, chemical in rows if chemical)),
    )
