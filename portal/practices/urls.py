from django.urls import path

from portal.practices import views
from portal.practices.feeds import CaseStudyFeed

app_name = "practices"

urlpatterns = [
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/new/", views.submission_create, name="submission_create"),
    path("submissions/<int:pk>/", views.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/preview/", views.submission_preview, name="submission_preview"),
    path("submissions/<int:pk>/withdraw/", views.submission_withdraw, name="submission_withdraw"),
    path("submissions/<int:pk>/delete/", views.submission_delete, name="submission_delete"),
    path("submissions/<int:pk>/co-authors/", views.co_author_invite, name="co_author_invite"),
    path(
        "submissions/<int:pk>/co-authors/suggestions/",
        views.co_author_suggestions,
        name="co_author_suggestions",
    ),
    path(
        "submissions/<int:pk>/co-authors/<int:invitation_pk>/withdraw/",
        views.co_author_revoke,
        name="co_author_revoke",
    ),
    path("co-author-invitations/<str:token>/", views.invitation, name="invitation"),
    path("feeds/case-studies/", CaseStudyFeed(), name="case_study_feed"),
    path("feeds/case-studies/<slug:service_area>/", CaseStudyFeed(), name="case_study_area_feed"),
]
