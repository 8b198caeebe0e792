"""Screenshots of every page in Chromium at 1400x1000, in English and Indonesian, with no
filter and with each audience, to look at as a user would.

    python scripts/screenshots.py OUT_DIR [--url http://127.0.0.1:8501] [--audiences all|none]
                                  [--pages overview,sources] [--languages en,id] [--full]

Needs a running app (bash scripts/run.sh, or streamlit run app.py with TRACKER_DATA and
TRACKER_DB); with TRACKER_EDITORS set, give --editor NAME:PASSWORD to see the editors' pages.
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {"overview": "", "recommendations": "recommendations", "sources": "sources", "method": "method",
         "export": "export", "add": "add", "review": "review"}
AUDIENCES = ["government", "app_developers", "ngos", "researchers", "public", "sex_workers", "none"]


def settle(page) -> None:
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(state="attached", timeout=60_000)
    # Charts draw after the script run ends (the first time, once Plotly has loaded).
    page.wait_for_function("""() => !document.querySelector('[data-testid="stSkeleton"]')
                                   && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                                      .every(chart => chart.querySelector('.main-svg'))""", timeout=60_000)
    page.wait_for_timeout(300)


def sign_in(page, editor: str) -> None:
    name, _, password = editor.partition(":")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stExpander").locator("summary").click()
    sidebar.locator('input[type="text"]').first.fill(name)
    sidebar.locator('input[type="password"]').fill(password)
    sidebar.locator('[data-testid="stFormSubmitButton"] button').click()
    page.wait_for_timeout(500)
    settle(page)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--url", default="http://127.0.0.1:8501")
    parser.add_argument("--audiences", default="all", help="all (no filter and each audience) or none (no filter only)")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--languages", default="en,id")
    parser.add_argument("--editor", default="", help="NAME:PASSWORD, to sign in on the editors' pages")
    parser.add_argument("--full", action="store_true", help="the whole page, not the first screen")
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    views = [None] + (AUDIENCES if arguments.audiences == "all" else [])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        for name in arguments.pages.split(","):
            for language in arguments.languages.split(","):
                for audience in views:
                    query = [f"lang={language}"] if language != "en" else []
                    if audience:
                        query.append(f"audience={audience}")
                    page.goto(f"{arguments.url}/{PAGES[name]}" + ("?" + "&".join(query) if query else ""))
                    settle(page)
                    if arguments.editor and name in ("add", "review") and page.locator('input[type="password"]').count():
                        sign_in(page, arguments.editor)
                    target = arguments.out / f"{name}-{language}-{audience or 'all'}.png"
                    if arguments.full:
                        # Streamlit scrolls inside its main area, so grow the window to its height.
                        height = page.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollHeight')
                        page.set_viewport_size({"width": 1400, "height": max(1000, height)})
                        page.wait_for_timeout(400)
                    page.screenshot(path=str(target))
                    page.set_viewport_size({"width": 1400, "height": 1000})
                    print(target)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
