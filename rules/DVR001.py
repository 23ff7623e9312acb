"""Fixture for DVR001 (unused-suppression).

Suppression comments in the style of neutron/agent/linux/utils.py and the L3
agent: the ones that still silence a finding, and the ones left behind.
"""

import os
import subprocess

from oslo_log import log as logging

from neutron.agent.linux import utils as agent_utils

LOG = logging.getLogger(__name__)


class ConntrackHelper(object):

    def __init__(self, ns_name):
        self.ns_name = ns_name

    # ---- positives -------------------------------------------------------

    def flush_all(self):
        subprocess.check_call(['conntrack', '-F'])  # dvr-hints: ignore[DVR101]  # expect: DVR001

    def list_zones(self):
        return subprocess.check_output(['conntrack', '-L'])  # nosec  # expect: DVR001

    def count(self):
        return len(self.list_zones())  # dvr-hints: ignore  # expect: DVR001

    def kill_all(self, pid):
        # dvr-hints: ignore[DVR101]  # expect: DVR001
        return int(pid)

    def delete_zone(self, zone):
        os.system('conntrack -D -w %s' % zone)  # dvr-hints: ignore[DVR101, DVR302]  # expect: DVR001

    def reset(self, router_id):
        os.system('conntrack -D -m %s' % router_id)  # noqa: S605, S110  # expect: DVR001

    def show(self, zone):
        return subprocess.check_output(['conntrack', '-L', '-w', str(zone)])  # noqa: S602  # expect: DVR001

    # ---- negatives -------------------------------------------------------

    def flush_zone(self, zone):
        os.system('conntrack -D -w %s' % zone)  # dvr-hints: ignore[DVR101]  # ok: silences the shell finding

    def flush_mark(self, mark):
        os.system('conntrack -D -m %s' % mark)  # nosec B605  # ok: DVR101 declares B605

    def flush_ns(self, ns):
        os.system('ip netns exec %s conntrack -F' % ns)  # noqa: S605  # ok: DVR101 declares S605

    def flush_zones(self, zones):
        # dvr-hints: ignore[DVR101]  # ok: alone on its line, silences the whole next statement
        os.system(
            'conntrack -D -w %s' % ' '.join(zones))

    def show_all(self):
        return subprocess.check_output(['conntrack', '-L'])  # noqa: E501  # ok: not a code any rule declares

    def show_zone(self, zone):
        return subprocess.check_output(['conntrack', '-L', '-w', os.environ['CT_ZONE']])  # nosec B603 B607  # ok: B607 is Bandit's alone

    def delete_zones(self, zones):
        for zone in zones:  # dvr-hints: ignore[DVR504]  # ok: silences the opt-in loop rule
            agent_utils.execute(['conntrack', '-D', '-w', zone],
                                run_as_root=True)

    def stop(self):
        try:
            self.flush_all()
        except Exception:  # dvr-hints: ignore[DVR301, DVR302]  # ok: both rules report here
            pass

    def bare(self):
        return os.getpid()  # noqa  # ok: a bare noqa is never judged
