"""Safe look-alike: an ip_lib-shaped wrapper driven by a checked port id from the command line."""
import sys

from oslo_concurrency import processutils
from oslo_utils import uuidutils

TAP_DEVICE_PREFIX = 'tap'
DEVICE_NAME_MAX_LEN = 14


class IpLinkCommand(object):

    def __init__(self, name):
        self.name = name

    def _execute(self, *args):
        return processutils.execute('ip', 'link', *args, run_as_root=True)

    def set_mtu(self, mtu):
        return processutils.execute('ip', 'link', 'set', self.name, 'mtu', str(mtu))


def get_tap_device_name(port_id):
    return (TAP_DEVICE_PREFIX + port_id)[:DEVICE_NAME_MAX_LEN]


def main():
    port_id = sys.argv[1]
    if not uuidutils.is_uuid_like(port_id):
        raise SystemExit('usage: set-mtu PORT_ID')
    IpLinkCommand(get_tap_device_name(port_id)).set_mtu(1450)  # ok: DVR102
