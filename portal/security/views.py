"""`/csp-report/` for browsers' violation reports and `/.well-known/security.txt` (RFC 9116)."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from portal.security import reports


def _too_large_response():
    limit = settings.CSP_REPORT_MAX_BYTES
    return JsonResponse({"error": f"Reports may be at most {limit} bytes."}, status=413)


def _too_large(request) -> bool:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    return declared > settings.CSP_REPORT_MAX_BYTES


@csrf_exempt  # browsers post reports without a session or token; nothing is changed but a log line
@require_POST
def csp_report(request):
    client = request.META.get("REMOTE_ADDR", "")
    if _too_large(request):
        return _too_large_response()
    if not reports.allow_report_from(client):
        return JsonResponse({"error": "Too many reports from this address; try again later."}, status=429)
    # A body sent without a Content-Length (chunked) is read no further than the limit.
    body = request.read(settings.CSP_REPORT_MAX_BYTES + 1)
    if len(body) > settings.CSP_REPORT_MAX_BYTES:
        return _too_large_response()
    try:
        violations = reports.parse_reports(body)
    except reports.ReportError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    reports.log_violations(violations, client=client)
    return HttpResponse(status=204)


@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request):
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_TXT_CONTACTS]
    lines.append(f"Expires: {settings.SECURITY_TXT_EXPIRES}")
    lines += [f"Policy: {policy}" for policy in settings.SECURITY_TXT_POLICY_URLS]
    lines += [f"Preferred-Languages: {settings.SECURITY_TXT_LANGUAGES}"]
    lines.append(f"Canonical: {request.build_absolute_uri(request.path)}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
