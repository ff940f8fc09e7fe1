"""Helpers for the project's Python tests that run atconform against the simulator.

Each run holds one of the e2e tests' low-port slots (tests/e2e/sim_rig.hpp: an flock()ed file
per slot, offset 20000 + k*1024), so these runs never share a mapped port with the e2e runs
that ctest may run beside them, and gets a private copy of the simulated rig with that offset.
"""
import fcntl
import os
import re
import signal
import subprocess
import time

FIRST_OFFSET = 20000
SLOTS = 12


class PortSlot:
    """One low-port slot, held until close() (a bounded wait for a free one)."""

    def __init__(self, wait_s=600):
        deadline = time.monotonic() + wait_s
        self.fd = None
        while self.fd is None:
            for k in range(SLOTS):
                fd = os.open("/tmp/atc-e2e-port-slot-%d.lock" % k, os.O_RDWR | os.O_CREAT, 0o666)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    os.close(fd)
                    continue
                self.fd, self.offset = fd, FIRST_OFFSET + k * 1024
                break
            if self.fd is None:
                if time.monotonic() > deadline:
                    raise RuntimeError("no free simulator port slot within %d s" % wait_s)
                time.sleep(0.1)  # polled, with the deadline above

    @classmethod
    def first(cls, wait_s=600):
        """Slot 0: the offset (20000) the shipped simulated rigs use. The e2e runs try slot 0
        first and never wait for it, so polling could starve here; a blocking flock() is
        granted the moment it is released (bounded by an alarm)."""
        slot = cls.__new__(cls)
        fd = os.open("/tmp/atc-e2e-port-slot-0.lock", os.O_RDWR | os.O_CREAT, 0o666)

        def give_up(*_):
            raise TimeoutError("simulator port slot 0 not free within %d s" % wait_s)

        old = signal.signal(signal.SIGALRM, give_up)
        signal.alarm(wait_s)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
        slot.fd, slot.offset = fd, FIRST_OFFSET
        return slot

    def close(self):
        if self.fd is not None:
            os.close(self.fd)  # releases the flock
            self.fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def private_rig(configs, chip, dest_dir, offset, link=None):
    """configs/rigs/sim-<chip>.xml with the slot's low_port_offset, its profile and OTA images
    named by absolute paths and, when given, another link. Written as dest_dir/sim-<chip>.xml."""
    with open(os.path.join(configs, "rigs", "sim-%s.xml" % chip), encoding="utf-8") as f:
        xml = f.read()

    def put(attr, value, text):
        new, n = re.subn(r'%s="[^"]*"' % attr, '%s="%s"' % (attr, value), text, count=1)
        if n != 1:
            raise RuntimeError("sim rig has no %s=" % attr)
        return new

    xml = put("low_port_offset", str(offset), xml)
    xml = put("profile", os.path.join(configs, "profiles", "sim-%s.xml" % chip), xml)
    if link:
        xml = put("link", link.replace("&", "&amp;"), xml)
    # The rig's OTA images (<ota image restore_image>) are relative to configs/rigs/.
    rigs = os.path.join(configs, "rigs")
    xml = re.sub(r' (image|restore_image)="([^"/][^"]*)"',
                 lambda m: ' %s="%s"' % (m.group(1), os.path.normpath(os.path.join(rigs, m.group(2)))),
                 xml)
    os.makedirs(dest_dir, exist_ok=True)
    path = os.path.join(dest_dir, "sim-%s.xml" % chip)
    with open(path, "w", encoding="utf-8") as f:
        f.write(xml)
    return path


def clean_env(**extra):
    """This process's environment without GoogleTest's sharding (ctest may shard us) and the
    config folder override, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX", "GTEST_SHARD_STATUS_FILE",
                        "ATC_CONFIG_DIR", "ATC_RUN_ID")}
    env.update(extra)
    return env


def run(argv, timeout=300, env=None, cwd=None):
    """Runs argv to its end (killed after `timeout` s); returns (exit status, stdout+stderr)."""
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                       env=env if env is not None else clean_env(), cwd=cwd)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def junit_cases(path):
    """{(classname, name): verdict} of a JUnit file."""
    import xml.etree.ElementTree as ET
    out = {}
    for tc in ET.parse(path).getroot().iter("testcase"):
        verdict = "pass"
        for child, word in (("error", "error"), ("failure", "fail"), ("skipped", "skipped")):
            if tc.find(child) is not None:
                verdict = word
                break
        out[(tc.get("classname"), tc.get("name"))] = verdict
    return out
