from django.urls import path

from portal.security import views

app_name = "security"

urlpatterns = [
    path("csp-report/", views.csp_report, name="csp_report"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
]
