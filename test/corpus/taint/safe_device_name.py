"""Safe look-alike: device names built from a constant prefix and a checked UUID."""
import subprocess
import sys

from oslo_utils import uuidutils

TAP_PREFIX = 'tap'
DEV_NAME_LEN = 14


def _device_name(port_id):
    return (TAP_PREFIX + port_id)[:DEV_NAME_LEN]


def _set_mtu(device, mtu):
    subprocess.check_call('ip link set dev %s mtu %d' % (device, mtu), shell=True)


def main():
    port_id = sys.argv[1]
    if not uuidutils.is_uuid_like(port_id):
        raise SystemExit('not a port id: %s' % port_id)
    _set_mtu(_device_name(port_id), 1450)


def from_generated():
    _set_mtu(_device_name(uuidutils.generate_uuid()), 1500)
