# Fixture for DVR702 (elevated-context).
# Server-side DVR helpers in the style of neutron/db/l3_dvr_db.py and
# neutron/api/rpc/handlers/l3_rpc.py (agent RPC: trusted) and REST API
# controllers in the style of neutron/api/v2/base.py (the caller is a tenant).

from neutron_lib import context as n_context
from oslo_log import log as logging

from neutron.objects import router as l3_obj
from neutron import policy

LOG = logging.getLogger(__name__)


class L3RpcCallback(object):

    def __init__(self, plugin, l3plugin, host):
        self.plugin = plugin
        self.l3plugin = l3plugin
        self.host = host
        self.ext_net_id = None

    def get_port_for_agent(self, context, port_id):
        # Agent RPC: the id comes from an agent, trusted at the message bus.
        return self.plugin.get_port(context.elevated(), port_id)  # ok: agent<->server RPC is trusted at the message bus

    def update_fip_status(self, context, fip, status):
        admin_ctx = context.elevated()
        fip_id = fip['id']
        # Agent RPC, and the result does not go back: bookkeeping.
        self.l3plugin.update_floatingip_status(admin_ctx, fip_id, status)  # ok: agent<->server RPC is trusted at the message bus

    def delete_gateway_port(self, port):
        admin_ctx = n_context.get_admin_context()
        # Agent RPC deleting a port: nothing is read back.
        self.plugin.delete_port(admin_ctx, port['id'])  # ok: agent<->server RPC is trusted at the message bus

    def get_router(self, context, **kwargs):
        ctx = n_context.get_admin_context()
        # Agent RPC with a keyword id.
        return l3_obj.Router.get_object(ctx, id=kwargs['router_id'])  # ok: agent<->server RPC is trusted at the message bus

    def get_port_as_caller(self, context, port_id):
        # Negative: the caller's own context keeps ownership checks.
        return self.plugin.get_port(context, port_id)

    def get_port_checked(self, context, port_id):
        # Negative: authorised with the caller's context first.
        policy.enforce(context, 'get_port', {'id': port_id})
        return self.plugin.get_port(context.elevated(), port_id)

    def report_router_count(self):
        # Negative: bookkeeping with no caller-chosen id.
        admin_ctx = n_context.get_admin_context()
        count = self.l3plugin.get_routers_count(admin_ctx)
        LOG.debug("Agent %s hosts %d routers", self.host, count)
        return count

    def refresh_external_network(self, context):
        # Negative: the id comes from self, not from the caller.
        admin_ctx = context.elevated()
        return self.plugin.get_network(admin_ctx, self.ext_net_id)

    def cleanup_stale_gateways(self, context):
        # Negative: ids come from a database query, not from a parameter.
        admin_ctx = context.elevated()
        for gw_port in self.plugin.get_ports(
                admin_ctx, filters={'device_owner': ['network:floatingip_agent_gateway']}):
            if not gw_port.get('binding:host_id'):
                self.plugin.delete_port(admin_ctx, gw_port['id'])

    def delete_router_for_agent(self, context, router_id):
        # Suppressed: not a finding.
        self.l3plugin.delete_router(context.elevated(), router_id)  # dvr-hints: ignore[DVR702]


class RouterStatusController(object):
    """A REST API controller: the request's id and body are the tenant's choice."""

    def __init__(self, plugin):
        self._plugin = plugin

    def show(self, request, id, **kwargs):
        # Positive: a caller-chosen id read with an admin context, returned to the caller.
        return self._plugin.get_router(request.context.elevated(), id)  # expect: DVR702

    def show_port(self, request, **kwargs):
        admin_ctx = n_context.get_admin_context()
        port = self._plugin.get_port(admin_ctx, kwargs['port_id'])  # expect: DVR702
        return {'port': port}

    def show_network(self, request, id, **kwargs):
        network = self._plugin.get_network(n_context.get_admin_context(), id)  # expect: DVR702
        LOG.debug("Showing network %s", id)
        return network

    def update(self, request, id, body=None, **kwargs):
        # Negative: bookkeeping with the admin context; nothing read goes back.
        self._plugin.update_router_status(request.context.elevated(), id, 'PENDING')
        return self._plugin.update_router(request.context, id, body)

    def show_own(self, request, id, **kwargs):
        # Negative: the caller's own context keeps ownership checks.
        return self._plugin.get_router(request.context, id)


class RouterDetailsController(object):
    """A REST API controller whose actions read through private helpers."""

    def __init__(self, plugin):
        self._plugin = plugin

    def _router_as_admin(self, router_id):
        admin_ctx = n_context.get_admin_context()
        return self._plugin.get_router(admin_ctx, router_id)

    def _touch_router(self, router_id):
        # Bookkeeping: nothing read goes back.
        self._plugin.update_router_status(n_context.get_admin_context(), router_id, 'ACTIVE')

    def show(self, request, id, **kwargs):
        # Positive: the caller's id reaches an admin-context read in the helper, and the result goes back.
        return self._router_as_admin(id)  # expect: DVR702

    def touch(self, request, id, **kwargs):
        # Negative: the helper only does bookkeeping.
        self._touch_router(id)
        return {'id': id}

    def show_checked(self, request, id, **kwargs):
        # Negative: the caller's rights are checked with its own context first.
        policy.enforce(request.context, 'get_router', {'id': id})
        return self._router_as_admin(id)
