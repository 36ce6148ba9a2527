"""Seeding the demo: three cycles of the national index filled with synthetic inputs — two
published, one in progress — whose survey criteria come from survey data as a real year's do, and
Hải Phòng's own indices: of its departments, published beside it, and of its communes, in its
self-assessment round.

Inputs are synthetic (``parindex.demo.synthetic``); states are set directly, as a data migration
would, and the seeding is recorded in the audit log as such. Survey criteria are never filled with
synthetic values: they come from synthetic waves of responses (SIPAS, citizens, businesses)
estimated and applied like real ones, and from a table of results sent by another body (the
officials' survey), so the published cycles account for all 100 points.

The 2025 cycle stands where a year stands in its explanation round, the day after the deadline:
most units have explained, some are late, Hải Phòng (the demo editor's unit) had its round extended,
one unit is excluded with the reason published, and the businesses' survey waits to be applied. The
demo accounts can take it to publication by clicking: explain and send, move on (naming the late
units), finalise, approve, publish.
"""
from __future__ import annotations

import random
from datetime import timedelta
from importlib import resources

from django.db import transaction
from django.utils import timezone

from parindex.core.inputs.registry import read_registry
from parindex.core.survey.unit_results import UnitResult
from parindex.core.units import UnitCatalogue
from parindex.core.units.catalogue import communes_2025
from parindex.demo.synthetic import synthetic_inputs
from parindex.web.audit.chain import Change, record, record_many
from parindex.web.cycles.models import Assessment, Cycle, Entry, Membership, Programme, Role, Unit
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.scoring import score_leaf
from parindex.web.cycles.setup import create_cycle, load_units, save_units
from parindex.web.cycles.transitions import exclude, extend
from parindex.web.demo.accounts import DEMO_UNIT, ensure_accounts
from parindex.web.publication.transitions import publish
from parindex.web.surveys.transitions import apply_wave, import_survey_wave, import_unit_results

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
        _survey_data(y2023, users["khaosat"], rng)
        _publish(y2023, users)
        y2024 = create_cycle(programme, 2024, "vn-par-province-2022", "par-province-2024", users["admin"], previous=y2023)
        _fill(y2024, rng, users, every=A.FINAL)
        _survey_data(y2024, users["khaosat"], rng)
        _publish(y2024, users)
        _cycle_in_progress(programme, y2024, rng, users)
        _province_own_index(users, rng)
        _province_communes_in_progress(users, rng)


def _cycle_in_progress(programme: Programme, previous: Cycle, rng: random.Random, users: dict) -> Cycle:
    """2025, the day after the explanation round closed (see the module's note)."""
    today = timezone.localdate()
    cycle = create_cycle(programme, 2025, "vn-par-province-2022", "par-province-2025", users["admin"], previous=previous)
    _fill(cycle, rng, users, states=[A.EXPLAINED, A.EXPLAINED, A.EXPLAINED, A.APPRAISED])
    Cycle.objects.filter(pk=cycle.pk).update(state=C.EXPLANATION, self_assessment_due=today - timedelta(days=75),
                                             appraisal_due=today - timedelta(days=30), explanation_due=today - timedelta(days=1),
                                             final_appraisal_due=today + timedelta(days=14), council_due=today + timedelta(days=30))
    cycle.refresh_from_db()
    for unit in Unit.objects.filter(assessments__cycle=cycle):  # one appraiser appointed for the year's every unit
        Membership.objects.get_or_create(user=users["thamdinh"], role=Role.APPRAISER, unit=unit, cycle=cycle)
    home = Assessment.objects.get(cycle=cycle, unit__code=DEMO_UNIT, unit__valid_from__isnull=False)
    Assessment.objects.filter(pk=home.pk).update(state=A.APPRAISED)
    extend(home, users["admin"], today + timedelta(days=7), "Đơn vị đề nghị gia hạn do thay đổi lãnh đạo phụ trách (minh họa)")
    left_out = cycle.assessments.exclude(pk=home.pk).order_by("-unit__code").first()
    exclude(left_out, users["admin"], "Đơn vị không nộp hồ sơ tự đánh giá đúng quy định; Hội đồng thống nhất không đánh giá (minh họa)")
    _survey_data(cycle, users["khaosat"], rng, apply_businesses=False)
    record(users["admin"], "demo.seed", cycle, field=cycle.slug, new="synthetic demo data")
    return cycle


def _province_own_index(users: dict, rng: random.Random) -> Cycle:
    """Hải Phòng's own index of its departments, 2025, published beside the national one: its units
    from a registry file, its methodology the built-in departments example, its survey criteria
    from a table of results, as an office would bring them."""
    programme = Programme.objects.create(code="hp-so", name_vi="Chỉ số CCHC các sở, ban, ngành thành phố Hải Phòng (minh họa)",
                                         name_en="PAR index of Hai Phong's departments (illustrative)", unit_kind="department")
    registry = resources.files("parindex.web.demo").joinpath("data/hai-phong-departments.csv")
    with resources.as_file(registry) as path:
        save_units(read_registry(path, prefix="HP-SO"), programme)
    cycle = create_cycle(programme, 2025, "vn-par-department-example", "hp-so-2025", users["admin"])
    _fill(cycle, rng, users, every=A.FINAL)
    surveyed = [leaf.code for leaf in cycle.methodology.leaves() if leaf.source == "survey"]
    results = [UnitResult(unit.code, leaf, round(rng.uniform(0.7, 0.95), 4), round(rng.uniform(0.015, 0.035), 4), rng.randint(80, 200))
               for unit in Unit.objects.filter(assessments__cycle=cycle).order_by("code") for leaf in surveyed]
    apply_wave(import_unit_results(cycle, users["khaosat"], results, "Sở Nội vụ Hải Phòng — khảo sát năm 2025 (minh họa)"), users["khaosat"])
    _publish(cycle, users)
    return cycle


def _province_communes_in_progress(users: dict, rng: random.Random) -> Cycle:
    """Hải Phòng's own index of its communes, wards and special zones, 2025, in its self-assessment
    round: the units are the city's from the list parindex ships, the methodology the communes
    example; some communes have filled and sent their file, the others are still at it."""
    programme = Programme.objects.create(code="hp-xa", name_vi="Chỉ số CCHC các xã, phường, đặc khu thành phố Hải Phòng (minh họa)",
                                         name_en="PAR index of Hai Phong's communes, wards and special zones (illustrative)",
                                         unit_kind="commune")
    save_units(UnitCatalogue(tuple(u for u in communes_2025() if u.parent == "VN-31-2025")), programme)
    cycle = create_cycle(programme, 2025, "vn-par-commune-example", "hp-xa-2025", users["admin"])
    _fill(cycle, rng, users, states=[A.DRAFT, A.DRAFT, A.SUBMITTED])
    Cycle.objects.filter(pk=cycle.pk).update(state=C.SELF_ASSESSMENT, self_assessment_due=timezone.localdate() + timedelta(days=20))
    return cycle


def _publish(cycle: Cycle, users: dict) -> None:
    Cycle.objects.filter(pk=cycle.pk).update(state=C.COUNCIL, council_approved_at=timezone.now(), council_approved_by=users["hoidong"])
    publish(Cycle.objects.get(pk=cycle.pk), users["admin"], "Công bố lần đầu (dữ liệu minh họa)")


def _survey_data(cycle: Cycle, user, rng: random.Random, apply_businesses: bool = True) -> None:
    """Every survey criterion's data: waves of responses for SIPAS, citizens and businesses (the last
    left for the survey manager to apply when ``apply_businesses`` is off), and the officials'
    survey as a table of results from the Ministry of Home Affairs."""
    for questionnaire, respondents in (("sipas", 40), ("citizens", 30), ("businesses", 20)):
        wave = _wave(cycle, user, rng, questionnaire, respondents)
        if questionnaire != "businesses" or apply_businesses:
            apply_wave(wave, user)
    officials = [leaf.code for leaf in cycle.methodology.leaves() if leaf.estimate_from and leaf.estimate_from[0] == "officials"]
    results = []
    for unit in Unit.objects.filter(assessments__cycle=cycle, assessments__excluded=False).order_by("code"):
        level = rng.uniform(0.62, 0.9)
        for leaf in officials:
            share = min(0.99, max(0.3, rng.gauss(level, 0.04)))
            results.append(UnitResult(unit.code, leaf, round(share, 4), round(rng.uniform(0.015, 0.035), 4), rng.randint(150, 400)))
    apply_wave(import_unit_results(cycle, user, results, f"Bộ Nội vụ — Khảo sát cán bộ, công chức năm {cycle.year} (minh họa)"), user)


def _wave(cycle: Cycle, user, rng: random.Random, questionnaire_id: str, per_province: int):
    """A synthetic wave of one questionnaire (``per_province`` respondents in 6 communes per
    province), imported like a real one."""
    items = cycle.methodology.questionnaire(questionnaire_id).item_codes
    lines = [",".join(["respondent_id", "province", "commune", "w", *items])]
    rid = 0
    for unit in Unit.objects.filter(assessments__cycle=cycle).order_by("code"):
        level = rng.uniform(0.72, 0.95)
        for person in range(per_province):
            rid += 1
            answers = [(rng.choice([4, 5]) if rng.random() < level else rng.choice([1, 2, 3])) if rng.random() > 0.04 else 9
                       for _ in items]
            lines.append(",".join(map(str, [rid, unit.code, f"{unit.code}-{person % 6}", 1500, *answers])))
    return import_survey_wave(cycle, user, f"{questionnaire_id}-{cycle.year}-demo.csv", ("\n".join(lines) + "\n").encode(),
                              {"weights": "w", "strata": "province", "ids": ["commune"]}, questionnaire_id)


def _fill(cycle: Cycle, rng: random.Random, users: dict, every: str | None = None, states: list[str] | None = None) -> None:
    """Synthetic inputs for every unit's own criteria (survey criteria come from survey data), then
    the units' states (``every`` one, or spread over ``states``) with plausible appraisal."""
    m = cycle.methodology
    assessments = list(cycle.assessments.select_related("unit").order_by("unit__code"))
    inputs = synthetic_inputs(m, [a.unit.as_core() for a in assessments], cycle.year)
    states = states or [A.DRAFT, A.SUBMITTED, A.APPRAISED, A.APPRAISED, A.EXPLAINED, A.EXPLAINED, A.FINAL, A.FINAL, A.FINAL]
    leaves = {leaf.code: leaf for leaf in m.leaves()}
    for i, (assessment, unit_inputs) in enumerate(zip(assessments, inputs.units, strict=True)):
        state = every or states[i % len(states)]
        entries = [e for e in assessment.entries.all() if leaves[e.leaf_code].source != "survey"]
        for entry in entries:
            leaf = leaves[entry.leaf_code]
            values = unit_inputs.values[entry.leaf_code]
            score = score_leaf(leaf, values)
            entry.inputs, entry.self_points = values, score.points
            if state not in (A.DRAFT, A.SUBMITTED) and not leaf.is_adjustment and score.points > 0 and rng.random() < 0.06:
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
