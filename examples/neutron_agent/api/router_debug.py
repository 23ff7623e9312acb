"""A REST API controller and a debugging tool: where untrusted values come from.

The agent code next door takes its values from the server (device names built from
a constant prefix and a UUID, operator configuration); this file shows the places
the default threat models (remote, local) treat as untrusted.
"""

import os
import sys

from neutron_lib import context as n_context
from oslo_log import log as logging

from neutron.agent.linux import iptables_manager
from neutron.agent.linux import utils as agent_utils

LOG = logging.getLogger(__name__)
CAPTURE_DIR = '/var/lib/neutron/captures'


class RouterDebugController(object):
    """REST controller for a router debugging extension."""

    def __init__(self, plugin):
        self._plugin = plugin
        self._iptables = iptables_manager.IptablesManager()

    def show(self, request, id, **kwargs):
        # The tenant chooses the id; the admin context skips ownership checks.
        return self._plugin.get_router(n_context.get_admin_context(), id)  # expect: DVR702

    def block(self, request, id, body=None, **kwargs):
        LOG.debug("Block request %s", body)  # expect: DVR402
        cidr = body['block']['cidr']  # expect: DVR201
        self._iptables.ipv4['filter'].add_rule(  # expect: DVR104
            'INPUT', '-s %s -j DROP' % cidr)
        self._iptables.apply()

    def capture(self, request, id, **kwargs):
        # The tenant names the capture file to read back: '../../../etc/shadow' works too.
        name = request.GET['file']
        with open(os.path.join(CAPTURE_DIR, name)) as f:  # expect: DVR510
            return f.read()

    def capture_checked(self, request, id, **kwargs):
        name = os.path.basename(request.GET['file'])
        with open(os.path.join(CAPTURE_DIR, name)) as f:
            return f.read()


def main():
    # A command-line tool: its arguments are the local user's.
    device = sys.argv[1]
    agent_utils.execute(['ip', 'link', 'show', 'dev=%s' % device], run_as_root=True)  # expect: DVR102, DVR103


if __name__ == '__main__':
    main()
