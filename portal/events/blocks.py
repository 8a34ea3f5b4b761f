"""What an event leaves behind: notes, links to slides and recordings, and the case studies it fed."""

from wagtail import blocks


class OutputLinkBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("slides", "Slides"), ("recording", "Recording"), ("notes", "Notes"), ("other", "Other")],
        default="slides",
    )
    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(label="Address")

    class Meta:
        icon = "link"
        template = "events/blocks/output_link.html"
        description = "A link to slides, a recording or shared notes"
        preview_value = {"kind": "slides", "title": "Slides from the morning session", "url": "https://example.org/"}


class OutputNotesBlock(blocks.TextBlock):
    class Meta:
        icon = "doc-full"
        template = "events/blocks/output_notes.html"
        description = "Notes written up after the event"
        preview_value = "We agreed to meet again in spring and to share the budget template."


class CaseStudyOutputBlock(blocks.PageChooserBlock):
    # Named by string: events do not import practices (pyproject.toml's contracts).
    def __init__(self, **kwargs):
        super().__init__(page_type="practices.CaseStudyPage", **kwargs)

    class Meta:
        icon = "doc-empty-inverse"
        template = "events/blocks/output_case_study.html"
        description = "A case study that came out of, or was presented at, the event"


OUTPUT_BLOCKS = [
    ("notes", OutputNotesBlock()),
    ("link", OutputLinkBlock()),
    ("case_study", CaseStudyOutputBlock()),
]
