"""Fixture for DVR105 (kernel-protection-weakened).

sysctl handling in the style of neutron/agent/l3/dvr_fip_ns.py and
dvr_local_router.py.
"""

import subprocess

from oslo_log import log as logging

from neutron.agent.linux import ip_lib
from neutron.agent.linux import utils as agent_utils

LOG = logging.getLogger(__name__)


class FipNamespaceSysctl(object):

    def __init__(self, ns_name):
        self.ns_name = ns_name

    # ---- positives -------------------------------------------------------

    def disable_rp_filter(self):
        ip_lib.sysctl(['net.ipv4.conf.all.rp_filter=0'], namespace=self.ns_name)  # expect: DVR105

    def create_rtr_2_fip_link(self, rtr_2_fip_name):
        cmd = ['net.ipv4.conf.%s.rp_filter=0' % rtr_2_fip_name]
        ip_lib.sysctl(cmd, namespace=self.ns_name)  # expect: DVR105

    def accept_gateway_redirects(self):
        ip_wrapper = ip_lib.IPWrapper(namespace=self.ns_name)
        ip_wrapper.netns.execute(  # expect: DVR105
            ['sysctl', '-w', 'net.ipv4.conf.all.accept_redirects=1'])

    def enable_snat_redirects(self, sn_int):
        agent_utils.execute(  # expect: DVR105
            ['ip', 'netns', 'exec', self.ns_name, 'sysctl', '-w',
             'net.ipv4.conf.%s.send_redirects=1' % sn_int],
            run_as_root=True)

    def allow_source_route(self, device_name):
        path = '/proc/sys/net/ipv4/conf/%s/accept_source_route' % device_name
        with open(path, 'w') as f:
            f.write('1')  # expect: DVR105

    def accept_v6_redirects(self):
        subprocess.check_call('sysctl -w net.ipv6.conf.all.accept_redirects=1', shell=True)  # expect: DVR105

    def enable_fg_proxy_arp(self, fg_device):
        # ok: proxy_arp=1 on the FIP namespace gateway is required by the DVR design.
        ip_lib.sysctl(['net.ipv4.conf.%s.proxy_arp=1' % fg_device], namespace=self.ns_name)


class SnatNamespaceSysctl(object):

    def __init__(self, ns_name):
        self.ns_name = ns_name

    def enable_gateway_proxy_arp(self, gw_device):
        # Outside the FIP namespace, proxy_arp=1 is reported with low severity.
        ip_lib.sysctl(['net.ipv4.conf.%s.proxy_arp=1' % gw_device], namespace=self.ns_name)  # expect: DVR105(severity:low)

    # ---- negatives -------------------------------------------------------

    def enable_forwarding(self):
        ip_lib.sysctl(['net.ipv4.ip_forward=1'], namespace=self.ns_name)  # ok: ip_forward=1 is what a router needs

    def enable_v6_forwarding(self):
        ip_lib.sysctl(['net.ipv6.conf.all.forwarding=1'], namespace=self.ns_name)  # ok: IPv6 equivalent of ip_forward

    def disable_snat_redirects(self, sn_int):
        ip_lib.sysctl(['net.ipv4.conf.%s.send_redirects=0' % sn_int], namespace=self.ns_name)  # ok: hardening value

    def harden_arp(self, interface_name):
        ip_lib.sysctl(  # ok: hardening values
            ['net.ipv4.conf.%s.arp_ignore=1' % interface_name,
             'net.ipv4.conf.%s.arp_announce=2' % interface_name,
             'net.ipv4.conf.%s.accept_redirects=0' % interface_name],
            namespace=self.ns_name)

    def strict_rp_filter(self):
        ip_lib.sysctl(['net.ipv4.conf.all.rp_filter=1'], namespace=self.ns_name)  # ok: strict mode

    def loose_rp_filter(self, rtr_2_fip_name):
        ip_lib.sysctl(['net.ipv4.conf.%s.rp_filter=2' % rtr_2_fip_name], namespace=self.ns_name)  # ok: loose mode still checks reachability; only 0 turns it off

    def disable_proxy_arp(self, interface_name):
        ip_lib.sysctl(['net.ipv4.conf.%s.proxy_arp=0' % interface_name], namespace=self.ns_name)  # ok: turning it off

    def set_proxy_arp(self, interface_name, enabled):
        ip_lib.sysctl(['net.ipv4.conf.%s.proxy_arp=%d' % (interface_name, int(enabled))])  # ok: value not known statically

    def read_rp_filter(self):
        return agent_utils.execute(['sysctl', '-n', 'net.ipv4.conf.all.rp_filter'])  # ok: read, not a write

    def read_source_route(self, device_name):
        with open('/proc/sys/net/ipv4/conf/%s/accept_source_route' % device_name) as f:
            return f.read()  # ok: opened for reading

    def note_rp_filter(self):
        LOG.debug("Leaving net.ipv4.conf.all.rp_filter=0 to the deployer")  # ok: log message, not a write

    # ---- suppressed ------------------------------------------------------

    def create_fg_device(self, interface_name):
        # DVR answers ARP for floating IPs on the fg- device by design.
        ip_lib.sysctl(['net.ipv4.conf.%s.proxy_arp=1' % interface_name], namespace=self.ns_name)  # dvr-hints: ignore[DVR105]
