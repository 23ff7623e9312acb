"""Fixture for DVR301 (broad-except).

Error handling in the style of neutron/agent/l3/agent.py,
dvr_local_router.py and dvr_edge_router.py.
"""

import time

from neutron_lib import exceptions
from oslo_log import log as logging
import oslo_messaging
from oslo_utils import excutils

from neutron.agent.linux import ip_lib

LOG = logging.getLogger(__name__)


class FloatingIpSetupException(Exception):
    pass


class DvrAgentErrors(object):

    def __init__(self, ns_name, plugin_rpc, context):
        self.ns_name = ns_name
        self.plugin_rpc = plugin_rpc
        self.context = context
        self.fullsync = False

    # ---- positives -------------------------------------------------------

    def snat_redirect_add(self, gateway, sn_int, snat_idx):
        try:
            ns_ipd = ip_lib.IPDevice(sn_int, namespace=self.ns_name)
            ns_ipd.route.add_gateway(gateway, table=snat_idx)
        except Exception as e:  # expect: DVR301(medium)
            LOG.error("DVR: error adding redirection logic: %s", e)

    def delete_namespace(self):
        try:
            ip_lib.delete_network_namespace(self.ns_name)
        except:  # expect: DVR301(high)
            LOG.exception("Failed deleting namespace %s", self.ns_name)

    def get_router_ids(self):
        try:
            return self.plugin_rpc.get_router_ids(self.context)
        except:  # expect: DVR301(low)
            raise

    def update_fip_statuses(self, fip_statuses):
        try:
            self.plugin_rpc.update_floatingip_statuses(
                self.context, self.ns_name, fip_statuses)
        except BaseException:  # expect: DVR301(medium)
            LOG.warning("Unable to update floating IP statuses")

    def add_fip_address(self, device, fip_cidr):
        try:
            device.addr.add(fip_cidr)
        except (RuntimeError, Exception):  # expect: DVR301(medium)
            return False
        return True

    def process_router(self, ri):
        try:
            ri.process()
        except Exception:  # expect: DVR301(medium)
            self.fullsync = True

    # ---- negatives -------------------------------------------------------

    def update_arp_entry(self, device, ip, mac):
        try:
            device.neigh.add(ip, mac)
        except Exception:  # ok: save_and_reraise_exception re-raises
            with excutils.save_and_reraise_exception():
                LOG.error("DVR: Failed updating arp entry")

    def snat_redirect_remove(self, gateway, sn_int, snat_idx):
        try:
            ns_ipd = ip_lib.IPDevice(sn_int, namespace=self.ns_name)
            ns_ipd.route.delete_gateway(gateway, table=snat_idx)
        except Exception:  # ok: LOG.exception keeps the traceback
            LOG.exception("DVR: removed snat failed")

    def configure_fip(self, device, fip_cidr):
        try:
            device.addr.add(fip_cidr)
        except Exception as e:  # ok: raise ... from e
            raise FloatingIpSetupException('Unable to add %s' % fip_cidr) from e

    def configure_fip_plain_raise(self, device, fip_cidr):
        try:
            device.addr.add(fip_cidr)
        except Exception:  # ok: a raise statement in the handler
            LOG.error("Unable to add %s", fip_cidr)
            raise FloatingIpSetupException('Unable to add %s' % fip_cidr)

    def cleanup_device(self, device, ignore_errors):
        try:
            device.link.delete()
        except Exception:  # ok: re-raises on one path
            if not ignore_errors:
                raise

    def report_state(self, agent_state):
        try:
            self.plugin_rpc.report_state(self.context, agent_state)
        except Exception:  # ok: exc_info=True keeps the traceback
            LOG.warning("Failed reporting state!", exc_info=True)

    def _process_routers_loop(self, pool):
        while True:
            try:
                pool.spawn_n(self._process_router_update)
            except Exception:  # ok: top-level agent loop that logs the traceback
                LOG.exception("Error processing router update")
                time.sleep(1)

    def get_service_plugin_list(self):
        try:
            return self.plugin_rpc.get_service_plugin_list(self.context)
        except oslo_messaging.MessagingTimeout:  # ok: narrow exception
            LOG.warning("RPC timeout getting service plugins")
            return []

    def remove_gateway(self, device, snat_idx):
        try:
            device.route.delete_gateway(table=snat_idx)
        except (exceptions.DeviceNotFoundError, RuntimeError):  # ok: narrow exceptions
            LOG.debug("Gateway already removed for table %s", snat_idx)

    def _process_router_update(self):
        pass

    # ---- suppressed ------------------------------------------------------

    def notify_l2(self, ri):
        try:
            ri.notify_l2_agent()
        except Exception:  # dvr-hints: ignore[DVR301]
            LOG.info("L2 notification failed; the L2 agent resyncs on its own")
