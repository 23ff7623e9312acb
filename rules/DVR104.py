"""Fixture for DVR104 (iptables-rule-from-data).

NAT and floating IP rules in the style of neutron/agent/l3/dvr_edge_router.py
and dvr_local_router.py.
"""

import re
import sys

import netaddr
from oslo_log import log as logging

LOG = logging.getLogger(__name__)

METADATA_PORT = 9697
MARK_MASK = '0xffff'


class DvrEdgeRouterNat(object):

    def __init__(self, router_id, iptables_manager, snat_iptables_manager,
                 fip_ns):
        self.router_id = router_id
        self.iptables_manager = iptables_manager
        self.snat_iptables_manager = snat_iptables_manager
        self.fip_ns = fip_ns

    # ---- threat-model sources reach a rule --------------------------------

    def allow_port_by_description(self, port):
        # A port's description is the tenant's free-form text.
        self.iptables_manager.ipv4['filter'].add_rule(  # expect: DVR104
            'INPUT', '-m comment --comment "%s" -j ACCEPT' % port['description'])

    def block_from_request(self, request):
        cidr = request.params['cidr']
        self.iptables_manager.ipv4['filter'].add_rule('INPUT', '-s %s -j DROP' % cidr)  # expect: DVR104

    def add_rule_from_cli(self):
        self.iptables_manager.ipv4['nat'].add_chain('dbg-' + sys.argv[1])  # expect: DVR104

    # ---- agent look-alikes: parameters are not sources by default ---------

    def add_snat_rule(self, ex_gw_ip, internal_cidr):
        self.snat_iptables_manager.ipv4['nat'].add_rule(  # ok: agent parameters are not sources (threat model 'parameters' reports it)
            'snat', '-s %s -j SNAT --to-source %s' % (internal_cidr, ex_gw_ip))

    def add_fip_dnat(self, floating_ip, fixed_ip, rtr_2_fip_name):
        rule = '-d %s/32 -i %s -j DNAT --to-destination %s' % (
            floating_ip, rtr_2_fip_name, fixed_ip)
        self.iptables_manager.ipv4['nat'].add_rule('PREROUTING', rule, tag='floating_ip')  # ok: agent parameters are not sources (threat model 'parameters' reports it)

    def mark_fip_traffic(self, fip, internal_mark):
        ipt_mgr = self.iptables_manager
        rule = f"-d {fip['floating_ip_address']}/32 -j MARK --set-xmark {internal_mark}"
        ipt_mgr.ipv4['mangle'].add_rule('floatingip', rule)  # ok: agent parameters are not sources (threat model 'parameters' reports it)

    def remove_gw_accept_rule(self, interface_name):
        self.iptables_manager.ipv4['nat'].remove_rule(  # ok: agent parameters are not sources (threat model 'parameters' reports it)
            'POSTROUTING',
            '! -i %(ifn)s ! -o %(ifn)s -m conntrack ! --ctstate DNAT -j ACCEPT'
            % {'ifn': interface_name})

    def add_fip_chain(self, fip):
        self.iptables_manager.ipv4['filter'].add_chain('fip-' + fip['id'][:8])  # ok: agent parameters are not sources (threat model 'parameters' reports it)

    def allow_gw_v6(self, gw_cidr):
        self.iptables_manager.ipv6['filter'].add_rule('INPUT', '-s {} -j ACCEPT'.format(gw_cidr))  # ok: agent parameters are not sources (threat model 'parameters' reports it)

    # ---- negatives -------------------------------------------------------

    def add_float_snat_jump(self):
        self.iptables_manager.ipv4['nat'].add_rule('snat', '-j $float-snat')  # ok: constant rule

    def add_fip_snat(self, floating_ip, fixed_ip):
        fip = netaddr.IPAddress(floating_ip)
        fixed = netaddr.IPAddress(fixed_ip)
        self.iptables_manager.ipv4['nat'].add_rule(  # ok: values converted through netaddr
            'float-snat', '-s %s/32 -j SNAT --to-source %s' % (fixed, fip))

    def allow_internal_network(self, internal_cidr):
        cidr = str(netaddr.IPNetwork(internal_cidr))
        self.iptables_manager.ipv4['filter'].add_rule('INPUT', '-s %s -j ACCEPT' % cidr)  # ok: str() of netaddr

    def add_mark_rule(self, fip_mark):
        mark = int(fip_mark)
        self.iptables_manager.ipv4['mangle'].add_rule(  # ok: int() sanitises
            'mark', '-j MARK --set-xmark %d/%s' % (mark, MARK_MASK))

    def allow_metadata(self, protocol):
        if protocol not in ('tcp', 'udp'):
            raise ValueError(protocol)
        self.iptables_manager.ipv4['filter'].add_rule(  # ok: membership test on a constant set
            'INPUT', '-p %s --dport %s -j ACCEPT' % (protocol, METADATA_PORT))

    def accept_from_device(self, device_name):
        if not re.fullmatch(r'(qr|qg|sg|rfp|fpr)-[0-9a-f-]{1,11}', device_name):
            return
        self.iptables_manager.ipv4['filter'].add_rule('FORWARD', '-i %s -j ACCEPT' % device_name)  # ok: re.fullmatch guard

    def add_gw_snat(self, ex_gw_port):
        interface_name = self.get_external_device_name(ex_gw_port['id'])
        self.iptables_manager.ipv4['nat'].add_rule('POSTROUTING', '-o %s -j ACCEPT' % interface_name)  # ok: name returned by a helper

    def floating_forward_rules(self, floating_ip, fixed_ip):
        # ok: rules are only returned here, no iptables manager call
        rtr_2_fip_name = self.fip_ns.get_rtr_ext_device_name(self.router_id)
        return [('PREROUTING', '-d %s/32 -i %s -j DNAT --to-destination %s' % (
                    floating_ip, rtr_2_fip_name, fixed_ip)),
                ('float-snat', '-s %s/32 -j SNAT --to-source %s' % (
                    fixed_ip, floating_ip))]

    def process_floating_ip_nat_rules(self, fip):
        for chain, rule in self.floating_forward_rules(fip['floating_ip_address'], fip['fixed_ip_address']):
            self.iptables_manager.ipv4['nat'].add_rule(chain, rule, tag='floating_ip')  # ok: values returned by a call

    def add_fip_return_rule(self, fip_id):
        self.iptables_manager.ipv4['nat'].add_rule('float-snat', '-j RETURN', tag='fip-%s' % fip_id)  # ok: tag= is not part of the rule text

    def log_rule(self, floating_ip):
        LOG.debug('Adding rule -d %s/32 -j ACCEPT', floating_ip)  # ok: not an iptables manager

    def get_external_device_name(self, port_id):
        return ('qg-' + port_id)[:14]

    # ---- suppressed ------------------------------------------------------

    def add_dscp_rule(self, dscp_mark):
        self.iptables_manager.ipv4['mangle'].add_rule('POSTROUTING', '-j DSCP --set-dscp %s' % dscp_mark)  # dvr-hints: ignore[DVR104]
