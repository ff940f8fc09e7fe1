#!/usr/bin/env python3
"""`atconform certificate` over an ESP32 and an ESP8266 report: every section of each chip's
document is in the certificate, and its verdict is the one the JUnit gives when recomputed
here, independently of the C++ (the worst of the tests naming the section by the ranking
pass < skipped < fail < error, a failure naming it in atc.clause.failed counting as a fail;
skips split by their PICS/PIXIT reason; no test: not run if the suite has tests for it, else
not covered). Also: the reports' SHA-256 and the firmware lines are stated, the HTML form is
written, and a report made a lone shard 1/2 gives an incomplete certificate naming shard 2/2.

usage: certificate_test.py ATCONFORM SOURCE_DIR OUT_DIR ESP32.xml ESP8266.xml
"""
import csv
import hashlib
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atc_runs  # noqa: E402

RANK = {"pass": 0, "skipped": 1, "fail": 2, "error": 3}
problems = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        problems.append(what)


def document(source, chip):
    rows = []
    with open(os.path.join(source, "data", "commands.csv"), encoding="utf-8") as f:
        rows += ["%s \u00a7%s" % (r["chip"], r["section"]) for r in csv.DictReader(f)
                 if r["chip"] == chip]
    with open(os.path.join(source, "data", "clauses.csv"), encoding="utf-8") as f:
        rows += ["%s \u00a7%s" % (r["chip"], r["section"]) for r in csv.DictReader(f)
                 if r["chip"] == chip]
    return rows


def expected_standings(junit):
    """{clause: expected verdict text}, the run properties and {clause: ERROR answers its
    passing tests required and got}, from the JUnit alone."""
    root = ET.parse(junit).getroot()
    props = {p.get("name"): p.get("value")
             for p in root.find("testsuite").find("properties").iter("property")}
    own, elsewhere, checks = {}, {}, {}
    for tc in root.iter("testcase"):
        tp = {p.get("name"): p.get("value") for p in tc.iter("property")}
        verdict, reason = "pass", ""
        for child, word in (("error", "error"), ("failure", "fail"), ("skipped", "skipped")):
            el = tc.find(child)
            if el is not None:
                verdict, reason = word, (el.text or el.get("message") or "")
                break
        if "atc.clause" in tp:
            own.setdefault(tp["atc.clause"], []).append((verdict, reason))
            if verdict == "pass":
                checks[tp["atc.clause"]] = (checks.get(tp["atc.clause"], 0)
                                            + int(tp.get("atc.checks.error_answered", "0")))
        if verdict in ("fail", "error"):
            for c in tp.get("atc.clause.failed", "").split(","):
                if c.strip() and c.strip() != tp.get("atc.clause"):
                    elsewhere[c.strip()] = elsewhere.get(c.strip(), 0) + 1
    covered = set(c for c in props.get("suite.clauses", "").split(",") if c)
    want = {}
    for clause in document(SOURCE, props["chip"]):
        tests = own.get(clause, [])
        if not tests and not elsewhere.get(clause):
            want[clause] = ("not run in this run (filter or shard)" if clause in covered
                            else "not covered by this suite version")
            continue
        worst = max([RANK[v] for v, _ in tests] + ([RANK["fail"]] if elsewhere.get(clause) else []))
        word = [w for w, r in RANK.items() if r == worst][0]
        if word == "pass" or word == "fail":
            want[clause] = word
        elif word == "error":
            want[clause] = "error (the rig could not run a test)"
        elif any(v == "pass" for v, _ in tests):
            want[clause] = "partial:"
        elif all(r.startswith("PICS:") for v, r in tests if v == "skipped"):
            want[clause] = "not claimed by the build's profile (PICS)"
        elif all(r.startswith(("PICS:", "PIXIT:")) for v, r in tests if v == "skipped"):
            want[clause] = "not possible on this rig (PIXIT)"
        else:
            want[clause] = "skipped"
    return want, props, checks


def certificate_rows(markdown):
    """{heading: {clause: verdict text}} and {heading: {clause: ERROR checks}} from the
    certificate's section tables."""
    out, counts, heading = {}, {}, None
    for line in markdown.splitlines():
        if line.startswith("## "):
            heading = line[3:]
            out[heading], counts[heading] = {}, {}
        m = re.match(r"^\| ((?:esp32|esp8266) \u00a7[0-9.]+) \| [^|]* \| .* \| ([^|]+) \| (\d+) \| (\d+) \|$",
                     line)
        if m and heading is not None:
            out[heading][m.group(1)] = m.group(2).strip()
            counts[heading][m.group(1)] = int(m.group(4))
    return out, counts


def main():
    global SOURCE
    atconform, SOURCE, out, esp32, esp8266 = sys.argv[1:6]
    os.makedirs(out, exist_ok=True)
    md = os.path.join(out, "certificate.md")
    code, output = atc_runs.run([atconform, "certificate", esp32, esp8266, "-o", md])
    print(output)
    check(code == 0, "certificate over both reports exits 0 (%d)" % code)
    text = open(md, encoding="utf-8").read()
    tables, error_checks = certificate_rows(text)
    for junit in (esp32, esp8266):
        want, props, checks = expected_standings(junit)
        heading = "%s on rig %s" % (props["chip"], props["rig"])
        got = tables.get(heading, {})
        check(len(got) == len(want) and len(want) > 40,
              "%s: every section of the document is in the certificate (%d of %d)"
              % (heading, len(got), len(want)))
        wrong = [(c, w, got.get(c)) for c, w in want.items()
                 if not (got.get(c) == w or (w == "partial:" and (got.get(c) or "").startswith(w)))]
        check(not wrong, "%s: every section's verdict agrees with the JUnit %s" % (heading, wrong[:5]))
        tested = [c for c, w in want.items() if not w.startswith("not covered") and not w.startswith("not run")]
        check(len(tested) >= 5, "%s: the comparison covers %d tested sections" % (heading, len(tested)))
        check(any(w == "pass" for w in want.values()), "%s: some sections pass" % heading)
        got_checks = error_checks.get(heading, {})
        off = [(c, checks.get(c, 0), got_checks.get(c)) for c in want
               if got_checks.get(c) != checks.get(c, 0)]
        check(not off, "%s: every section's ERROR checks are its passing tests' %s" % (heading, off[:5]))
        check(sum(checks.values()) > 0, "%s: the runs required ERROR answers (%d)"
              % (heading, sum(checks.values())))
        digest = hashlib.sha256(open(junit, "rb").read()).hexdigest()
        check(("`%s`" % digest) in text, "%s: the report's SHA-256 is stated" % os.path.basename(junit))
        check(props["gmr.1"] in text, "%s: the firmware's AT+GMR line is stated" % heading)
        check(props.get("profile.sha256", "-") in text, "%s: the profile's SHA-256 is stated" % heading)
    esp32_want, _, _ = expected_standings(esp32)
    for standing in ("fail", "not claimed by the build's profile (PICS)",
                     "not possible on this rig (PIXIT)", "not run in this run (filter or shard)",
                     "not covered by this suite version"):
        check(standing in esp32_want.values(), "the ESP32 comparison includes '%s'" % standing)

    html = os.path.join(out, "certificate.html")
    code, _ = atc_runs.run([atconform, "certificate", esp32, esp8266, "-o", html])
    check(code == 0 and "<td class=\"v fail\">fail</td>" in open(html, encoding="utf-8").read(),
          "the HTML certificate is written, with the failure")

    # The ESP32 report passed off as shard 1/2 of its run: shard 2/2 is missing.
    tree = ET.parse(esp32)
    for suite in tree.getroot().iter("testsuite"):
        ET.SubElement(suite.find("properties"), "property", name="shard", value="1/2")
    lone = os.path.join(out, "lone-shard.xml")
    tree.write(lone, encoding="UTF-8", xml_declaration=True)
    code, output = atc_runs.run([atconform, "certificate", lone, "-o", os.path.join(out, "lone.md")])
    lone_text = open(os.path.join(out, "lone.md"), encoding="utf-8").read()
    check(code == 1 and "missing shard 2/2 of run" in output and "INCOMPLETE" in lone_text
          and "missing shard 2/2 of run" in lone_text,
          "a lone shard gives an incomplete certificate naming the missing shard (exit %d)" % code)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
