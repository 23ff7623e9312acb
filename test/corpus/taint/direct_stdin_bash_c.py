"""Deletes the OVS ports listed on standard input, one per line."""
import subprocess
import sys


def main():
    for line in sys.stdin:
        port = line.strip()
        subprocess.call(['bash', '-c', 'ovs-vsctl --if-exists del-port br-int ' + port])  # expect: DVR101
