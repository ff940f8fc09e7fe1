#!/usr/bin/env python3
"""The shipped CI pipeline, run here without a CI server (neither GitLab nor Jenkins is in
Debian): .gitlab-ci.yml is parsed (python3-yaml) and checked for what docs/ci.md promises (a
rig x shard matrix whose shards cover 1..n, every job calling scripts/ci-job.sh, JUnit
published from each job whatever the verdicts, a report job merging them and publishing the
HTML and the certificate); then its simulator job's script is run for two shards of the
simulated ESP32 and its report job's script merges them (ci-job.sh checks the merged JUnit
against the schema; so does this test). The merged run must equal one unsharded run of the
same tests: the same tests with the same verdicts. The Jenkinsfile calls the same script.

usage: ci_pipeline_test.py SOURCE_DIR BIN_DIR SCHEMA OUT_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reports"))
import atc_runs  # noqa: E402

# A short filter: the point is the plumbing (sharding, merging, publishing), not the verdicts.
FILTER = "Basic.*"
problems = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        problems.append(what)


def resolve(jobs, name):
    """A job with what it `extends` merged in (GitLab's deep merge, enough for this file)."""
    job = dict(jobs[name])
    parents = job.pop("extends", [])
    for parent in [parents] if isinstance(parents, str) else parents:
        base = resolve(jobs, parent)
        base.update(job)
        job = base
    return job


def script_lines(job):
    lines = job.get("script", [])
    return [lines] if isinstance(lines, str) else lines


def shards_complete(values):
    parsed = [tuple(map(int, v.split("/"))) for v in values]
    totals = {n for _, n in parsed}
    return len(totals) == 1 and sorted(i for i, _ in parsed) == list(range(1, totals.pop() + 1))


def main():
    source, bin_dir, schema, out = sys.argv[1:5]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    with open(os.path.join(source, ".gitlab-ci.yml"), encoding="utf-8") as f:
        pipeline = yaml.safe_load(f)
    jobs = {k: v for k, v in pipeline.items() if isinstance(v, dict) and k not in ("variables",)}
    variables = pipeline.get("variables", {})
    out_var = variables.get("ATC_OUT", "reports/ci")

    run_jobs = [n for n in jobs if not n.startswith(".") and
                any("scripts/ci-job.sh run" in l for l in script_lines(resolve(jobs, n)))]
    check(len(run_jobs) >= 2, "conformance jobs call scripts/ci-job.sh run (%s)" % run_jobs)
    sim_rigs, sim_shards = [], []
    for name in run_jobs:
        job = resolve(jobs, name)
        matrix = job.get("parallel", {}).get("matrix", [])
        check(bool(matrix), "%s: a parallel matrix" % name)
        for entry in matrix:
            check("RIG" in entry and "SHARD" in entry, "%s: the matrix is rigs x shards" % name)
            check(shards_complete(entry.get("SHARD", [])),
                  "%s: shards %s cover 1..n" % (name, entry.get("SHARD")))
            if name == "conformance-sim":
                sim_rigs += entry["RIG"]
                sim_shards = entry["SHARD"]
        art = job.get("artifacts", {})
        check(art.get("when") == "always", "%s: reports kept whatever the verdicts" % name)
        check(art.get("reports", {}).get("junit") == out_var + "/junit-*.xml",
              "%s: each job's JUnit is published (%s)" % (name, art.get("reports")))
    check("configs/rigs/sim-esp32.xml" in sim_rigs, "the simulator job runs the simulated ESP32")

    report = resolve(jobs, "report")
    check(any("scripts/ci-job.sh merge" in l for l in script_lines(report)),
          "the report job calls scripts/ci-job.sh merge")
    needs = [n if isinstance(n, str) else n.get("job") for n in report.get("needs", [])]
    check(all(n in needs for n in run_jobs), "the report job waits for every conformance job")
    check(report.get("when") == "always", "the report job runs after failures too")
    paths = report.get("artifacts", {}).get("paths", [])
    for f in ("run.html", "run.xml", "certificate.html", "certificate.md"):
        check(out_var + "/" + f in paths, "the report job publishes %s" % f)

    jenkins = open(os.path.join(source, "Jenkinsfile"), encoding="utf-8").read()
    check('scripts/ci-job.sh run "$RIG" "$SHARD"' in jenkins and "scripts/ci-job.sh merge" in jenkins,
          "the Jenkinsfile calls the same job script")
    check(re.search(r"values '1/2', '2/2'", jenkins) is not None, "the Jenkinsfile shards too")

    # Run the simulator job's script for two shards of the simulated ESP32, then the report
    # job's: in the source tree as GitLab would (the script names scripts/ci-job.sh), with the
    # reports in this test's folder.
    ci_out = os.path.join(out, "reports", "ci")
    env = atc_runs.clean_env(CI_PIPELINE_ID="local-%d" % os.getpid(),
                             ATC=os.path.join(bin_dir, "atconform"), ATC_OUT=ci_out,
                             ATC_FILTER=FILTER, ATC_SCHEMA=schema)
    for k, v in variables.items():
        if k not in ("ATC", "ATC_OUT"):
            env[k] = os.path.expandvars(str(v).replace("$CI_PIPELINE_ID", env["CI_PIPELINE_ID"]))
    job = resolve(jobs, "conformance-sim")
    with atc_runs.PortSlot() as slot:
        rig = atc_runs.private_rig(os.path.join(source, "configs"), "esp32",
                                   os.path.join(out, "rig"), slot.offset)
        for shard in sim_shards:
            for line in script_lines(job):
                code = subprocess.run(["bash", "-c", line], cwd=source, timeout=600,
                                      env=dict(env, RIG=rig, SHARD=shard)).returncode
                check(code == 0, "shard %s: `%s` exits 0 (%d)" % (shard, line, code))
        for line in script_lines(report):
            code = subprocess.run(["bash", "-c", line], cwd=source, timeout=300, env=env).returncode
            check(code == 0, "report: `%s` exits 0 (%d)" % (line, code))
        whole = os.path.join(out, "unsharded", "junit.xml")
        code, output = atc_runs.run([env["ATC"], "run", "--rig", rig, "--filter", FILTER,
                                     "--junit", whole, "--test-limit", "60"], timeout=600)
        check(code == 0, "the unsharded run exits 0 (%d)" % code)

    shard_files = sorted(f for f in os.listdir(ci_out) if f.startswith("junit-") and f.endswith(".xml"))
    check(shard_files == ["junit-sim-esp32-1of2.xml", "junit-sim-esp32-2of2.xml"],
          "one report per shard: %s" % shard_files)
    for f in shard_files:
        n = len(atc_runs.junit_cases(os.path.join(ci_out, f)))
        check(n >= 2, "%s holds %d tests" % (f, n))
    merged_xml = os.path.join(ci_out, "run.xml")
    for f in ("run.xml", "run.html", "certificate.html", "certificate.md"):
        check(os.path.exists(os.path.join(ci_out, f)), "the report job wrote %s" % f)
    lint = subprocess.run(["xmllint", "--noout", "--schema", schema, merged_xml],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    check(lint.returncode == 0, "the merged JUnit validates against the schema " +
          lint.stdout.decode()[-500:])
    merged, unsharded = atc_runs.junit_cases(merged_xml), atc_runs.junit_cases(whole)
    check(len(unsharded) >= 4, "the unsharded run has %d tests" % len(unsharded))
    check(merged == unsharded, "two shards merged equal one unsharded run: same tests, same "
          "verdicts (only merged: %s; only unsharded: %s; differing: %s)" % (
              sorted(set(merged) - set(unsharded)), sorted(set(unsharded) - set(merged)),
              [k for k in merged if k in unsharded and merged[k] != unsharded[k]]))
    props = {p.get("name"): p.get("value") for p in ET.parse(merged_xml).getroot().iter("property")}
    check(props.get("shards") == "1/2, 2/2", "the merged run names its shards (%s)" % props.get("shards"))
    check(props.get("run.id") == env["CI_PIPELINE_ID"], "every shard carried the pipeline's run id")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
