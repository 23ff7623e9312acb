"""Safe look-alike: an agent<->server RPC callback reads through an admin-context helper (the bus is trusted)."""
import oslo_messaging
from neutron_lib import context as n_context


class DhcpRpcCallback(object):

    target = oslo_messaging.Target(version='1.8')

    def __init__(self, plugin):
        self.plugin = plugin

    def _port_as_admin(self, port_id):
        admin = n_context.get_admin_context()
        return self.plugin.get_port(admin, port_id)

    def get_port(self, context, port_id, **kwargs):
        return self._port_as_admin(port_id)  # ok: DVR702
