"""Seeding the demo: three cycles filled with synthetic inputs, two of them published, and a SIPAS wave.

Inputs are synthetic (``parindex.demo.synthetic``); states are set directly, as a data migration
would, and the seeding is recorded in the audit log as such.
"""
from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from parindex.demo.synthetic import synthetic_inputs
from parindex.web.audit.chain import Change, record, record_many
from parindex.web.cycles.models import Assessment, Cycle, Entry, Membership, Programme, Role, Unit
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.scoring import score_leaf
from parindex.web.cycles.setup import create_cycle, load_units
from parindex.web.demo.accounts import DEMO_UNIT, ensure_accounts
from parindex.web.publication.transitions import publish
from parindex.web.surveys.transitions import apply_wave, import_survey_wave

ADJUSTMENT_REASONS = [
    "Thiếu văn bản kiểm chứng cho một phần nhiệm vụ đã kê khai",
    "Báo cáo gửi chậm so với thời hạn quy định",
    "Số liệu không khớp với hệ thống thông tin giải quyết thủ tục hành chính",
    "Tài liệu kiểm chứng là dự thảo, chưa phải văn bản đã ban hành",
    "Kết quả kiểm tra của Bộ Nội vụ cho thấy chưa hoàn thành đầy đủ",
]
EXPLANATIONS = [
    "Đơn vị đã bổ sung quyết định ban hành kèm theo văn bản này.",
    "Báo cáo đã gửi qua hệ thống điện tử đúng hạn, kèm ảnh chụp nhật ký gửi.",
    "Số liệu đã được đối chiếu lại với Văn phòng UBND tỉnh; đề nghị giữ điểm tự đánh giá.",
    "Đơn vị thống nhất với kết quả thẩm định.",
]

# Every value the demo writes is also in the audit log, as a person's save would be: verify_audit
# checks entries against their last audited change.
DEMO_FIELDS = ["inputs", "self_points", "appraised_points", "appraisal_reason", "unit_explanation", "final_points", "final_reason"]


def seed(rng_seed: int = 2025) -> None:
    with transaction.atomic():
        load_units()
        programme, _ = Programme.objects.get_or_create(code="par-province", defaults={
            "name_vi": "Chỉ số cải cách hành chính cấp tỉnh", "name_en": "Provincial PAR INDEX", "unit_kind": "province"})
        users = ensure_accounts()
        rng = random.Random(rng_seed)
        y2023 = create_cycle(programme, 2023, "vn-par-province-2022", "par-province-2023", users["admin"])
        _fill(y2023, rng, users, every=A.FINAL)
        _publish(y2023, users)
        y2024 = create_cycle(programme, 2024, "vn-par-province-2022", "par-province-2024", users["admin"], previous=y2023)
        _fill(y2024, rng, users, every=A.FINAL)
        _sipas_wave(y2024, users["khaosat"], rng)
        _publish(y2024, users)
        y2025 = create_cycle(programme, 2025, "vn-par-province-2022", "par-province-2025", users["admin"], previous=y2024)
        _fill(y2025, rng, users)
        Cycle.objects.filter(pk=y2025.pk).update(state=C.FINAL_APPRAISAL)
        for unit in Unit.objects.filter(assessments__cycle=y2025)[:6]:
            Membership.objects.get_or_create(user=users["thamdinh"], role=Role.APPRAISER, unit=unit, cycle=y2025)
        Membership.objects.get_or_create(user=users["thamdinh"], role=Role.APPRAISER, unit=Unit.objects.get(uid="VN-31-2025"), cycle=y2025)
        record(users["admin"], "demo.seed", y2025, field=y2025.slug, new="synthetic demo data")


def _publish(cycle: Cycle, users: dict) -> None:
    Cycle.objects.filter(pk=cycle.pk).update(state=C.COUNCIL, council_approved_at=timezone.now(), council_approved_by=users["hoidong"])
    publish(Cycle.objects.get(pk=cycle.pk), users["admin"], "Công bố lần đầu (dữ liệu minh họa)")


def _sipas_wave(cycle: Cycle, user, rng: random.Random, per_province: int = 60) -> None:
    """A synthetic SIPAS wave (60 citizens in 6 communes per province), imported and applied like a real one."""
    items = cycle.methodology.questionnaire("sipas").item_codes
    lines = [",".join(["respondent_id", "province", "commune", "w", *items])]
    rid = 0
    for unit in Unit.objects.filter(assessments__cycle=cycle).order_by("code"):
        level = rng.uniform(0.72, 0.95)
        for person in range(per_province):
            rid += 1
            commune = f"{unit.code}-{person % 6}"
            answers = [(rng.choice([4, 5]) if rng.random() < level else rng.choice([1, 2, 3])) if rng.random() > 0.04 else 9
                       for _ in items]
            lines.append(",".join(map(str, [rid, unit.code, commune, 1500, *answers])))
    wave = import_survey_wave(cycle, user, "sipas-demo.csv", ("\n".join(lines) + "\n").encode(),
                              {"weights": "w", "strata": "province", "ids": ["commune"]})
    apply_wave(wave, user)


def _fill(cycle: Cycle, rng: random.Random, users: dict, every: str | None = None) -> None:
    """Synthetic inputs for every unit, then states spread over draft…final with plausible appraisal."""
    m = cycle.methodology
    assessments = list(cycle.assessments.select_related("unit").order_by("unit__code"))
    inputs = synthetic_inputs(m, [a.unit.as_core() for a in assessments], cycle.year)
    states = [A.DRAFT, A.SUBMITTED, A.APPRAISED, A.APPRAISED, A.EXPLAINED, A.EXPLAINED, A.FINAL, A.FINAL, A.FINAL]
    leaves = {leaf.code: leaf for leaf in m.leaves()}
    for i, (assessment, unit_inputs) in enumerate(zip(assessments, inputs.units, strict=True)):
        state = every or states[i % len(states)]
        if assessment.unit.code == DEMO_UNIT and every is None:
            state = A.EXPLAINED
        entries = list(assessment.entries.all())
        for entry in entries:
            leaf = leaves[entry.leaf_code]
            values = unit_inputs.values[entry.leaf_code]
            score = score_leaf(leaf, values)
            entry.inputs, entry.self_points = values, score.points
            if state != A.DRAFT and state != A.SUBMITTED and not leaf.is_adjustment and score.points > 0 and rng.random() < 0.06:
                entry.appraised_points = round(score.points * rng.choice([0.5, 0.75]), 2)
                entry.appraisal_reason = rng.choice(ADJUSTMENT_REASONS)
                if state in (A.EXPLAINED, A.FINAL):
                    entry.unit_explanation = rng.choice(EXPLANATIONS)
                if state == A.FINAL and rng.random() < 0.3:
                    entry.final_points, entry.final_reason = score.points, "Chấp nhận giải trình của đơn vị"
        Entry.objects.bulk_update(entries, DEMO_FIELDS)
        record_many(None, [Change(f"entry.{name}", entry, f"{assessment.unit.uid}/{entry.leaf_code}", new=getattr(entry, name),
                                  reason="dữ liệu minh họa (synthetic demo data)")
                           for entry in entries for name in DEMO_FIELDS if getattr(entry, name) not in (None, "", {})])
        Assessment.objects.filter(pk=assessment.pk).update(state=state)
