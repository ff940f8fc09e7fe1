#!/usr/bin/env python3
"""Seeds the fuzz corpora (tests/fuzz/corpus/<target>/) from the project's own test streams.

  tests/fuzz/make_seeds.py [--junit REPORT.xml]...

- the string literals of the AT engine's and link URI's unit tests (tests/at, tests/link);
- with --junit: the transcripts of an `atconform run` report, one per test: what the device
  sent (framer seeds, with the test's first command pending; +IPD and counted headers) and
  what the host wrote (atsim interpreter seeds);
- the link URIs of the shipped rigs and of docs/links.md;
- the real modules' captures of tests/at/corpus (decode).
Files are named by the hash of their content, so running it again only adds what is new.
"""
import argparse
import hashlib
import pathlib
import re
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fuzz" / "corpus"
MAX_SEED = 16384
MAX_PER_TARGET = 400

ESCAPES = {"r": "\r", "n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def unescape(text):
    """C/C++ (and transcript) escapes: \\r \\n \\t \\\\ \\" \\xHH \\0."""
    out, i = bytearray(), 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            if n == "x" and re.match(r"[0-9a-fA-F]{2}", text[i + 2:i + 4]):
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
                continue
            if n in ESCAPES:
                out += ESCAPES[n].encode("latin-1")
                i += 2
                continue
        out += c.encode("utf-8")
        i += 1
    return bytes(out)


def cpp_literals(path):
    """Adjacent C++ string literals joined, as the compiler would ("a" "b" -> "ab")."""
    text = path.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"//[^\n]*", "", text)
    pieces = re.finditer(r'"((?:[^"\\\n]|\\.)*)"(\s*"(?:[^"\\\n]|\\.)*")*', text)
    for m in pieces:
        parts = re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(0))
        yield unescape("".join(parts))


class Corpus:
    def __init__(self):
        self.seeds = {}

    def add(self, target, data):
        if not data or len(data) > MAX_SEED:
            data = data[:MAX_SEED]
        if not data:
            return
        s = self.seeds.setdefault(target, {})
        if len(s) < MAX_PER_TARGET:
            s[hashlib.sha1(data).hexdigest()[:16]] = data

    def write(self):
        for target, seeds in self.seeds.items():
            d = OUT / target
            d.mkdir(parents=True, exist_ok=True)
            for name, data in seeds.items():
                (d / name).write_bytes(data)
            print(f"{target}: {len(seeds)} seeds")


def transcript_entries(text):
    for line in text.splitlines():
        m = re.match(r'\s*-?[0-9.]+ ms  (rx|tx)  "(.*)"$', line)
        if m:
            yield m.group(1), unescape(m.group(2))


def from_junit(corpus, path):
    for case in ET.parse(path).getroot().iter("testcase"):
        out = case.find("system-out")
        if out is None or not out.text:
            continue
        rx, tx = bytearray(), []
        for d, data in transcript_entries(out.text):
            if d == "rx":
                rx += data
            else:
                tx.append(data)
        first = next((t for t in tx if t.startswith(b"AT")), b"AT\r\n").rstrip(b"\r\n")
        if rx:
            corpus.add("framer", bytes([0x01]) + first + b"\n" + bytes(rx))
            corpus.add("framer", bytes([0x31]) + first + b"\n" + bytes(rx))
            for m in re.finditer(rb"\+IPD,([^:\r\n]{1,60}):", bytes(rx)):
                corpus.add("ipd_header", m.group(1))
            for m in re.finditer(rb"\+(SYSFLASH|FS|WRITE|NOTIFY|INDICATE):[^\r\n]{0,40}", bytes(rx)):
                corpus.add("ipd_header", m.group(0))
        corpus.add("decode", bytes([3 | (8 << 2)]) + out.text.encode("utf-8", "replace"))
        if tx:
            host = b"".join(t if t.endswith(b"\n") else t + b"\n" for t in tx)
            chip = 1 if "esp8266" in (case.get("classname", "") + str(path)) else 0
            corpus.add("atsim", bytes([chip, 0, 0]) + host)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--junit", action="append", default=[])
    args = ap.parse_args()
    corpus = Corpus()
    for test in ["framer_test.cpp", "classifier_test.cpp", "dut_test.cpp"]:
        for lit in cpp_literals(ROOT / "tests" / "at" / test):
            corpus.add("framer", bytes([0x00]) + b"\n" + lit)
            for m in re.finditer(rb"\+IPD,([^:]{1,60}):", lit):
                corpus.add("ipd_header", m.group(1))
            if lit.startswith(b"AT"):
                corpus.add("atsim", bytes([0, 0, 0]) + lit.rstrip(b"\r\n") + b"\n")
    for lit in cpp_literals(ROOT / "tests" / "link" / "uri_test.cpp"):
        if re.match(rb"[a-z0-9+.-]+:", lit):
            corpus.add("link_uri", lit)
    for doc in [ROOT / "docs" / "links.md"] + sorted((ROOT / "configs" / "rigs").glob("*.xml")):
        for m in re.finditer(r"(?:serial|tty|tcp|rfc2217|sim):[^\s`'\"<>|]+", doc.read_text()):
            corpus.add("link_uri", m.group(0).encode())
    # decode: the real modules' captures of tests/at/corpus, each read as detected and cut
    # into reads of up to 16 bytes (flags: format 0 = detect, cut size << 2).
    for at in sorted((ROOT / "tests" / "at" / "corpus").glob("*.at")):
        corpus.add("decode", bytes([16 << 2]) + at.read_bytes())
    for path in args.junit:
        from_junit(corpus, path)
    corpus.write()


if __name__ == "__main__":
    main()
