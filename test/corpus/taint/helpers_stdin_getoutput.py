"""Reads interface names from standard input and reports their MTU."""
import subprocess
import sys


def mtu_of(device):
    output = subprocess.getoutput('cat /sys/class/net/%s/mtu' % device)
    return int(output)


for line in sys.stdin:
    device = line.strip()
    print(device, mtu_of(device))  # expect: DVR101
