"""Fixture for DVR102 (argument-injection).

SNAT redirection and namespace helpers in the style of
neutron/agent/l3/dvr_local_router.py and dvr_edge_router.py.
"""

import os
import re
import sys

import netaddr
from oslo_concurrency import processutils
from oslo_log import log as logging
from oslo_utils import uuidutils

from neutron.agent.linux import ip_lib
from neutron.agent.linux import utils as agent_utils

LOG = logging.getLogger(__name__)

IP_VERSIONS = (4, 6)


class DvrSnatRedirect(object):

    def __init__(self, ns_name, pid_dir):
        self.ns_name = ns_name
        self.pid_dir = pid_dir

    # ---- threat-model sources reach an argument ---------------------------

    def set_sysctl_from_cli(self):
        key = sys.argv[1]
        ip_lib.sysctl(['net.ipv4.conf.%s.forwarding=1' % key], namespace=self.ns_name)  # expect: DVR102(high)

    def ping_from_environment(self):
        target = os.environ.get('PING_TARGET')
        agent_utils.execute(['ping', '-c', '1', target], run_as_root=True)  # expect: DVR102(medium)

    def alias_port_device(self, port):
        # A port's name is the tenant's free-form text.
        agent_utils.execute(['ip', 'link', 'set', 'tap0', 'alias', port['name']], run_as_root=True)  # expect: DVR102(medium)

    def show_device_from_request(self, request):
        device = request.params['device']
        agent_utils.execute(['ip', 'link', 'show', 'dev=%s' % device], run_as_root=True)  # expect: DVR102(high)

    # ---- agent look-alikes: parameters are not sources by default ---------

    def _snat_redirect_modify(self, gateway, sn_port, sn_int, is_add):
        """Adds or removes rules and routes for SNAT redirection."""
        cmd = ['net.ipv4.conf.%s.send_redirects=0' % sn_int]
        ns_ipd = ip_lib.IPDevice(sn_int, namespace=self.ns_name)
        for port_fixed_ip in sn_port['fixed_ips']:
            port_ip_addr = port_fixed_ip['ip_address']
            if is_add:
                ns_ipd.route.add_gateway(gateway, table=port_ip_addr)
                ip_lib.sysctl(cmd, namespace=self.ns_name)  # ok: agent parameters are not sources (threat model 'parameters' reports it)

    def enable_arp_notify(self, interface_name):
        ip_wrapper = ip_lib.IPWrapper(namespace=self.ns_name)
        ip_wrapper.netns.execute(  # ok: agent parameters are not sources (threat model 'parameters' reports it)
            ['sysctl', '-w',
             'net.ipv4.conf.%s.arp_notify=1' % interface_name],
            check_exit_code=False)

    def set_gw_accept_ra(self, gw_ifname):
        ip_lib.sysctl([f'net.ipv6.conf.{gw_ifname}.accept_ra=2'], namespace=self.ns_name)  # ok: agent parameters are not sources (threat model 'parameters' reports it)

    def flush_fip_conntrack(self, fip):
        agent_utils.execute(['conntrack', '-D', '-d', fip['floating_ip_address']], run_as_root=True)  # ok: agent parameters are not sources (threat model 'parameters' reports it)

    def set_link_up(self, interface_name):
        ip_lib.IPWrapper(namespace=self.ns_name).netns.execute(['ip', 'link', 'set', interface_name, 'up'])  # ok: agent parameters are not sources (threat model 'parameters' reports it)

    def start_radvd(self, router_id):
        # Built by concatenation in a variable first, then used as an element:
        # the element is still a concatenation, so high.
        pid_file = self.pid_dir + '/' + router_id + '.pid'
        cmd = ['radvd', '-C', '/var/lib/neutron/ra/radvd.conf', '-p', pid_file]
        processutils.execute(*cmd, run_as_root=True)  # ok: agent parameters are not sources (threat model 'parameters' reports it)

    def add_snat_route_rule(self, sn_port_cidr, snat_idx):
        # One formatted element and one bare element: one finding, high.
        agent_utils.execute(  # ok: agent parameters are not sources (threat model 'parameters' reports it)
            ['ip', 'rule', 'add', 'from', sn_port_cidr,
             'priority', '%s' % snat_idx, 'table', '200'],
            run_as_root=True)

    # ---- negatives -------------------------------------------------------

    def enable_forwarding(self):
        ip_lib.sysctl(['net.ipv4.ip_forward=1'], namespace=self.ns_name)  # ok: constants only; namespace= is not a command element

    def add_route_table_rule(self, table_id, ip_version):
        if ip_version not in IP_VERSIONS:
            raise ValueError('unsupported IP version %s' % ip_version)
        table = int(table_id)
        agent_utils.execute(  # ok: membership test on a constant set and int()
            ['ip', '-%s' % ip_version, 'rule', 'add', 'table', str(table)],
            run_as_root=True)

    def delete_fixed_ip_conntrack(self, fixed_ip):
        ip = str(netaddr.IPAddress(fixed_ip))
        agent_utils.execute(['conntrack', '-D', '-d', ip], run_as_root=True)  # ok: netaddr sanitises

    def add_host_route(self, fixed_ip):
        agent_utils.execute(  # ok: formatted from a netaddr value
            ['ip', 'route', 'replace', '%s/32' % netaddr.IPAddress(fixed_ip),
             'dev', 'rfp-0'],
            run_as_root=True)

    def set_proxy_arp(self, interface_name):
        if not re.fullmatch(r'[a-z]{2,3}-[0-9a-f-]{1,11}', interface_name):
            raise ValueError('bad interface name %s' % interface_name)
        ip_lib.sysctl(['net.ipv4.conf.%s.arp_ignore=1' % interface_name], namespace='fip-x')  # ok: re.fullmatch guard

    def probe_device(self, device_name):
        if re.match(r'qr-[0-9a-f-]{11}\Z', device_name):
            ip_lib.sysctl(['net.ipv4.conf.%s.arp_announce=2' % device_name])  # ok: inside a re.match guard

    def delete_router_namespace(self, router_id):
        if not uuidutils.is_uuid_like(router_id):
            return
        agent_utils.execute(['ip', 'netns', 'delete', 'qrouter-%s' % router_id], run_as_root=True)  # ok: is_uuid_like guard

    def internal_network_added(self, port):
        interface_name = self.get_internal_device_name(port['id'])
        ip_lib.sysctl(['net.ipv4.conf.%s.send_redirects=0' % interface_name])  # ok: name returned by a helper call

    def remove_pid_file(self, pid_file):
        agent_utils.execute(['rm', '-f', '--', pid_file], run_as_root=True)  # ok: after '--' it cannot be an option

    def log_planned_command(self, interface_name):
        cmd = ['sysctl', '-w', 'net.ipv4.conf.%s.arp_notify=1' % interface_name]
        LOG.debug('Will run %s', cmd)  # ok: logging is not a process helper

    def get_internal_device_name(self, port_id):
        return ('qr-' + port_id)[:14]

    # ---- suppressed ------------------------------------------------------

    def set_fg_mtu(self, fg_device, mtu):
        ip_lib.sysctl(['net.ipv6.conf.%s.mtu=%s' % (fg_device, int(mtu))], namespace='fip-x')  # dvr-hints: ignore[DVR102]
