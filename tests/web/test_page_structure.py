"""Every page the public sees, in every state, checked the same way: one h1, a title that starts with it, no
duplicate ids, and forms that say where they go and carry a CSRF token when they post. (Quick exit is a GET
form on purpose: it must work from a page left open for hours, and it carries no token into the URL.)"""

from __future__ import annotations

from .pages import SKIP, Page, Respondent
from .test_easy_read import ANSWERS
from .test_journey import MOVED_ON


def every_page(app) -> list[tuple[str, Page]]:
    """Visit each page and state of the leaving-care journey (and the pages around it) once."""
    seen: list[tuple[str, Page]] = []
    person = Respondent(app.test_client())

    def keep(name: str, page: Page) -> None:
        seen.append((name, page))

    for url in ("/", "/help", "/no-such-page", "/resume"):
        keep(url, person.open(url))
    keep("resume with an error", person.submit({"code": "ZZZZ-ZZZZ-ZZ"}))
    keep("start", person.open("/survey/leaving-care?area=N1"))
    keep("information", person.submit())
    person.open(person.page.link("Continue"))
    while "/agree/" in person.page.path:
        keep(person.page.path, person.page)
        person.submit({"answer": "yes"})
    keep("before you start", person.page)
    person.submit()
    while person.page.question_id:
        question = person.page.question_id
        keep(question, person.page)
        keep(f"{question} with an error", person.submit({"action": "continue", "answer": ""}))
        person.answer(MOVED_ON[question])
    keep("check your answers", person.page)
    keep("stop", person.open(person.page.link("Stop")))
    keep("stop with an error", person.submit({}))
    keep("page expired", Page(400, "/", app.test_client().post("/resume").get_data(as_text=True), {}))
    person.open("/survey/leaving-care/check")
    keep("thank you", person.submit())
    return seen + _endings(app) + _support_pages(app) + easy_read_pages(app)


def _endings(app) -> list[tuple[str, Page]]:
    """The pages after declining, stopping, and finishing or pausing as a helper."""
    helper = Respondent(app.test_client())
    helper.consent(assisted=True)
    helper.answer_all(MOVED_ON)
    pages = [("hand back", helper.submit())]
    pages.append(("worker's page", helper.open(helper.page.link("I am the worker"))))
    assisted_stopper = Respondent(app.test_client())
    assisted_stopper.consent(assisted=True)
    assisted_stopper.open(assisted_stopper.page.link("Stop"))
    pages.append(("hand back after stopping", assisted_stopper.submit({"answers": "keep"})))
    pauser = Respondent(app.test_client())
    pauser.consent(assisted=True)
    pages.append(("finish later on a worker's device", pauser.open(pauser.page.link("Finish later"))))
    pages.append(("hand back after pausing", pauser.submit()))
    pages.append(("worker's page after a pause", pauser.open(pauser.page.link("I am the worker"))))
    stopper = Respondent(app.test_client())
    stopper.consent()
    stopper.open(stopper.page.link("Stop"))
    pages.append(("stopped", stopper.submit({"answers": "delete"})))
    decliner = Respondent(app.test_client())
    decliner.open("/survey/leaving-care")
    decliner.submit()
    decliner.open(decliner.page.link("Continue"))
    pages.append(("declined", decliner.submit({"answer": "no"})))
    return pages


def easy_read_pages(app) -> list[tuple[str, Page]]:
    """The pages around the Easy Read questionnaire's questions, which have Easy Read words of their own."""
    person = Respondent(app.test_client())
    person.open("/survey/disabled-children")
    person.submit()
    pages = [("easy read: consent", person.open(person.page.link("Continue")))]
    pages.append(("easy read: before you start", person.submit({"answer": "yes"})))
    pages.append(("easy read: first question", person.submit()))
    pages.append(("easy read: finish later", person.open(person.page.link("Finish later"))))
    person.open(person.page.link("Back to the questions"))
    pages.append(("easy read: stop", person.open(person.page.link("Stop"))))
    pages.append(("easy read: stop with an error", person.submit({})))
    person.open(person.page.link("Go back to the questions"))
    person.answer_all(ANSWERS | {"one_thing": SKIP})  # typed words would be shown back untranslated
    pages.append(("easy read: check your answers", person.page))
    decliner = Respondent(app.test_client())
    decliner.open("/survey/disabled-children")
    decliner.submit()
    decliner.open(decliner.page.link("Continue"))
    pages.append(("easy read: declined", decliner.submit({"answer": "no"})))
    return pages


def _support_pages(app) -> list[tuple[str, Page]]:
    """After a worrying answer: the offer of contact, its error state, and each page that can follow it."""
    person = Respondent(app.test_client())
    person.consent()
    while person.page.question_id != "more_say":
        person.answer(MOVED_ON[person.page.question_id])
    question = person.page.path
    pages = [("support offer", person.answer("i want to kill myself tonight"))]
    pages.append(("support offer with an error", person.submit({})))
    pages.append(("support: no thank you", person.submit({"get_in_touch": "no"})))
    person.open(question)  # Back to the question: the same answer again opens the offer again
    pages.append(("support offer again", person.answer("i want to kill myself tonight")))
    pages.append(("support: how to reach you", person.submit({"get_in_touch": "yes"})))
    pages.append(("support: how to reach you with an error", person.submit({})))
    # This app has no safeguarding key, so the details cannot be kept: the page says so.
    pages.append(("support: not kept", person.submit({"contact": "07700 900123", "safe": "yes"})))
    return pages


def test_every_page_has_one_h1_a_matching_title_unique_ids_and_complete_forms(app):
    problems = []
    pages = every_page(app)
    for name, page in pages:
        if len(page.h1s) != 1:
            problems.append(f"{name}: {len(page.h1s)} h1 elements")
        if not (page.title.startswith(page.h1) or page.title.startswith("Error: " + page.h1)):
            problems.append(f"{name}: title {page.title!r} does not start with h1 {page.h1!r}")
        duplicates = {i for i in page.ids if page.ids.count(i) > 1}
        if duplicates:
            problems.append(f"{name}: duplicate ids {sorted(duplicates)}")
        for form in page.forms:
            if not form.action or (form.method or "").lower() not in ("get", "post"):
                problems.append(f"{name}: a form without an action or method")
            if (form.method or "").lower() == "post" and not form.fields.get("csrf_token"):
                problems.append(f"{name}: a POST form without a CSRF token")
    assert problems == []
    assert len(pages) > 50


def test_error_states_are_marked_in_the_title(app):
    for name, page in every_page(app):
        if "error" in name:
            assert page.title.startswith("Error: "), name


def test_support_contacts_are_on_help_finish_stopped_and_declined_pages(app):
    for name, page in every_page(app):
        if name in (
            "/help",
            "thank you",
            "hand back",
            "hand back after stopping",
            "stopped",
            "declined",
            "support offer",
            "support: not kept",
        ):
            for number in ("999", "0800 1111", "116 123", "85258", "0800 83 85 87"):
                assert number in page.html, (name, number)
