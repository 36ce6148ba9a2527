from django.urls import path

from parindex.web.cycles import views

app_name = "cycles"
urlpatterns = [
    path("work/", views.home, name="home"),
    path("cycles/new/", views.new_cycle, name="new"),
    path("cycles/new/criteria-template.xlsx", views.criteria_template, name="criteria-template"),
    path("cycles/new/registry-template.xlsx", views.registry_template, name="registry-template"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/review/", views.council_review, name="review"),
    path("cycles/<int:pk>/<slug:action>/", views.cycle_action, name="cycle-action"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/act/", views.bulk_action, name="bulk-action"),
    path("assessments/<int:pk>/areas/<str:area>/save/", views.area_save, name="area-save"),
    path("assessments/<int:pk>/unit-file.xlsx", views.unit_file, name="unit-file"),
    path("assessments/<int:pk>/unit-file/", views.unit_file_upload, name="unit-file-upload"),
    path("assessments/<int:pk>/record.xlsx", views.unit_record, name="unit-record"),
    path("assessments/<int:pk>/<slug:action>/", views.assessment_action, name="assessment-action"),
    path("entries/<int:pk>/preview/", views.entry_preview, name="entry-preview"),
    path("entries/<int:pk>/save/", views.entry_save, name="entry-save"),
    path("entries/<int:pk>/appraise/", views.entry_appraise, name="entry-appraise"),
    path("entries/<int:pk>/explain/", views.entry_explain, name="entry-explain"),
    path("entries/<int:pk>/correct/", views.entry_correct, name="entry-correct"),
    path("entries/<int:pk>/evidence/", views.entry_evidence, name="entry-evidence"),
    path("entries/<int:pk>/history/", views.entry_history, name="entry-history"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence-remove"),
]
