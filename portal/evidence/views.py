"""Evidence pack pages and exports: parse, call a selector or service, render or stream."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.evidence import exports, search_adapter, selectors, services, versions
from portal.evidence.forms import AddToPackForm, NoteForm, PackForm, SavedSearchNameForm
from portal.evidence.services import EvidenceError
from portal.evidence.templatetags.evidence_tags import cite_this_context
from portal.practices.models import EvidenceLevel
from portal.practices.selectors import live_case_studies, principle_profile


def _own_pack(request, pack_id):
    pack = selectors.pack_of(request.user, pack_id)
    if pack is None:
        raise Http404("No such evidence pack.")
    return pack


def _shared_pack(token):
    pack = selectors.shared_pack(token)
    if pack is None:
        raise Http404("This link does not open an evidence pack: it may have been revoked.")
    return pack


@login_required
@require_http_methods(["GET", "POST"])
def pack_list(request):
    form = PackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pack = services.create_pack(owner=request.user, name=form.cleaned_data["name"])
        except EvidenceError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Evidence pack “{pack.name}” created.")
            return redirect(pack.get_absolute_url())
    status = 400 if form.errors else 200
    packs = selectors.packs_of(request.user)
    return render(request, "evidence/pack_list.html", {"packs": packs, "form": form}, status=status)


def _detail(request, pack, *, is_owner):
    items = [
        {"item": item, "note_form": NoteForm(initial={"note": item.note}, prefix=f"note-{item.case_study_id}")}
        for item in selectors.pack_items(pack)
    ]
    context = {"pack": pack, "items": items, "is_owner": is_owner, "rename_form": PackForm(initial={"name": pack.name})}
    if is_owner and pack.share_token:
        context["shared_link"] = request.build_absolute_uri(pack.get_shared_url())
    return render(request, "evidence/pack_detail.html", context)


@login_required
@require_GET
def pack_detail(request, pack_id):
    return _detail(request, _own_pack(request, pack_id), is_owner=True)


@require_GET
def shared_pack(request, token):
    response = _detail(request, _shared_pack(token), is_owner=False)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"  # the secret link never leaks to sites it links to
    return response


@login_required
@require_POST
def pack_rename(request, pack_id):
    pack = _own_pack(request, pack_id)
    form = PackForm(request.POST)
    if form.is_valid():
        services.rename_pack(pack=pack, name=form.cleaned_data["name"])
        messages.success(request, "Pack renamed.")
    else:
        messages.error(request, "Give the evidence pack a name (at most 120 characters).")
    return redirect(pack.get_absolute_url())


@login_required
@require_POST
def pack_delete(request, pack_id):
    pack = _own_pack(request, pack_id)
    services.delete_pack(pack=pack)
    messages.success(request, f"Evidence pack “{pack.name}” deleted.")
    return redirect("evidence:pack_list")


@login_required
@require_POST
def pack_share(request, pack_id):
    pack = _own_pack(request, pack_id)
    if request.POST.get("action") == "stop":
        services.stop_sharing(pack=pack)
        messages.success(request, "The shared link no longer works.")
    else:
        services.share_pack(pack=pack)
        messages.success(request, "Anyone with the new link can read this pack.")
    return redirect(pack.get_absolute_url())


@login_required
@require_POST
def item_note(request, pack_id, case_study_id):
    pack = _own_pack(request, pack_id)
    form = NoteForm(request.POST, prefix=f"note-{case_study_id}")
    if not form.is_valid():
        messages.error(request, "A note can be at most 2,000 characters.")
        return redirect(pack.get_absolute_url())
    try:
        services.set_note(pack=pack, case_study_id=case_study_id, note=form.cleaned_data["note"])
    except EvidenceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Note saved.")
    return redirect(pack.get_absolute_url())


@login_required
@require_POST
def item_remove(request, pack_id, case_study_id):
    pack = _own_pack(request, pack_id)
    services.remove_case_study(pack=pack, case_study_id=case_study_id)
    messages.success(request, "Removed from the pack.")
    return redirect(pack.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def add_to_pack(request):
    """A form of its own (reached by a plain link), so case study pages and results stay cacheable."""
    source = request.POST if request.method == "POST" else request.GET
    try:
        case_study_id = int(source.get("case_study", ""))
    except ValueError:
        return render(request, "evidence/add_to_pack.html", {"error": "Choose a case study to add."}, status=400)
    case_study = live_case_studies().filter(pk=case_study_id).first()
    if case_study is None:
        raise Http404("That case study is not published.")
    packs = list(selectors.packs_of(request.user))
    form = AddToPackForm(request.POST or None, packs=packs)
    if request.method == "POST" and form.is_valid():
        try:
            pack_id = form.cleaned_data["pack"]
            if pack_id:
                pack = _own_pack(request, pack_id)
            else:
                pack = services.create_pack(owner=request.user, name=form.cleaned_data["new_pack_name"])
            services.add_case_study(pack=pack, case_study_id=case_study.pk, note=form.cleaned_data["note"])
        except EvidenceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{case_study.title}” is in “{pack.name}”.")
            return redirect(pack.get_absolute_url())
    context = {
        "form": form,
        "case_study": case_study,
        "holding": selectors.packs_holding(request.user, case_study.pk),
        "packs": packs,
    }
    return render(request, "evidence/add_to_pack.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def pack_export(request, pack_id, fmt):
    return exports.response(request, _own_pack(request, pack_id), fmt)


@require_GET
def shared_pack_export(request, token, fmt):
    return exports.response(request, _shared_pack(token), fmt)


@require_GET
def case_study_version(request, case_study_id, revision_id):
    """A published version of a case study as it was: the target of a citation's permanent link."""
    case_study = live_case_studies().filter(pk=case_study_id).first()
    if case_study is None:
        raise Http404("No such case study.")
    revision, published_at = versions.published_revision(case_study, revision_id)
    if revision is None:
        raise Http404("That version of the case study was never published.")
    version = revision.as_object()
    context = cite_this_context({"request": request}, case_study, revision_id=revision.pk, published_at=published_at)
    context.update(
        {
            "version": version,
            "published_at": published_at,
            "is_current": revision.pk == case_study.live_revision_id,
            "profile": principle_profile(version),
            "evidence_label": EvidenceLevel(version.evidence_level).label,
        }
    )
    return render(request, "evidence/case_study_version.html", context)


# --- saved searches --------------------------------------------------------------------------------


def _own_saved_search(request, saved_search_id):
    saved_search = selectors.saved_search_of(request.user, saved_search_id)
    if saved_search is None:
        raise Http404("No such saved search.")
    return saved_search


@login_required
@require_GET
def saved_search_list(request):
    rows = [
        {
            "saved_search": saved_search,
            "search_url": reverse("search:search") + "?" + selectors.search_query_string(saved_search),
            "feed_url": request.build_absolute_uri(saved_search.get_feed_url()) if saved_search.feed_token else "",
            "entries": selectors.feed_entries(saved_search, limit=5),
            "filters_text": selectors.readable_filters(json.dumps(saved_search.filters)),
        }
        for saved_search in selectors.saved_searches_of(request.user)
    ]
    return render(request, "evidence/saved_search_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def saved_search_create(request):
    """Name and save the search in the query string (reached by a plain link from the results)."""
    source = request.POST if request.method == "POST" else request.GET
    try:
        search = search_adapter.parse(source, paged=False)
    except search_adapter.BadSearchRequest as error:
        return render(request, "evidence/saved_search_form.html", {"error": str(error)}, status=400)
    form = SavedSearchNameForm(request.POST or None, initial={"name": search.q[:120]})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_search(owner=request.user, name=form.cleaned_data["name"], params=request.POST)
        except EvidenceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Search saved as “{form.cleaned_data['name']}”. We will tell you of new evidence."
            )
            return redirect("evidence:saved_search_list")
    context = {"form": form, "search": search, "filters_text": selectors.readable_filters(json.dumps(search.filters))}
    return render(request, "evidence/saved_search_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def saved_search_rename(request, saved_search_id):
    saved_search = _own_saved_search(request, saved_search_id)
    form = SavedSearchNameForm(request.POST)
    if form.is_valid():
        services.rename_saved_search(saved_search=saved_search, name=form.cleaned_data["name"])
        messages.success(request, "Saved search renamed.")
    else:
        messages.error(request, "Give the saved search a name (at most 120 characters).")
    return redirect("evidence:saved_search_list")


@login_required
@require_POST
def saved_search_delete(request, saved_search_id):
    services.delete_saved_search(saved_search=_own_saved_search(request, saved_search_id))
    messages.success(request, "Saved search deleted: no more alerts for it.")
    return redirect("evidence:saved_search_list")


@login_required
@require_POST
def saved_search_feed_control(request, saved_search_id):
    saved_search = _own_saved_search(request, saved_search_id)
    if request.POST.get("action") == "revoke":
        services.revoke_feed(saved_search=saved_search)
        messages.success(request, "The feed address no longer works.")
    else:
        services.renew_feed(saved_search=saved_search)
        messages.success(request, "The feed has a new private address; the old one no longer works.")
    return redirect("evidence:saved_search_list")
