"""Brings up the uplink named in the environment, through a small ip(8) wrapper."""
import os
import subprocess


def _ip_link(*args):
    return subprocess.check_call(['ip', 'link'] + list(args))


def _set_up(device):
    subprocess.check_call(['ip', 'link', 'set', device, 'up'])


def main():
    uplink = os.environ.get('UPLINK_DEVICE', 'eth1')
    _set_up(uplink)  # expect: DVR102
