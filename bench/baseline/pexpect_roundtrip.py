#!/usr/bin/python3
"""The script a user would write instead of atconform: pyserial opens the DUT's port, pexpect
waits for each answer. It does exactly what bench/roundtrip/roundtrip_main.cpp and atconform do
in bench/roundtrip.sh, over the same kind of link at the same baud, and prints the same figures.
CPU is this process's own user + system time (the simulator is another process).

    pexpect_roundtrip.py PORT dut N          N round trips AT -> OK (after a warm-up of 20)
    pexpect_roundtrip.py PORT test N         N times the exchanges of Basic.AtAnswersOk: AT,
                                             AT+NOSUCHCOMMAND, AT=1 (both ERROR) and AT (what
                                             the user needs; atconform's own probes are its
                                             overhead)
    pexpect_roundtrip.py PORT passthrough KIB BAUD HOST:PORT [SSID PASSWORD]
                                             join, CIPMODE=1, CIPSTART to the echo server,
                                             UART_CUR=BAUD, CIPSEND, KIB KiB out while the echo
                                             comes back, +++
"""
import os
import resource
import select
import sys
import time

import pexpect
import pexpect.fdpexpect
import serial


def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime, u.ru_stime


def report(what, c0, c1, per, wall):
    user, sys_ = (c1[0] - c0[0]) * 1e6 / per, (c1[1] - c0[1]) * 1e6 / per
    print(f"{what}_user_us {user:.2f}")
    print(f"{what}_sys_us {sys_:.2f}")
    print(f"{what}_cpu_us {user + sys_:.2f}")
    print(f"{what}_wall_us {wall * 1e6 / per:.2f}")


def open_port(port, baud=115200):
    ser = serial.Serial(port, baud, timeout=0)
    return ser, pexpect.fdpexpect.fdspawn(ser.fileno(), timeout=5)


def command(child, line, answer=b"OK\r\n", timeout=5):
    child.send(line + b"\r\n")
    child.expect_exact(answer, timeout=timeout)


def round_trips(port, n):
    ser, child = open_port(port)
    child.send(b"\r\n")
    command(child, b"AT")
    for _ in range(20):
        command(child, b"AT")
    c0, t0 = cpu(), time.monotonic()
    for _ in range(n):
        command(child, b"AT")
    wall, c1 = time.monotonic() - t0, cpu()
    print(f"round_trips {n}")
    report("round_trip", c0, c1, n, wall)


def tests(port, n):
    ser, child = open_port(port)
    child.send(b"\r\n")
    command(child, b"AT")
    c0, t0 = cpu(), time.monotonic()
    for _ in range(n):
        command(child, b"AT")
        command(child, b"AT+NOSUCHCOMMAND", b"ERROR\r\n")
        command(child, b"AT=1", b"ERROR\r\n")
        command(child, b"AT")
    wall, c1 = time.monotonic() - t0, cpu()
    print(f"tests {n}")
    report("test", c0, c1, n, wall)


def passthrough(port, kib, baud, peer, ssid="atconform-ap", password="conform-pass-1"):
    host, peer_port = peer.rsplit(":", 1)
    ser, child = open_port(port)
    child.send(b"\r\n")
    command(child, b"AT")
    command(child, b"AT+CWMODE=1")
    command(child, b'AT+CWJAP="%s","%s"' % (ssid.encode(), password.encode()), timeout=20)
    command(child, b"AT+CIPMODE=1")
    command(child, b'AT+CIPSTART="TCP","%s",%s' % (host.encode(), peer_port.encode()), timeout=10)
    command(child, b"AT+UART_CUR=%d,8,1,0,0" % baud)
    ser.baudrate = baud
    command(child, b"AT")
    command(child, b"AT+CIPSEND", b">")
    data = bytes((65 + i % 23) for i in range(kib * 1024))
    fd = ser.fileno()
    c0, t0 = cpu(), time.monotonic()
    sent, back = 0, bytearray()
    while len(back) < len(data):
        want_write = sent < len(data)
        r, w, _ = select.select([fd], [fd] if want_write else [], [], 30)
        if not r and not w:
            raise TimeoutError(f"the echo stopped after {len(back)} bytes")
        if w:
            sent += os.write(fd, data[sent:sent + 4096])
        if r:
            back += os.read(fd, 65536)
    wall, c1 = time.monotonic() - t0, cpu()
    if bytes(back) != data:
        raise ValueError("the echo differs from what was written")
    time.sleep(0.05)
    os.write(fd, b"+++")
    time.sleep(1.05)
    command(child, b"AT+UART_CUR=115200,8,1,0,0")
    ser.baudrate = 115200
    # As found: the next program opens its own link (AT+CIPSTART on an open one is ERROR).
    command(child, b"AT+CIPMODE=0")
    command(child, b"AT+CIPCLOSE")
    print(f"passthrough_kib {kib}\nbaud {baud}")
    report("mib", c0, c1, kib / 1024, wall)


def main():
    port, mode = sys.argv[1], sys.argv[2]
    if mode == "dut":
        round_trips(port, int(sys.argv[3]))
    elif mode == "test":
        tests(port, int(sys.argv[3]))
    elif mode == "passthrough":
        passthrough(port, int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], *sys.argv[6:8])
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    try:
        main()
    except (pexpect.TIMEOUT, pexpect.EOF, serial.SerialException, OSError, ValueError) as e:
        print(f"pexpect_roundtrip: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(2)
