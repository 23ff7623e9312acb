# Fixture for DVR403 (eager-log-formatting).
# SNAT / floating IP handling in the style of neutron/agent/l3.

import logging as std_logging

from oslo_log import log as logging

from neutron._i18n import _
from neutron.agent.linux import ip_lib
from neutron.common import exceptions as n_exc

LOG = logging.getLogger(__name__)
logger = std_logging.getLogger(__name__)


class DvrEdgeRouter(object):

    def __init__(self, router_id, snat_namespace):
        self.router_id = router_id
        self.snat_namespace = snat_namespace

    def _delete_gateway_device_if_exists(self, ns_ip_device, gw_ip_addr,
                                         snat_idx):
        # Positive: % with a tuple.
        LOG.debug("Removing gateway %s from table %d" % (gw_ip_addr, snat_idx))  # expect: DVR403

        # Positive: f-string.
        LOG.info(f"Deleting device {ns_ip_device.name}")  # expect: DVR403

        # Positive: str.format.
        LOG.warning("Gateway {} not found in {}".format(  # expect: DVR403
            gw_ip_addr, self.snat_namespace.name))

        # Negative: values passed as arguments.
        LOG.debug("Removing gateway %s from table %d", gw_ip_addr, snat_idx)

        # Negative: named placeholders with a dict argument.
        LOG.debug("Removing %(gw)s from %(dev)s",
                  {'gw': gw_ip_addr, 'dev': ns_ip_device.name})

    def add_centralized_floatingip(self, fip, fip_cidr):
        interface_name = self.get_snat_external_device_interface_name(
            self.get_ex_gw_port())
        device = ip_lib.IPDevice(interface_name,
                                 namespace=self.snat_namespace.name)
        try:
            device.addr.add(fip_cidr)
        except RuntimeError:
            # Positive: concatenation with a variable, call spans two lines.
            LOG.warning("Unable to configure IP address for floating IP "  # expect: DVR403
                        + fip['id'])
            # Positive: % with a dict.
            logger.error("Floating IP %(fip)s on %(dev)s failed" %  # expect: DVR403
                         {'fip': fip['id'], 'dev': interface_name})
            # Positive: module-level logging functions count too.
            std_logging.error("Floating IP %s failed" % fip['id'])  # expect: DVR403
            return False

        # Negative: implicit concatenation of literals is a constant.
        LOG.debug("Centralized floating IP added "
                  "to SNAT namespace %s", self.snat_namespace.name)
        # Negative: '+' between two literals is still constant.
        LOG.debug("Centralized floating IP " + "configured")  # ok: constant message
        # Negative: escaped percent in a constant message.
        LOG.info("Floating IP setup 100%% done for %s", fip['id'])
        return True

    def remove_centralized_floatingip(self, fip_cidr, level):
        # Positive: LOG.log takes the message as its second argument.
        LOG.log(level, "Removing %s" % fip_cidr)  # expect: DVR403

        # Positive: translated message formatted with %.
        LOG.error(_("Cannot remove %s from SNAT namespace") % fip_cidr)  # expect: DVR403

        # Negative: the formatting happens in an argument, not the message.
        LOG.debug("Removing %s", "%s/%s" % (fip_cidr, self.router_id))

        # Negative: a pre-built message that is reused for the exception.
        msg = _("Floating IP %s is not configured") % fip_cidr
        LOG.error(msg)  # ok: message variable, built for the exception too
        raise n_exc.FloatingIpSetupException(msg)

    def _snat_redirect_remove(self, gateway, sn_port, sn_int):
        # Negative: constant message, no values.
        LOG.debug("Removing SNAT redirect")
        # Negative: formatting outside any logging call.
        reason = "redirect for %s removed" % sn_int
        # Suppressed: not a finding.
        LOG.debug("SNAT redirect: %s" % reason)  # dvr-hints: ignore[DVR403]
