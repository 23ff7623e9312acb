"""Removes the stale veth devices named in a cleanup list file."""
import subprocess


def cleanup(list_path):
    with open(list_path) as devices:
        for name in devices:
            subprocess.check_call('ip link delete %s' % name.strip(), shell=True)  # expect: DVR101
