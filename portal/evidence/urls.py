from django.urls import path

from portal.evidence import views
from portal.evidence.feeds import SavedSearchFeed

app_name = "evidence"

export_formats = {"citations.ris": "ris", "citations.bib": "bibtex", "citations.json": "csl-json", "brief.pdf": "pdf"}

urlpatterns = [
    path("evidence-packs/", views.pack_list, name="pack_list"),
    path("evidence-packs/add/", views.add_to_pack, name="add_to_pack"),
    path("evidence-packs/<int:pack_id>/", views.pack_detail, name="pack_detail"),
    path("evidence-packs/<int:pack_id>/rename/", views.pack_rename, name="pack_rename"),
    path("evidence-packs/<int:pack_id>/delete/", views.pack_delete, name="pack_delete"),
    path("evidence-packs/<int:pack_id>/share/", views.pack_share, name="pack_share"),
    path("evidence-packs/<int:pack_id>/items/<int:case_study_id>/note/", views.item_note, name="item_note"),
    path("evidence-packs/<int:pack_id>/items/<int:case_study_id>/remove/", views.item_remove, name="item_remove"),
    path("evidence-packs/shared/<str:token>/", views.shared_pack, name="shared_pack"),
    path("saved-searches/", views.saved_search_list, name="saved_search_list"),
    path("saved-searches/new/", views.saved_search_create, name="saved_search_create"),
    path("saved-searches/<int:saved_search_id>/rename/", views.saved_search_rename, name="saved_search_rename"),
    path("saved-searches/<int:saved_search_id>/delete/", views.saved_search_delete, name="saved_search_delete"),
    path(
        "saved-searches/<int:saved_search_id>/feed/", views.saved_search_feed_control, name="saved_search_feed_control"
    ),
    path("feeds/saved-searches/<str:token>/", SavedSearchFeed(), name="saved_search_feed"),
    path(
        "case-studies/versions/<int:case_study_id>/<int:revision_id>/",
        views.case_study_version,
        name="case_study_version",
    ),
]
for filename, fmt in export_formats.items():
    name = fmt.replace("-", "_")
    urlpatterns += [
        path(f"evidence-packs/<int:pack_id>/{filename}", views.pack_export, {"fmt": fmt}, name=f"pack_{name}"),
        path(
            f"evidence-packs/shared/<str:token>/{filename}",
            views.shared_pack_export,
            {"fmt": fmt},
            name=f"shared_pack_{name}",
        ),
    ]
