"""Render stage: the site model through the Jinja templates into Markdown pages."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError
from markupsafe import Markup

from generator.charts import figure_charts, timeline_events, timeline_svg
from generator.compare import agreement, leaning_label
from generator.diagnostics import Diagnostic, PolicySiteError
from generator.formatting import format_date, format_number, load_labels
from generator.fragments import Fragments
from generator.model import Site
from generator.pages import Page, is_compact, plan_nav, plan_pages
from generator.parallel import fork_map, paused_gc
from generator.project import Project
from generator.tags import tag_anchor, tag_index
from generator.templating import make_environment


def _template_diagnostic(project: Project, page: Page, exc: Exception) -> Diagnostic:
    """A template error as a located diagnostic."""
    filename = getattr(exc, "filename", None) or page.templates[-1]
    line = getattr(exc, "lineno", 0) or 0
    name = (
        project.display(project.templates_dir / filename)
        if not filename.startswith("/")
        else filename
    )
    return Diagnostic(
        file=name,
        line=line,
        path=page.path,
        message=f"while rendering {page.path}: {exc}",
        hint="check the template; every value a template prints must exist (StrictUndefined)",
    )


def _picture_helpers(site: Site, labels: dict[str, Any]) -> dict[str, Any]:
    """Template globals for the comparisons, the timeline and the figure charts."""
    language = site.settings.language

    def timeline() -> Markup:
        events = timeline_events(site, labels["announced_event"], labels["published_event"])
        if not events:
            return Markup("")
        return timeline_svg(
            events, labels["timeline_title"], lambda d: format_date(d, language), "timeline"
        )

    def charts() -> list[Markup]:
        return figure_charts(site, labels["unit"], lambda v: format_number(v, language))

    return {
        "agreement": agreement,
        "leaning_label": leaning_label,
        "timeline": timeline,
        "figure_charts": charts,
        "tag_index": tag_index,
        "tag_anchor": tag_anchor,
    }


class _Labels(dict[str, Any]):
    """The labels as templates read them: `L.key` finds the label without Jinja first trying,
    and failing, to read a dict attribute of that name (an exception per label printed)."""

    def __init__(self, labels: dict[str, Any]) -> None:
        """The labels, as items and as attributes."""
        super().__init__(labels)
        self.__dict__.update(labels)


_JOB: dict[str, Any] = {}


def _render_one(index: int) -> tuple[str, str | None, Diagnostic | None]:
    """Render the page at `index` of the job _start_job set up (also in forked workers)."""
    env, page = _JOB["env"], _JOB["pages"][index]
    try:
        name = next((t for t in page.templates if t in _JOB["available"]), page.templates[-1])
        text = env.get_template(name).render(
            page_path=page.path,
            generated_from=page.generated_from,
            **_JOB["fragments"].for_page(page.path),
            **page.context,
        )
        return page.path, text, None
    except (TemplateError, ValueError, KeyError, AttributeError, TypeError) as exc:
        return page.path, None, _template_diagnostic(_JOB["project"], page, exc)


def _start_job(site: Site, project: Project, labels: dict[str, Any]) -> list[Page]:
    """Set up the job _render_one renders from (environment, fragments); return its pages."""
    env = make_environment(project.templates_dir, site.settings.language)
    env.globals.update(site=site, L=_Labels(labels), compact=is_compact(site))
    env.globals.update(_picture_helpers(site, labels))
    pages = plan_pages(site, labels)
    _JOB.update(
        env=env,
        pages=pages,
        project=project,
        available=set(env.list_templates()),
        fragments=Fragments(site, labels),
    )
    return pages


def _schedule(pages: list[Page]) -> list[int]:
    """The order to render `pages` in, as indexes: the heavy ones (heaviest first) spread evenly
    among the others, and light ones last, so that the workers' chunks carry similar work."""
    heavy = sorted((i for i, p in enumerate(pages) if p.weight > 1), key=lambda i: -pages[i].weight)
    light = [i for i, p in enumerate(pages) if p.weight <= 1]
    parts = len(heavy) + 1
    order = []
    for k in range(parts):
        order += heavy[k : k + 1] + light[len(light) * k // parts : len(light) * (k + 1) // parts]
    return order


@dataclass
class RenderJob:
    """Pages ready to render, in any process: `render(index)` for each index of `order`."""

    order: list[int]
    """The indexes of the pages to render, in the order that balances the workers."""
    nav: list[Any]
    """The navigation (of every page)."""
    render: Callable[[int], tuple[str, str | None, Diagnostic | None]] = _render_one
    """A page's path and Markdown, or its path and the template error."""


@contextmanager
def render_job(
    site: Site, project: Project, only: Collection[str] | None = None
) -> Iterator[RenderJob]:
    """Set up rendering every page, or those with their path in `only`, for the `with` block."""
    labels = load_labels(project.templates_dir / "labels.yaml", site.settings.language)
    pages = _start_job(site, project, labels)
    order = [i for i in _schedule(pages) if only is None or pages[i].path in only]
    try:
        # The cycle collector would scan the site model and the fragments again and again for
        # nothing (rendering makes next to no cycles): a seventh of the render time.
        with paused_gc():
            yield RenderJob(order, plan_nav(pages, labels))
    finally:
        _JOB.clear()


def render_pages(
    site: Site, project: Project, only: Collection[str] | None = None
) -> tuple[dict[str, str], list[Any]]:
    """Render every page, or those with their path in `only`; return {path: markdown} and the
    navigation (of every page)."""
    with render_job(site, project, only) as job:
        done = sorted(zip(job.order, fork_map(job.render, job.order), strict=True))
    results = [result for _, result in done]
    out = {path: text for path, text, _ in results if text is not None}
    errors = [d for _, _, d in results if d is not None]
    if errors:
        raise PolicySiteError(sorted(errors), "rendering failed")
    return out, job.nav
