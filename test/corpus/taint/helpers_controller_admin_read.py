"""REST extension controller: the details view reads the router through a private helper."""
from neutron_lib import context as n_context


class RouterDetailsController(object):

    def __init__(self, plugin):
        self._plugin = plugin

    def _load(self, router_id):
        admin = n_context.get_admin_context()
        router = self._plugin.get_router(admin, router_id)
        return router

    def _summary(self, router_id):
        router = self._load(router_id)
        return {'id': router['id'], 'routes': router['routes']}

    def show(self, request, id, **kwargs):
        return {'router': self._summary(id)}  # expect: DVR702
