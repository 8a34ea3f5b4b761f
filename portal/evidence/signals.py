"""Signal handlers of evidence: note case studies whose publication is news for saved searches."""

from wagtail.signals import page_published


def case_study_published(sender, instance, revision=None, **kwargs):
    from portal.evidence.services import note_case_study_change

    note_case_study_change(case_study=instance, revision=revision)


def connect() -> None:
    from portal.practices.models import CaseStudyPage

    page_published.connect(case_study_published, sender=CaseStudyPage, dispatch_uid="evidence-case-study-published")
