"""The checks the other browser tests rely on can fail: the guard sees a CSP violation, a
JavaScript error and a request to another host, and axe-core and the reflow check see a
broken page. Without these, "no violations" could mean "nothing was checked"."""

from __future__ import annotations

from django.urls import reverse

from tests.browser.support import PHONE, AxeAudit, Guard, pdf_pages


def test_the_guard_sees_csp_violations_js_errors_and_other_hosts(browser, live_server):
    context = browser.new_context(viewport={"width": PHONE, "height": 800})
    # Nothing leaves the machine: the other host's request is answered here.
    context.route("http://elsewhere.example/**", lambda route: route.fulfill(body=""))
    guard = Guard(origin=live_server.url)
    page = context.new_page()
    guard.watch(page)
    page.goto(live_server.url + "/")
    with (
        page.expect_event("pageerror"),
        page.expect_console_message(lambda message: "Content Security Policy" in message.text),
        page.expect_request("http://elsewhere.example/pixel.gif"),
    ):
        page.evaluate(
            """() => {
                const inline = document.createElement("script");
                inline.textContent = "window.ranInline = true";
                document.body.append(inline);
                const image = document.createElement("img");
                image.src = "http://elsewhere.example/pixel.gif";
                document.body.append(image);
                setTimeout(() => { throw new Error("deliberate"); });
            }"""
        )
    assert page.evaluate("() => window.ranInline") is None  # the CSP blocked it
    context.close()

    text = "\n".join(guard.problems)
    assert "CSP violation" in text, guard.problems
    assert "request to another host: http://elsewhere.example/pixel.gif" in text
    assert "JS error" in text and "deliberate" in text


def test_axe_and_the_reflow_check_see_a_broken_page(browser, live_server):
    context = browser.new_context(viewport={"width": PHONE, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + reverse("triage:question", kwargs={"key": "emergency"}))
    page.evaluate(
        """() => {
            document.querySelector("label").remove();  // a checkbox without its label
            document.querySelector("main").style.minWidth = "800px";  // sideways scroll
        }"""
    )
    audit = AxeAudit(origin=live_server.url, width=PHONE)
    audit.check(page, "broken question")
    context.close()

    (violations,) = audit.found.values()
    assert {"label", "reflow"} <= {violation["id"] for violation in violations}


def test_the_pdf_page_count_sees_a_second_page(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/check/age/")  # a short page (redirects to the first question)
    page.set_content("<main><p>One short page.</p></main>")
    assert pdf_pages(page.pdf(format="Letter")) == 1
    page.evaluate(
        """() => {
            for (let i = 0; i < 80; i++) {
                document.querySelector("main").append(document.createElement("p"));
                document.querySelector("main p:last-child").textContent = "More text " + i;
            }
        }"""
    )
    assert pdf_pages(page.pdf(format="Letter")) > 1
    context.close()
