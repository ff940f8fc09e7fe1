#!/usr/bin/env python3
"""How long an HTML report takes to load in Chromium (headless, Debian's chromium through
chromium-driver and python3-selenium): the page's own navigation timing (DOMContentLoaded and
load, from the start of navigation) and the time until its script has run, median of N loads.

usage: bench/report_load.py REPORT.html [N]      (e.g. after `report_bench --write r.html`)
"""
import os
import statistics
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def main():
    path = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory(prefix="atc-chromium-") as profile:
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--window-size=1280,1600", "--user-data-dir=" + profile):
            opts.add_argument(a)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        try:
            driver.set_page_load_timeout(120)
            dcl, load = [], []
            for _ in range(n):
                driver.get("about:blank")
                driver.get("file://" + path)
                t = driver.execute_script(
                    "var t = performance.getEntriesByType('navigation')[0];"
                    "return [t.domContentLoadedEventEnd, t.loadEventEnd];")
                dcl.append(t[0])
                load.append(t[1])
        finally:
            driver.quit()
    size = os.path.getsize(path)
    print("%s: %.2f MB; DOMContentLoaded median %.0f ms, load median %.0f ms (%d loads: %s)"
          % (path, size / 1e6, statistics.median(dcl), statistics.median(load), n,
             ", ".join("%.0f" % x for x in load)))


if __name__ == "__main__":
    main()
