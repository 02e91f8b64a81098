import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_page_to_handlungsfeld(page, live_server):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto("/")
    assert page.locator("h1").inner_text() == "Projektsteckbriefe für den Masterplan"
    # Bootstrap is served by the portal itself.
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Handlungsfelder"
    ).click()
    page.wait_for_url("**/handlungsfelder/")
    page.get_by_role("link", name="Bildung und Fachkräftesicherung").click()
    page.wait_for_url("**/handlungsfelder/HF4/")
    assert "Handlungsfeld Bildung und Fachkräftesicherung" in page.locator("h1").inner_text()
    assert page.get_by_role(
        "heading", name="HF4.2 Beschäftigte in der Transformation stärken"
    ).is_visible()
    assert all(url.startswith(live_server.url) for url in requests), requests


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/handlungsfelder/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#inhalt"
