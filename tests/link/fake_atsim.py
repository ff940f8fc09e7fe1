#!/usr/bin/env python3
# A stand-in for atsim with the same command line and control protocol, for SimLink's own tests
# (they must not depend on the real simulator). Behaviour is picked with --defect:
#   (none)    announce the PTY, print "ready", answer "AT" with OK, echo LINES to the PTY
#   mute      never announce the PTY
#   crash     print to stderr and exit 3 before announcing
#   stubborn  ignore QUIT, end of input and SIGTERM (SimLink must SIGKILL it)
import argparse, os, select, signal, sys, tty

ap = argparse.ArgumentParser()
ap.add_argument("--chip", required=True)
ap.add_argument("--nvs")
ap.add_argument("--defect", action="append", default=[])
ap.add_argument("--boot-ms", type=int, default=0)
ap.add_argument("--power-switch")
a = ap.parse_args()
print("fake atsim args:", " ".join(sys.argv[1:]), file=sys.stderr, flush=True)

if "crash" in a.defect:
    print("fake atsim: boom", file=sys.stderr, flush=True)
    sys.exit(3)
if "mute" in a.defect:
    select.select([], [], [], 60)
    sys.exit(0)
stubborn = "stubborn" in a.defect
if stubborn:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

master, slave = os.openpty()
tty.setraw(slave)  # no echo of what we write before the host opens its end
print("atsim: pty", os.ttyname(slave), flush=True)
if a.nvs:
    with open(a.nvs, "a") as f:
        f.write("opened\n")
os.write(master, b"\r\nready\r\n")

stdin_open = True
line = b""
while True:
    fds = [master] + ([0] if stdin_open else [])
    r, _, _ = select.select(fds, [], [], 0.5 if stubborn else None)
    if master in r:
        try:
            data = os.read(master, 4096)
        except OSError:
            data = b""
        line += data
        while b"\r\n" in line:
            cmd, line = line.split(b"\r\n", 1)
            os.write(master, cmd + b"\r\n" + (b"\r\nOK\r\n" if cmd == b"AT" else b"\r\nERROR\r\n"))
    if 0 in r:
        ctl = sys.stdin.readline()
        if ctl == "":
            stdin_open = False
            if not stubborn:
                sys.exit(0)
        elif ctl.startswith("LINES"):
            os.write(master, ctl.strip().encode() + b"\r\n")
        elif ctl.strip() == "QUIT" and not stubborn:
            sys.exit(0)
