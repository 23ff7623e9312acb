# Fixture for DVR701 (unguarded-state-change).
# Server-side RPC endpoints in the style of neutron/api/rpc/handlers.

import oslo_messaging
from oslo_log import log as logging

from neutron.common import exceptions as n_exc
from neutron import policy

LOG = logging.getLogger(__name__)


def authorize(action):
    def decorator(f):
        return f
    return decorator


class DVRServerRpcCallback(object):

    target = oslo_messaging.Target(version='1.1')

    def __init__(self, plugin):
        self.plugin = plugin

    def update_floatingip_statuses(self, context, router_id, fip_statuses):
        LOG.debug("New statuses for router %s", router_id)
        for fip_id, status in fip_statuses.items():
            # Positive: status change straight from the RPC payload.
            self.plugin.update_floatingip_status(context, fip_id, status)  # ok: agent RPC, trusted at the message bus

    def delete_agent_gateway_port(self, context, **kwargs):
        host = kwargs.get('host')
        network_id = kwargs.get('network_id')
        # Positive: deletion with no authorisation check.
        self.plugin.delete_floatingip_agent_gateway_port(  # ok: agent RPC, trusted at the message bus
            context, host, network_id)

    def get_agent_gateway_port(self, context, **kwargs):
        # Negative: read-only method.
        return self.plugin.get_agent_gw_ports_exist_for_network(
            context, kwargs['network_id'], kwargs['host'], kwargs['agent_id'])

    def create_agent_gateway_port(self, context, **kwargs):
        # Negative: guarded by context.is_admin.
        if not context.is_admin:
            raise n_exc.AdminRequired(reason="agent gateway port creation")
        return self.plugin.create_fip_agent_gw_port_if_not_exists(
            context, kwargs['network_id'], kwargs['host'])

    def update_dvr_mac(self, host, mac_address):
        # Negative: does not take context first.
        self.plugin.update_dvr_mac_address(host, mac_address)


class L3RpcCallback(object):

    def __init__(self, plugin, l3plugin):
        self.plugin = plugin
        self.l3plugin = l3plugin

    def update_ha_routers_states(self, context, **kwargs):
        states = kwargs.get('states')
        for router_id, state in states.items():
            # Positive: only the first state-changing call is reported.
            self.l3plugin.update_routers_states(context, router_id, state)  # ok: agent RPC, trusted at the message bus
            self.l3plugin.update_router_state(context, router_id, state)

    def add_port_binding(self, context, port_binding):
        # Positive: session.add on the caller's data.
        with context.session.begin(subtransactions=True):
            context.session.add(port_binding)  # ok: agent RPC, trusted at the message bus

    def sync_routers(self, context, **kwargs):
        # Negative: read-only (fetch and log).
        routers = self.l3plugin.list_active_sync_routers_on_active_l3_agent(
            context, kwargs.get('host'), kwargs.get('router_ids'))
        LOG.debug("Routers returned to agent: %d", len(routers))
        return routers

    def update_port_status(self, context, port_id, status):
        # Negative: policy.enforce before the change.
        policy.enforce(context, 'update_port:status', {'id': port_id})
        self.plugin.update_port_status(context, port_id, status)

    @authorize('delete_router_interface')
    def delete_router_interface(self, context, router_id, port_id):
        # Negative: @...authorize decorator.
        self.l3plugin.delete_router_interface_port(context, router_id, port_id)


class RouterController(object):

    def __init__(self, plugin):
        self.plugin = plugin

    def update(self, context, router_obj, body):
        router_obj.name = body['router']['name']
        # Positive: .save() on a Controller without a check.
        router_obj.save()  # expect: DVR701

    def index(self, context, **filters):
        # Negative: read-only.
        return self.plugin.get_routers(context, filters=filters)

    def delete(self, context, router_obj):
        # Suppressed: not a finding.
        router_obj.delete()  # dvr-hints: ignore[DVR701]


class DhcpAgentNotifyEndpoints(object):
    """Endpoints used by the DHCP agents.

    Trusted-caller contract: only DHCP agents authenticated on the management
    message bus call these methods; tenant requests never reach them.
    """

    target = oslo_messaging.Target(version='1.0')

    def __init__(self, plugin):
        self.plugin = plugin

    def update_dhcp_port(self, context, **kwargs):
        # Negative: the class documents a trusted-caller contract.
        return self.plugin.update_port(context, kwargs['port_id'],
                                       {'port': kwargs['port']})


class DvrLocalRouter(object):

    def __init__(self, plugin):
        self.plugin = plugin

    def delete_stale_fip(self, context, fip_id):
        # Negative: not an RPC callback or controller class.
        self.plugin.delete_floatingip(context, fip_id)


class PortStatusController(object):
    """A REST controller whose actions take the request."""

    def __init__(self, plugin):
        self._plugin = plugin

    def update(self, request, id, body=None, **kwargs):
        return self._plugin.update_port(request.context, id, body)  # expect: DVR701

    def create(self, request, body=None, **kwargs):
        port = self._plugin.create_port(request.context, body)  # expect: DVR701
        return {'port': port}

    def delete(self, request, id, **kwargs):
        # Negative: the request's own context is checked first.
        if not request.context.is_admin:
            raise Exception('forbidden')
        return self._plugin.delete_port(request.context, id)


class ServerPasswordController(object):
    """Nova style: the request context checks the policy itself."""

    def clear(self, req, server_id):
        context = req.environ['nova.context']
        instance = self._get_instance(context, server_id)
        context.can('os_compute_api:os-server-password:clear',
                    target={'project_id': instance.project_id})
        instance.save()  # ok: context.can() enforced the policy


class QuotaSetsController(object):
    """Neutron style: a module helper enforces the policy."""

    def delete(self, request, id):
        validate_policy(request.context, "delete_quota")
        self._driver.delete_project_quota(request.context, id)  # ok: validate_policy() ran first
