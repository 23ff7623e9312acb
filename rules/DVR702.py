# Fixture for DVR702 (elevated-context).
# Server-side DVR helpers in the style of neutron/db/l3_dvr_db.py and
# neutron/api/rpc/handlers/l3_rpc.py.

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
        # Positive: elevated context inline with a parameter id.
        return self.plugin.get_port(context.elevated(), port_id)  # expect: DVR702

    def update_fip_status(self, context, fip, status):
        admin_ctx = context.elevated()
        fip_id = fip['id']
        # Positive: elevated context through a variable; id derived from a
        # parameter by assignment.
        self.l3plugin.update_floatingip_status(admin_ctx, fip_id, status)  # expect: DVR702

    def delete_gateway_port(self, port):
        admin_ctx = n_context.get_admin_context()
        # Positive: get_admin_context with an id read from a parameter.
        self.plugin.delete_port(admin_ctx, port['id'])  # expect: DVR702

    def get_router(self, context, **kwargs):
        ctx = n_context.get_admin_context()
        # Positive: keyword id from **kwargs.
        return l3_obj.Router.get_object(ctx, id=kwargs['router_id'])  # expect: DVR702

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
