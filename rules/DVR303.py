"""Fixture for DVR303 (failure-downgraded).

Floating IP and SNAT handling in the style of
neutron/agent/l3/dvr_edge_router.py and dvr_local_router.py.
"""

import time

from neutron_lib import constants as lib_constants
from oslo_concurrency import processutils
from oslo_log import log as logging

from neutron.agent.linux import ip_lib

LOG = logging.getLogger(__name__)

MAX_RETRIES = 3


class GatewayConfigError(Exception):
    pass


class DvrEdgeFloatingIps(object):

    def __init__(self, snat_namespace, snat_iptables_manager):
        self.snat_namespace = snat_namespace
        self.snat_iptables_manager = snat_iptables_manager
        self.fullsync = False

    # ---- positives -------------------------------------------------------

    def add_centralized_floatingip(self, fip, fip_cidr, interface_name):
        try:
            device = ip_lib.IPDevice(interface_name,
                                     namespace=self.snat_namespace.name)
            device.addr.add(fip_cidr)
        except RuntimeError:  # expect: DVR303
            LOG.warning("Unable to configure IP address for centralized "
                        "floating IP: %s", fip['id'])
        return lib_constants.FLOATINGIP_STATUS_ACTIVE

    def disable_snat_redirects(self, sn_int):
        try:
            ip_lib.sysctl(['net.ipv4.conf.%s.send_redirects=0' % sn_int],
                          namespace=self.snat_namespace.name)
        except RuntimeError:  # expect: DVR303
            LOG.debug("Could not set send_redirects on %s", sn_int)

    def apply_snat_rules(self):
        try:
            self.snat_iptables_manager.apply()
        except Exception as e:  # expect: DVR303
            LOG.info("Applying SNAT rules failed: %s", e)

    def flush_fip_conntrack(self, ip_wrapper, fixed_ip):
        try:
            ip_wrapper.netns.execute(['conntrack', '-D', '-d', fixed_ip])
        except processutils.ProcessExecutionError as e:  # expect: DVR303
            LOG.warning("conntrack flush failed: %s", e)

    def remove_snat_gateway(self, ns_ipd, gw_ip_addr, snat_idx):
        try:
            ns_ipd.route.delete_gateway(gw_ip_addr, table=snat_idx)
        except RuntimeError:  # expect: DVR303
            LOG.warning("Failed to remove SNAT gateway route")
            return

    def set_gateway_mtu(self, device, mtu):
        try:
            device.link.set_mtu(mtu)
        except RuntimeError:  # expect: DVR303
            LOG.warning("Unable to set MTU %s on %s", mtu, device.name)
        device.link.set_up()

    # ---- negatives -------------------------------------------------------

    def add_centralized_floatingip_status(self, fip, fip_cidr, interface_name):
        try:
            ip_lib.add_ip_address(fip_cidr, interface_name,
                                  namespace=self.snat_namespace.name)
        except RuntimeError:  # ok: returns a failure status
            LOG.warning("Unable to configure IP address for centralized "
                        "floating IP: %s", fip['id'])
            return lib_constants.FLOATINGIP_STATUS_ERROR
        return lib_constants.FLOATINGIP_STATUS_ACTIVE

    def add_fip_address(self, device, fip_cidr):
        try:
            device.addr.add(fip_cidr)
        except RuntimeError:  # ok: returns False
            LOG.warning("Unable to add %s", fip_cidr)
            return False
        return True

    def add_gateway(self, ns_ipd, gw_ip_addr, snat_idx):
        try:
            ns_ipd.route.add_gateway(gw_ip_addr, table=snat_idx)
        except RuntimeError as e:  # ok: raises
            LOG.warning("Unable to add gateway %s", gw_ip_addr)
            raise GatewayConfigError(str(e)) from e

    def process_snat_rules(self):
        try:
            self.snat_iptables_manager.apply()
        except RuntimeError:  # ok: sets an error flag, the next loop resyncs
            LOG.warning("SNAT rules not applied, scheduling full sync")
            self.fullsync = True

    def update_fip_status(self, fip, device, fip_statuses):
        try:
            device.addr.add(fip['floating_ip_address'] + '/32')
        except RuntimeError:  # ok: records the error state
            LOG.warning("Unable to add floating IP %s", fip['id'])
            fip_statuses[fip['id']] = lib_constants.FLOATINGIP_STATUS_ERROR

    def add_route_with_retry(self, device, cidr, via):
        for attempt in range(MAX_RETRIES):
            try:
                device.route.add_route(cidr, via=via)
                break
            except RuntimeError:  # ok: retry loop
                LOG.warning("Adding route %s failed, attempt %d", cidr, attempt)
                time.sleep(1)
        else:
            raise GatewayConfigError(cidr)

    def read_addresses(self, device):
        try:
            addresses = device.addr.list()
        except RuntimeError:  # ok: read-only try body
            LOG.debug("Device %s has no addresses yet", device.name)
            addresses = []
        return addresses

    def delete_gateway_logged(self, ns_ipd, snat_idx):
        try:
            ns_ipd.route.delete_gateway(table=snat_idx)
        except RuntimeError:  # ok: logged at error level
            LOG.error("Failed to remove gateway for table %s", snat_idx)

    def restart_keepalived(self, process_monitor, router_id):
        try:
            process_monitor.unregister(router_id, 'keepalived')
            ip_lib.delete_network_namespace('qrouter-' + router_id)
        except KeyboardInterrupt:  # ok: an interrupt, not a failed change
            LOG.info("Interrupted while restarting keepalived")

    def add_floating_ip_route(self, device, cidr):
        try:
            device.route.add_route(cidr)
        except RuntimeError:  # ok: the handler does more than log (schedules a resync)
            LOG.warning("Route %s not added, resyncing", cidr)
            self.schedule_resync(cidr)

    # ---- suppressed ------------------------------------------------------

    def send_garp(self, interface_name, ip_address):
        try:
            ip_lib.send_ip_addr_adv_notif(self.snat_namespace.name,
                                          interface_name, ip_address, 3)
        except RuntimeError:  # dvr-hints: ignore[DVR303]
            LOG.debug("GARP is best effort; neighbours learn the address anyway")
