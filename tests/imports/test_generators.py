"""The benchmark generators on small sizes: the rows import cleanly, the network is whole and threaded."""

from django.contrib.contenttypes.models import ContentType
from django_comments_xtd.models import XtdComment

from portal.discussions.models import Topic
from portal.imports.generators import case_studies_csv, generate_network
from portal.imports.models import ImportStatus
from portal.imports.services import import_from_bytes, run_import
from portal.network.models import Follow, PractitionerProfile
from portal.practices.models import CaseStudyPage


def test_generated_case_studies_import_without_a_refused_row(principles, health, london, amara):
    data = case_studies_csv(30, seed=3)

    job = run_import(
        job=import_from_bytes(data=data, file_format="csv", publish=True, all_or_nothing=True), batch_size=7
    )

    assert job.status == ImportStatus.DONE, job.report[:3]
    assert CaseStudyPage.objects.live().count() == 30


def test_the_network_generator_makes_what_it_is_asked_for(health, london):
    made = generate_network(members=40, follows=120, topics=3, comments=50, seed=1)

    assert made == {"members": 40, "follows": 120, "topics": 3, "comments": 50}
    assert PractitionerProfile.objects.count() == 40
    assert Follow.objects.count() == 120
    topic = Topic.objects.order_by("pk").first()
    thread = XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(Topic), object_pk=str(topic.pk)
    ).order_by("thread_id", "order")
    assert topic.reply_count == thread.count() == 17
    roots = [c for c in thread if c.level == 0]
    assert all(root.thread_id == root.pk == root.parent_id for root in roots)
    assert all(reply.parent_id == reply.thread_id and reply.level == 1 for reply in thread if reply.level)
    assert sum(root.nested_count for root in roots) == thread.count() - len(roots)
