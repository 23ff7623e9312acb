"""Safe look-alike: a REST controller passes only the resource id (a UUID) to the namespace helper."""
import subprocess


class RouterDiagnosticsController(object):

    def _namespace_addresses(self, router_id):
        namespace = 'qrouter-%s' % router_id
        return subprocess.check_output('ip netns exec %s ip -o addr' % namespace, shell=True)

    def show(self, request, id):
        return {'addresses': self._namespace_addresses(id).decode()}  # ok: DVR101
