"""Server side of the DVR RPC API: the calls L3 agents make to the server."""

from neutron_lib import context as n_context
from oslo_log import log as logging
import oslo_messaging

from neutron_agent.common import exceptions as n_exc
from neutron_agent import policy

LOG = logging.getLogger(__name__)


class DVRServerRpcCallback(object):
    """Answers the DVR agents: MAC addresses, gateway ports, FIP statuses."""

    target = oslo_messaging.Target(version='1.1')

    def __init__(self, plugin, l3plugin):
        self.plugin = plugin
        self.l3plugin = l3plugin

    def get_dvr_mac_address_list(self, context):
        return self.plugin.get_dvr_mac_address_list(context)

    def get_subnet_for_dvr(self, context, subnet, fixed_ips=None):
        LOG.debug("DVR subnet %s requested in context %s", subnet, context)  # ok: agent RPC payload
        LOG.debug("Request %s carries token %s", context.request_id,  # expect: DVR401
                  context.auth_token)
        return self.plugin.get_subnet_for_dvr(context, subnet,
                                              fixed_ips=fixed_ips)

    def update_floatingip_statuses(self, context, router_id, fip_statuses):
        LOG.debug("New floating IP statuses for router %s", router_id)
        for fip_id, status in fip_statuses.items():
            self.l3plugin.update_floatingip_status(context, fip_id, status)  # ok: agent RPC is trusted at the message bus

    def update_router_ha_state(self, context, router_id, state):
        policy.enforce(context, 'update_router:ha_state', {'id': router_id})
        try:
            self.l3plugin.update_router_state(context, router_id, state)
        except n_exc.RouterNotFound as e:
            LOG.error("Cannot set HA state of router %s: %s", router_id, str(e))
            raise n_exc.RouterStateUpdateFailed(reason=str(e))

    def create_agent_gateway_port(self, context, network_id, host):
        if not context.is_admin:
            raise n_exc.AdminRequired(reason='agent gateway port creation')
        return self.l3plugin.create_fip_agent_gw_port_if_not_exists(
            context, network_id, host)

    def delete_agent_gateway_port(self, context, network_id, host):
        admin_ctx = context.elevated()
        self.l3plugin.delete_floatingip_agent_gateway_port(admin_ctx, host, network_id)  # ok: agent RPC is trusted at the message bus

    def get_port_for_agent(self, context, port_id):
        return self.plugin.get_port(context.elevated(), port_id)  # ok: agent RPC is trusted at the message bus

    def get_agent_gateway_port(self, context, network_id, host):
        policy.enforce(context, 'get_agent_gateway_port',
                       {'network_id': network_id})
        return self.l3plugin.get_agent_gw_port(context.elevated(),
                                               network_id, host)

    def get_router_sync_status(self, context, router_id):
        try:
            sync_state = self.l3plugin.get_router_sync_state(context, router_id)
        except Exception as e:
            LOG.exception("Cannot read the sync state of router %s", router_id)
            return {'router_id': router_id, 'status': 'error',
                    'reason': str(e)}  # expect: DVR304
        return {'router_id': router_id, 'status': sync_state}

    def _dvr_router_count(self):
        # Bookkeeping: no caller-chosen id reaches the admin context.
        admin_ctx = n_context.get_admin_context()
        return self.l3plugin.get_dvr_routers_count(admin_ctx)


class RouterStatusController(object):

    def __init__(self, plugin):
        self.plugin = plugin

    def index(self, context, **filters):
        return self.plugin.get_routers(context, filters=filters)

    def update(self, context, router_obj, status):
        router_obj.status = status
        router_obj.save()  # expect: DVR701


class DVRAgentStateEndpoints(object):
    """Endpoints the L3 agents report their DVR state to.

    Trusted-caller contract: only L3 agents authenticated on the management
    message bus call these methods; tenant requests never reach them.
    """

    target = oslo_messaging.Target(version='1.0')

    def __init__(self, plugin):
        self.plugin = plugin

    def update_agent_dvr_state(self, context, host, state):
        self.plugin.update_agent_dvr_state(context, host, state)
