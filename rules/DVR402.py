# Fixture for DVR402 (payload-object-in-log).
# DVR edge router code in the style of neutron/agent/l3/dvr_edge_router.py.

import os

from neutron_lib import constants
from oslo_log import log as logging

from neutron.agent.l3 import dvr_local_router
from neutron.agent.linux import ip_lib
from neutron.common import utils as common_utils

LOG = logging.getLogger(__name__)


class DvrEdgeRouter(dvr_local_router.DvrLocalRouter):

    def __init__(self, host, *args, **kwargs):
        super(DvrEdgeRouter, self).__init__(host, *args, **kwargs)
        self.snat_namespace = None
        self.snat_iptables_manager = None

    def external_gateway_added(self, ex_gw_port, interface_name):
        # Positive: the whole gateway port dict.
        LOG.debug("Adding external gateway %s", ex_gw_port)  # ok: a payload the server built (threat model 'parameters' reports it)

        # Negative: a single field of the gateway port.
        LOG.debug("Adding external gateway port %s on %s",
                  ex_gw_port['id'], interface_name)

    def internal_network_added(self, port):
        # Positive: whole object inside a dict of named arguments.
        LOG.debug("Internal network %(port)s added to %(router)s",  # ok: a payload the server built (threat model 'parameters' reports it)
                  {'port': port, 'router': self.router_id})

        # Negative: fields and identifier variables only.
        port_id = port['id']
        LOG.debug("Internal port %(id)s has MTU %(mtu)s",
                  {'id': port_id, 'mtu': port.get('mtu')})

        sn_port = self.get_snat_port_for_internal_port(port)
        if not sn_port:
            # Positive: any name ending in _port is a port dict.
            LOG.warning("No SNAT port for internal port on %s: %s",  # ok: a payload the server built (threat model 'parameters' reports it)
                        self.router_id, sn_port)
            return

    def _start_proxy(self, bind_host, bind_port):
        # Negative: a port number, not a port dict (never read as a mapping).
        LOG.info("Metadata proxy listening on %s:%s", bind_host, bind_port)

    def _log_listener(self, listener):
        # Negative: an attribute named port is a number.
        LOG.debug("Listener on port %s", listener.protocol_port)

    def _attach(self, port, compute_id):
        # Negative: only the port's id is logged.
        LOG.debug("Attaching port %s to %s", port[constants.ID], compute_id)
        port_id = port[constants.ID]
        return port_id

    def _process_router(self, context, router):
        # Positive: the request context (can carry the auth token).
        LOG.debug("Processing router in context %s", context)  # ok: a payload the server built (threat model 'parameters' reports it)

        # Positive: attribute form, self.router is the router dict.
        LOG.debug("Router state before update: %s", self.router)  # ok: a payload the server built (threat model 'parameters' reports it)

        # Positive: interpolated with % into the message.
        LOG.info("Router payload: %s" % router)  # ok: a payload the server built (threat model 'parameters' reports it)

        # Negative: single fields of the router and the context.
        LOG.debug("Processing router %s for project %s",
                  router['id'], context.project_id)

        # Negative: passing the object to a non-logging call is fine.
        self._update_routing_table(router)

    def add_centralized_floatingip(self, fip, fip_cidr):
        # Positive: the floating IP dict, logged with an f-string.
        LOG.debug(f"Adding centralized floating IP {fip}")  # ok: a payload the server built (threat model 'parameters' reports it)

        # Negative: a field of the floating IP.
        LOG.debug("Adding centralized floating IP %s (%s)",
                  fip['floating_ip_address'], fip_cidr)

        interface_name = self.get_snat_external_device_interface_name(
            self.get_ex_gw_port())
        device = ip_lib.IPDevice(interface_name,
                                 namespace=self.snat_namespace.name)
        try:
            device.addr.add(fip_cidr)
        except RuntimeError:
            # Negative: a count is not a payload.
            LOG.warning("Unable to configure IP address for floating IP "
                        "%s, %d addresses present", fip['id'],
                        len(device.addr.list()))
        common_utils.wait_until_true(lambda: True)

    def update_subnet(self, subnet, body):
        # Positive: the subnet dict as a tuple argument.
        LOG.debug("Subnet update %s", (subnet['id'], subnet))  # ok: a payload the server built (threat model 'parameters' reports it)

        # Negative: identifiers only.
        LOG.debug("Subnet %s gateway %s", subnet['id'],
                  subnet.get('gateway_ip'))

        # Suppressed: accepted during an incident, not a finding.
        LOG.debug("Raw body %s", body)  # dvr-hints: ignore[DVR402]


class RouterController(object):
    """A REST controller: the request and its body come from the tenant."""

    def create(self, request, body=None, **kwargs):
        LOG.debug("Create router request %s", body)  # expect: DVR402
        return self._plugin.create_router(request.context, body)

    def update(self, request, id, body=None, **kwargs):
        LOG.info("Update of %s from %s", id, request)  # expect: DVR402
        return self._plugin.update_router(request.context, id, body)


class PortDbMixin(object):

    def create_port(self, context, port):
        LOG.debug("Creating port %s", port)  # expect: DVR402
        return port


def setup_remote_debugger():
    debugger_port = os.environ.get('DEBUGGER_PORT')
    LOG.warning('Connecting to the debugger on port %s', debugger_port)  # ok: an operator's port number, not a payload
