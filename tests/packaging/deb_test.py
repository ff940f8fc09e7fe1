#!/usr/bin/env python3
"""The Debian package: `cpack -G DEB` builds it from this build tree; its control file names
its Debian dependencies; it holds atconform, atsim, the configs, the documents' section list,
the schema, the docs and the man pages (made from --help); unpacked with `dpkg-deb -x` into a
scratch folder, its atconform (no ATC_CONFIG_DIR, no ATSIM, run from another folder) finds its
default rig and atsim relative to itself and runs the simulator suite (a short filter: the
point is the plumbing) from the unpacked files only.

usage: deb_test.py BUILD_DIR OUT_DIR
"""
import glob
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reports"))
import atc_runs  # noqa: E402

FILTER = "Basic.*"
problems = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        problems.append(what)


def sh(argv, **kw):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900, **kw)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def main():
    build, out = sys.argv[1:3]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    code, output = sh(["cpack", "-G", "DEB", "--config", os.path.join(build, "CPackConfig.cmake"),
                       "-B", os.path.join(out, "pkg")], cwd=build)
    debs = glob.glob(os.path.join(out, "pkg", "*.deb"))
    check(code == 0 and len(debs) == 1, "cpack builds one .deb (%s)" % output[-1500:])
    if not debs:
        return 1
    deb = debs[0]
    print("package: %s (%d bytes)" % (deb, os.path.getsize(deb)))

    _, control = sh(["dpkg-deb", "--field", deb, "Package", "Version", "Depends"])
    print(control)
    check("Package: atconform" in control, "the package is atconform")
    for lib in ("libpugixml", "libserialport", "libssl", "libstdc++6", "libc6"):
        check(lib in control, "Depends names %s" % lib)
    _, listing = sh(["dpkg-deb", "--contents", deb])
    for path in ("./usr/bin/atconform", "./usr/bin/atsim",
                 "./usr/share/atconform/configs/rigs/sim-esp32.xml",
                 "./usr/share/atconform/configs/profiles/sim-esp8266.xml",
                 "./usr/share/atconform/configs/worlds/default.xml",
                 "./usr/share/atconform/data/commands.csv",
                 "./usr/share/atconform/schemas/junit.xsd",
                 "./usr/share/doc/atconform/reports.md", "./usr/share/doc/atconform/ci.md",
                 "./usr/share/man/man1/atconform.1", "./usr/share/man/man1/atsim.1"):
        check(path in listing, "the package holds " + path[1:])

    root = os.path.join(out, "root")
    code, output = sh(["dpkg-deb", "-x", deb, root])
    check(code == 0, "dpkg-deb -x unpacks it " + output)
    atconform = os.path.join(root, "usr", "bin", "atconform")
    man = open(os.path.join(root, "usr/share/man/man1/atconform.1"), encoding="utf-8").read()
    check("\\-\\-shard" in man and "certificate" in man,
          "atconform(1) is made from the --help text")
    check("\\-\\-list\\-defects" in open(os.path.join(root, "usr/share/man/man1/atsim.1"),
                                         encoding="utf-8").read(),
          "atsim(1) is made from atsim's --help text")

    # Nothing of the build tree: another folder, no config or simulator override, a PATH
    # without the build.
    work = os.path.join(out, "work")
    os.makedirs(work)
    env = atc_runs.clean_env(PATH="/usr/bin:/bin")
    env.pop("ATSIM", None)
    code, version = atc_runs.run([atconform, "--version"], env=env, cwd=work)
    check(code == 0 and version.startswith("atconform "), "atconform --version: " + version.strip())
    # The default rig (sim-esp32.xml, low ports offset 20000) is the e2e tests' slot 0.
    with atc_runs.PortSlot.first() as _slot:
        code, output = atc_runs.run([atconform, "run", "--filter", FILTER, "--junit",
                                     os.path.join(work, "junit.xml"), "--test-limit", "60"],
                                    env=env, cwd=work, timeout=600)
    print(output[-2500:])
    check(code == 0, "the unpacked atconform runs the simulator suite (exit %d)" % code)
    junit = os.path.join(work, "junit.xml")
    if os.path.exists(junit):
        props = {p.get("name"): p.get("value")
                 for p in ET.parse(junit).getroot().find("testsuite").iter("property")}
        check(props.get("rig.file", "").startswith(os.path.join(root, "usr/share/atconform/configs")),
              "its default rig came from the package (%s)" % props.get("rig.file"))
        cases = atc_runs.junit_cases(junit)
        check(sum(v == "pass" for v in cases.values()) >= 4,
              "the simulator (atsim from the package) answered: %d tests passed"
              % sum(v == "pass" for v in cases.values()))
        check(os.path.exists(os.path.join(work, "junit.html")), "the HTML report is written too")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
