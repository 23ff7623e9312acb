# Fixture for DVR504 (unbounded-command-loop, opt-in).
# ARP and route handling in the style of neutron/agent/l3/dvr_local_router.py.

import itertools
import subprocess

import netaddr
from oslo_log import log as logging

from neutron.agent.linux import ip_lib
from neutron.agent.linux import utils as agent_utils

LOG = logging.getLogger(__name__)

MAX_ARP_ENTRIES_PER_SYNC = 256
SYSCTL_KEYS = ('rp_filter', 'send_redirects')


class DvrLocalRouter(object):

    def __init__(self, router, ns_name, rtr_int):
        self.router = router
        self.ns_name = ns_name
        self.rtr_int = rtr_int
        self.ns_ip_wrapper = ip_lib.IPWrapper(namespace=ns_name)

    def _set_subnet_arp_info(self, subnet_id, arp_entries):
        # Positive: one 'ip neigh' per entry of an RPC-supplied list.
        for entry in arp_entries:  # expect: DVR504
            self.ns_ip_wrapper.netns.execute(
                ['ip', 'neigh', 'replace', entry['ip_address'],
                 'lladdr', entry['mac_address'], 'dev', self.rtr_int],
                run_as_root=True)

    def routes_updated(self, old_routes, new_routes):
        # Positive: loop over an attribute of self (router dict).
        for route in self.router.get('routes', []):  # expect: DVR504
            agent_utils.execute(['ip', 'route', 'replace', route['destination'],
                                 'via', route['nexthop']],
                                run_as_root=True)

    def _disable_redirects(self, interfaces):
        # Positive: sysctl per interface name from a parameter.
        for name in interfaces:  # expect: DVR504
            ip_lib.sysctl(['net.ipv4.conf.%s.send_redirects=0' % name],
                          namespace=self.ns_name)

    def _flush_conntrack(self, fips):
        # Positive: comprehension running a command per item.
        [subprocess.call(['conntrack', '-D', '-d', fip['floating_ip_address']]) for fip in fips]  # expect: DVR504

    def _check_devices(self, device_names):
        # Positive: loop over a value computed from a parameter.
        names = [self.rtr_int] + device_names
        for name in names:  # expect: DVR504
            agent_utils.execute(['ip', 'link', 'show', name],
                                run_as_root=True, check_exit_code=False)

    def _harden_namespace(self):
        # Negative: loop over a constant tuple.
        for key in SYSCTL_KEYS:
            ip_lib.sysctl(['net.ipv4.conf.all.%s=0' % key],
                          namespace=self.ns_name)

    def _retry_flush(self):
        # Negative: bounded retry loop over a constant range.
        for _attempt in range(3):
            if agent_utils.execute(['conntrack', '-F'], run_as_root=True,
                                   check_exit_code=False) == '':
                break

    def _set_arp_bounded(self, arp_entries):
        # Negative: the collection is sliced to a bound.
        for entry in arp_entries[:MAX_ARP_ENTRIES_PER_SYNC]:
            self.ns_ip_wrapper.netns.execute(
                ['ip', 'neigh', 'replace', entry['ip_address'],
                 'dev', self.rtr_int], run_as_root=True)

    def _set_arp_islice(self, arp_entries):
        # Negative: itertools.islice bounds the loop.
        for entry in itertools.islice(arp_entries, MAX_ARP_ENTRIES_PER_SYNC):
            self.ns_ip_wrapper.netns.execute(
                ['ip', 'neigh', 'del', entry['ip_address'],
                 'dev', self.rtr_int], run_as_root=True)

    def _set_arp_checked(self, arp_entries):
        # Negative: an explicit size check rejects large collections.
        if len(arp_entries) > MAX_ARP_ENTRIES_PER_SYNC:
            raise ValueError("too many ARP entries")
        for entry in arp_entries:
            self.ns_ip_wrapper.netns.execute(
                ['ip', 'neigh', 'replace', entry['ip_address'],
                 'dev', self.rtr_int], run_as_root=True)

    def _set_arp_batched(self, arp_entries):
        # Negative: the loop only builds a batch; one command runs after it.
        lines = []
        for entry in arp_entries:
            lines.append('neigh replace %s lladdr %s dev %s' % (
                netaddr.IPAddress(entry['ip_address']),
                netaddr.EUI(entry['mac_address']), self.rtr_int))
        self.ns_ip_wrapper.netns.execute(['ip', '-batch', '-'],
                                         process_input='\n'.join(lines),
                                         run_as_root=True)

    def _update_devices(self, devices, mtu):
        # Negative: per-item work without a process helper.
        for name in devices:
            ip_lib.IPDevice(name, namespace=self.ns_name).link.set_mtu(mtu)

    def _apply_actions(self, actions, context):
        # Negative: execute() here runs an action object, not a command.
        for action in actions:
            action.execute(context)

    def _record_routes(self, cursor, routes):
        # Negative: a database cursor's execute() runs SQL, not a process.
        for route in routes:
            cursor.execute("INSERT INTO routes VALUES (?, ?)",
                           (route['destination'], route['nexthop']))

    def _harden_listed(self):
        # Negative: a collection written out in the code is bounded.
        for key in ['rp_filter', 'accept_redirects']:
            ip_lib.sysctl(['net.ipv4.conf.all.%s=0' % key], namespace=self.ns_name)

    def _delete_routes(self, routes):
        # Suppressed: not a finding.
        for route in routes:  # dvr-hints: ignore[DVR504]
            agent_utils.execute(['ip', 'route', 'del', route['destination']],
                                run_as_root=True)
