"""DVR edge router: the centralised SNAT part of a distributed router.

Runs on network nodes (agent mode "dvr_snat"). North-south traffic without
a floating IP leaves through the SNAT namespace, whose qg- gateway device
this class plugs, addresses and unplugs as the external gateway changes.
"""

import subprocess

import netaddr
from neutron_lib import constants as lib_constants
from neutron_lib import exceptions
from oslo_log import log as logging
from oslo_utils import excutils
import six  # expect: DVR801

from neutron_agent.common import utils as common_utils
from neutron_agent.l3 import dvr_local_router
from neutron_agent.l3 import dvr_snat_ns
from neutron_agent.l3 import router_info as router
from neutron_agent.linux import ip_lib
from neutron_agent.linux import iptables_manager

LOG = logging.getLogger(__name__)


class DvrEdgeRouter(dvr_local_router.DvrLocalRouter):

    def __init__(self, host, *args, **kwargs):
        super(DvrEdgeRouter, self).__init__(host, *args, **kwargs)
        self.snat_namespace = dvr_snat_ns.SnatNamespace(
            self.router_id, self.agent_conf, self.driver, self.use_ipv6)
        self.snat_iptables_manager = None
        self.snat_sync_needed = False

    # ---- external gateway -------------------------------------------------

    def external_gateway_added(self, ex_gw_port, interface_name):
        LOG.debug("Adding external gateway %s", ex_gw_port)  # ok: a payload the server built
        super(DvrEdgeRouter, self).external_gateway_added(
            ex_gw_port, interface_name)
        if not self._is_this_snat_host():
            return
        self._create_dvr_gateway(ex_gw_port, interface_name)
        gw_ip = ex_gw_port['fixed_ips'][0]['ip_address']  # ok: a payload the server built
        self._send_gateway_garp(interface_name, gw_ip)

    def external_gateway_updated(self, ex_gw_port, interface_name):
        if not self._is_this_snat_host():
            LOG.debug("Not hosting SNAT for router %s", self.router_id)
            return
        if ex_gw_port.get('fixed_ips'):
            gw_ip = ex_gw_port['fixed_ips'][0]['ip_address']
            self._send_gateway_garp(interface_name, gw_ip)
        self._set_gateway_accept_ra(interface_name)

    def external_gateway_removed(self, ex_gw_port, interface_name):
        super(DvrEdgeRouter, self).external_gateway_removed(
            ex_gw_port, interface_name)
        if not self._is_this_snat_host() and not self.snat_namespace.exists():
            LOG.debug("Not hosting SNAT for router %s", self.router_id)
            return
        if ip_lib.device_exists(interface_name,
                                namespace=self.snat_namespace.name):
            self.driver.unplug(interface_name,
                               namespace=self.snat_namespace.name,
                               prefix=router.EXTERNAL_DEV_PREFIX)

    def _create_dvr_gateway(self, ex_gw_port, gw_interface_name):
        snat_ns = self._create_snat_namespace()
        try:
            self._plug_external_gateway(ex_gw_port, gw_interface_name,
                                        snat_ns.name)
            self._external_gateway_added(ex_gw_port, gw_interface_name,
                                         snat_ns.name, preserve_ips=[])
        except Exception:
            with excutils.save_and_reraise_exception():
                LOG.exception("Failed to create the SNAT gateway of router %s",
                              self.router_id)
                self.snat_namespace.delete()
        # Replies to SNATed traffic come back through the qrouter namespace,
        # which strict reverse-path filtering would drop.
        ip_lib.sysctl(['net.ipv4.conf.all.rp_filter=0'],  # expect: DVR105
                      namespace=snat_ns.name)
        gw_name = self.get_snat_external_device_interface_name(ex_gw_port)
        ip_lib.sysctl(['net.ipv4.conf.%s.proxy_arp=1' % gw_name],  # expect: DVR105(severity:low)
                      namespace=snat_ns.name)
        self.snat_iptables_manager = iptables_manager.IptablesManager(
            namespace=snat_ns.name, use_ipv6=self.use_ipv6)
        self._add_snat_rules(ex_gw_port, self.snat_iptables_manager,
                             gw_interface_name)

    def _create_snat_namespace(self):
        self.snat_namespace.create()
        return self.snat_namespace

    def _gateway_device(self, ex_gw_port):
        return ip_lib.IPDevice('qg-' + ex_gw_port['id'],  # expect: DVR202
                               namespace=self.snat_namespace.name)

    def _existing_gateway_device(self, ex_gw_port):
        return ip_lib.IPDevice('qg-' + ex_gw_port['id'][:11],
                               namespace=self.snat_namespace.name)

    def _send_gateway_garp(self, interface_name, ip_address):
        cmd = 'ip netns exec %s arping -U -c 3 -I %s %s' % (
            self.snat_namespace.name, interface_name, ip_address)
        subprocess.check_call(cmd, shell=True)  # expect: DVR101(severity:medium)

    def _set_gateway_accept_ra(self, gw_ifname):
        # is_valid_device_name is a configured sanitiser (pyproject.toml).
        if not common_utils.is_valid_device_name(gw_ifname):
            raise common_utils.InvalidDeviceName(gw_ifname)
        ip_lib.sysctl(['net.ipv6.conf.%s.accept_ra=2' % gw_ifname],
                      namespace=self.snat_namespace.name)

    # ---- SNAT rules and redirection ---------------------------------------

    def _add_snat_rules(self, ex_gw_port, iptables_manager, interface_name):
        ex_gw_ip = netaddr.IPAddress(ex_gw_port['fixed_ips'][0]['ip_address'])
        gw_name = self.get_snat_external_device_interface_name(ex_gw_port)
        iptables_manager.ipv4['nat'].add_rule(  # ok: agent parameters are not sources by default
            'POSTROUTING',
            '! -i %(ifn)s ! -o %(ifn)s -m conntrack ! --ctstate DNAT -j ACCEPT'
            % {'ifn': interface_name})
        iptables_manager.ipv4['nat'].add_rule(
            'snat', '-o %s -j SNAT --to-source %s' % (gw_name, ex_gw_ip))
        iptables_manager.ipv4['nat'].add_rule('snat', '-j $float-snat')
        iptables_manager.apply()

    def _snat_redirect_add(self, gateway, sn_port, sn_int):
        """Adds rules and routes for SNAT redirection."""
        cmd = ['net.ipv4.conf.%s.send_redirects=0' % sn_int]
        try:
            ns_ipd = ip_lib.IPDevice(sn_int, namespace=self.ns_name)
            for port_fixed_ip in sn_port['fixed_ips']:
                snat_idx = self._get_snat_idx(port_fixed_ip['ip_address'])
                ns_ipd.route.add_gateway(gateway, table=snat_idx)
            ip_lib.sysctl(cmd, namespace=self.ns_name)  # ok: agent parameters are not sources by default
        except Exception:
            LOG.exception("DVR: error adding redirection logic")

    def _snat_redirect_remove(self, gateway, sn_port, sn_int):
        try:
            ns_ipd = ip_lib.IPDevice(sn_int, namespace=self.ns_name)
            for port_fixed_ip in sn_port['fixed_ips']:
                snat_idx = self._get_snat_idx(port_fixed_ip['ip_address'])
                ns_ipd.route.delete_gateway(gateway, table=snat_idx)
        except Exception as e:  # expect: DVR301
            LOG.error("DVR: removing SNAT redirection failed: %s", e)

    def _set_snat_ports_redirects(self, snat_ports):
        for port in snat_ports:  # expect: DVR504
            sn_int = self.snat_namespace.get_snat_int_device_name(port['id'])
            ip_lib.sysctl(['net.ipv4.conf.%s.send_redirects=0' % sn_int],
                          namespace=self.snat_namespace.name)

    def _delete_gateway_device_if_exists(self, ns_ip_device, gw_ip_addr,
                                         snat_idx):
        LOG.debug("Removing gateway %s from table %d" % (gw_ip_addr, snat_idx))  # expect: DVR403
        try:
            ns_ip_device.route.delete_gateway(gw_ip_addr, table=snat_idx)
        except RuntimeError:  # expect: DVR302
            pass

    def _delete_stale_gateway(self, ns_ip_device, snat_idx):
        try:
            ns_ip_device.route.delete_gateway(table=snat_idx)
        except exceptions.DeviceNotFoundError:
            # The L2 agent removed the device together with its port, and
            # the route went with it.
            pass

    # ---- centralised floating IPs -----------------------------------------

    def add_centralized_floatingip(self, fip, fip_cidr):
        LOG.debug("Adding centralized floating IP %s", fip)  # ok: a payload the server built
        interface_name = self.get_snat_external_device_interface_name(
            self.get_ex_gw_port())
        try:
            device = ip_lib.IPDevice(interface_name,
                                     namespace=self.snat_namespace.name)
            device.addr.add(fip_cidr)
        except RuntimeError:  # expect: DVR303
            LOG.warning("Unable to configure IP address for centralized "
                        "floating IP %s", fip['id'])
        self.process_floating_ip_nat_rules_for_centralized_floatingip()
        return lib_constants.FLOATINGIP_STATUS_ACTIVE

    def remove_centralized_floatingip(self, fip_cidr):
        interface_name = self.get_snat_external_device_interface_name(
            self.get_ex_gw_port())
        try:
            device = ip_lib.IPDevice(interface_name,
                                     namespace=self.snat_namespace.name)
            device.delete_addr_and_conntrack_state(fip_cidr)
        except RuntimeError:
            LOG.warning("Unable to remove centralized floating IP %s",
                        fip_cidr)
            return False
        return True

    def report_centralized_fips(self, fip_statuses):
        for fip_id, status in six.iteritems(fip_statuses):  # expect: DVR801
            LOG.debug("Centralized floating IP %s is %s", fip_id, status)

    def process_snat_gateway(self):
        try:
            self.snat_iptables_manager.apply()
        except Exception:  # dvr-hints: ignore[DVR301] -- the flag makes the next loop resync
            LOG.warning("SNAT rules of router %s not applied", self.router_id)
            self.snat_sync_needed = True

    def delete(self):
        super(DvrEdgeRouter, self).delete()
        if self.snat_namespace.exists():
            self.snat_namespace.delete()
