from django.urls import path

from portal.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/suggest/", views.suggest_api, name="suggest"),
    path("search/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("search/export.json", views.export, {"fmt": "json"}, name="export_json"),
    path("api/search/", views.search_api, name="api"),
    path("api/schema/", views.openapi_schema, name="schema"),
    path("evidence/", views.evidence_map, name="evidence_map"),
    path("evidence.csv", views.evidence_map_csv, name="evidence_map_csv"),
]
