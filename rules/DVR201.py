"""Fixture for DVR201 (unchecked-rpc-payload).

Gateway, ARP and floating IP handling in the style of
neutron/agent/l3/dvr_edge_router.py and dvr_local_router.py.
"""

from neutron_lib import constants as lib_constants
from oslo_log import log as logging

from neutron.agent.l3 import dvr_local_router
from neutron.agent.linux import ip_lib
from neutron.common import utils as common_utils
from nova.api.openstack.compute.schemas import aggregates as aggregate_schema
from nova.api import validation

LOG = logging.getLogger(__name__)


class DvrEdgeRouter(dvr_local_router.DvrLocalRouter):

    # ---- positives -------------------------------------------------------

    def external_gateway_added(self, ex_gw_port, interface_name):
        gw_ip = ex_gw_port['fixed_ips'][0]['ip_address']  # ok: a payload the server built (threat model 'parameters' reports it)
        self._add_snat_rules(gw_ip, interface_name)

    def external_gateway_updated(self, ex_gw_port, interface_name):
        ip_cidr = common_utils.ip_to_cidr(
            ex_gw_port['fixed_ips'][0]['ip_address'],  # ok: a payload the server built (threat model 'parameters' reports it)
            ex_gw_port['fixed_ips'][0]['prefixlen'])  # ok: a payload the server built (threat model 'parameters' reports it)
        self._update_gateway_address(ip_cidr, interface_name)

    def get_gw_port_host(self, router):
        return router['gw_port']['binding:host_id']  # ok: a payload the server built (threat model 'parameters' reports it)

    def add_arp_entry(self, context, payload):
        router_id = payload['router_id']
        ip = payload['arp_table']['ip_address']  # ok: a payload the server built (threat model 'parameters' reports it)
        self._update_arp_entry(router_id, ip, 'add')

    def internal_network_added(self, port):
        if port.get('id'):
            # The .get guards another path, not 'subnets'.
            cidr = port['subnets'][0]['cidr']  # ok: a payload the server built (threat model 'parameters' reports it)
            self._add_internal_route(port['id'], cidr)

    def get_snat_port(self, snat_ports):
        return snat_ports[0]  # ok: a payload the server built (threat model 'parameters' reports it)

    def first_router(self, routers):
        if routers:
            return routers[0]  # ok: the list's truthiness guards the index

    def process_gw_info(self, gw_info):
        try:
            subnet_id = gw_info['external_fixed_ips'][0]['subnet_id']  # ok: a payload the server built (threat model 'parameters' reports it)
        except ValueError:
            return None
        return subnet_id

    def add_subnet_routes(self, subnet):
        nexthop = (
            subnet['host_routes'][0]['nexthop'])  # ok: a payload the server built (threat model 'parameters' reports it)
        return nexthop

    # ---- negatives -------------------------------------------------------

    def external_gateway_removed(self, ex_gw_port, interface_name):
        port_id = ex_gw_port['id']  # ok: single-key read
        for fixed_ip in ex_gw_port['fixed_ips']:  # ok: single-key read
            LOG.debug("Removing %s from %s", fixed_ip['ip_address'], port_id)

    def get_internal_device_name(self, port):
        return 'qr-' + port['id'][:11]  # ok: single key, then a slice

    def set_gateway_address(self, ex_gw_port):
        if ex_gw_port.get('fixed_ips'):
            return ex_gw_port['fixed_ips'][0]['ip_address']  # ok: guarded by .get on that path

    def get_gw_host_checked(self, router):
        if 'gw_port' in router:
            return router['gw_port']['binding:host_id']  # ok: guarded by an in test

    def first_fixed_ip(self, port):
        if len(port['fixed_ips']) > 0:
            return port['fixed_ips'][0]['ip_address']  # ok: guarded by a len check

    def internal_network_removed(self, port):
        if not port['subnets']:
            return
        cidr = port['subnets'][0]['cidr']  # ok: early return guards the path
        self._remove_internal_route(port['id'], cidr)

    def update_fip(self, fip):
        try:
            fixed = fip['port_details']['fixed_ips'][0]  # ok: enclosing try catches KeyError
        except (KeyError, IndexError):
            return lib_constants.FLOATINGIP_STATUS_ERROR
        return fixed

    def move_fip(self, fip):
        try:
            return fip['port_details']['mac_address']  # ok: enclosing try catches LookupError
        except LookupError:
            return None

    def update_router_info(self, router_info):
        try:
            return router_info['gw_port']['network_id']  # ok: enclosing try catches Exception
        except Exception:
            LOG.exception("Malformed router info")
            return None

    def _get_gw_ip(self, ex_gw_port):
        return ex_gw_port['fixed_ips'][0]['ip_address']  # ok: private helper

    def apply_qos(self, qos_policy):
        return qos_policy['rules'][0]['max_kbps']  # ok: name does not say RPC payload

    def get_ex_gw_ip(self):
        return self.router['gw_port']['fixed_ips'][0]['ip_address']  # ok: self attribute, not a parameter

    def find_snat_port(self, snat_ports, subnet_id):
        for p in snat_ports:
            if p['fixed_ips'][0]['subnet_id'] == subnet_id:  # ok: loop variable, not the parameter
                return p
        return None

    def gateway_device(self, ex_gw_port):
        return ip_lib.IPDevice(self.get_external_device_name(ex_gw_port['id']))  # ok: single-key read

    # ---- suppressed ------------------------------------------------------

    def get_centralized_fip_cidr(self, fip):
        return fip['fixed_ips'][0]['ip_address'] + '/32'  # dvr-hints: ignore[DVR201]


def get_gateway_ip(ex_gw_port):
    return ex_gw_port['fixed_ips'][0]['ip_address']  # ok: module-level function, not a method


class RouterDebugController(object):
    """A REST controller: the request body is whatever the tenant sent."""

    def create(self, request, body=None, **kwargs):
        cidr = body['router']['routes'][0]['destination']  # expect: DVR201
        return {'cidr': cidr}

    def update(self, request, id, body=None, **kwargs):
        return body['router']['name']  # expect: DVR201

    def create_checked(self, request, body=None, **kwargs):
        if 'router' not in body or not body['router'].get('routes'):
            raise ValueError('no routes')
        return body['router']['routes'][0]  # ok: guarded


class AggregateController(object):
    """Nova style: a JSON schema checks the body before the action runs."""

    @validation.schema(aggregate_schema.create)
    def create(self, req, body):
        return body['aggregate']['name']  # ok: the schema requires the keys


class PortDbMixin(object):
    """Plugin API methods get the API body of their resource."""

    def create_port(self, context, port):
        return port['port']['fixed_ips'][0]['subnet_id']  # expect: DVR201
