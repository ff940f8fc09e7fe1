#!/usr/bin/env python3
"""The HTML report in a real browser: Debian's headless Chromium (as root it needs
--no-sandbox) driven through chromium-driver and python3-selenium (WebDriver).

Checks that the page loads with an empty console-error log and its script ran, shows the
clause matrix (a word in every cell), that a click on a failed test opens its timeline (the
DUT's traffic, both directions), that the filters work (text, a matrix cell, a timeline
direction), and saves a screenshot of the opened failure as a test artifact.

usage: browser_test.py REPORT.html SCREENSHOT.png
"""
import os
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

problems = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        problems.append(what)


def browser(profile_dir):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1280,1600", "--user-data-dir=" + profile_dir,
              "--no-first-run", "--disable-extensions"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def shown(driver, element):
    """Rendered, as the page's reader sees it: the content of a closed <details> is not
    (Selenium's is_displayed() does not know that of Chromium's details-content)."""
    return driver.execute_script("return arguments[0].checkVisibility()", element)


def visible(elements):
    return [e for e in elements if e.is_displayed()]


def main():
    report, screenshot = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(os.path.dirname(screenshot), exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="atc-chromium-") as profile:
        driver = browser(profile)
        try:
            driver.set_page_load_timeout(60)
            driver.get("file://" + report)
            WebDriverWait(driver, 30).until(
                lambda d: d.execute_script("return document.readyState") == "complete")
            count = driver.find_element(By.CSS_SELECTOR, "section.run .filters .shown").text
            check(count.endswith(" shown"), "the page's script ran (filter count: %r)" % count)

            matrix = driver.find_element(By.ID, "matrix-0")
            cells = matrix.find_elements(By.CSS_SELECTOR, "button.cell")
            check(matrix.is_displayed() and len(cells) >= 100,
                  "the clause matrix is shown (%d sections)" % len(cells))
            words = [c.find_element(By.CSS_SELECTOR, ".w").text for c in cells]
            check(all(words), "every matrix cell says its standing in words")
            check("FAIL" in words, "the matrix shows the planted failure")

            failed = driver.find_elements(By.CSS_SELECTOR, "details.test.fail")
            check(len(failed) > 0, "the report lists a failed test")
            if failed:
                test = failed[0]
                timeline = test.find_element(By.CSS_SELECTOR, "table.tl")
                check(test.get_attribute("open") is None and not shown(driver, timeline),
                      "a failed test's timeline is closed at first")
                summary = test.find_element(By.TAG_NAME, "summary")
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
                summary.click()
                WebDriverWait(driver, 10).until(lambda d: shown(d, timeline))
                rows = visible(timeline.find_elements(By.CSS_SELECTOR, "tbody tr"))
                kinds = {r.get_attribute("class").split()[0] for r in rows}
                check(test.get_attribute("open") is not None and len(rows) > 0,
                      "a click on the failed test opens its timeline (%d entries)" % len(rows))
                check({"tx", "rx"} <= kinds, "the timeline has both directions (%s)" % sorted(kinds))
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
                driver.save_screenshot(screenshot)
                check(os.path.getsize(screenshot) > 10000, "screenshot saved: " + screenshot)

                box = test.find_element(By.CSS_SELECTOR, ".tl-filter input[value=rx]")
                box.click()
                rows_after = visible(timeline.find_elements(By.CSS_SELECTOR, "tbody tr"))
                check(all(r.get_attribute("class").split()[0] != "rx" for r in rows_after)
                      and len(rows_after) < len(rows), "unticking rx hides the received bytes")
                box.click()

                cell = [c for c in cells if c.get_attribute("class").split()[-1] == "fail"][0]
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
                cell.click()
                listed = visible(driver.find_elements(By.CSS_SELECTOR, "details.test"))
                wanted = cell.get_attribute("data-clause").lower()
                check(len(listed) > 0 and all(wanted in t.get_attribute("data-search")
                                              for t in listed),
                      "a click on a FAIL cell lists its tests only (%d)" % len(listed))

            search = driver.find_element(By.CSS_SELECTOR, "section.run .filters input[type=search]")
            search.clear()
            search.send_keys("no-such-test-zzz")
            check(len(visible(driver.find_elements(By.CSS_SELECTOR, "details.test"))) == 0,
                  "a filter matching nothing hides every test")
            search.clear()
            search.send_keys(" ")
            all_tests = driver.find_elements(By.CSS_SELECTOR, "details.test")
            check(len(visible(all_tests)) == len(all_tests), "clearing the filter shows them all")

            errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            check(not errors, "the console-error log is empty %s" % [e["message"] for e in errors])
        finally:
            driver.quit()
    print("screenshot: " + screenshot)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
