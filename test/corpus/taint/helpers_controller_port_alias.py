"""REST extension: renames the host-side device of a port through a private helper."""
import subprocess


class PortDeviceController(object):

    def _ns_exec(self, namespace, command):
        full = 'ip netns exec %s %s' % (namespace, command)
        return subprocess.check_output(full, shell=True)

    def _set_alias(self, namespace, device, alias):
        return self._ns_exec(namespace, 'ip link set dev %s alias "%s"' % (device, alias))

    def update(self, request, id, body):
        port = body['port']
        namespace = 'qdhcp-' + port['network_id']
        self._set_alias(namespace, 'tap' + id[:11], port['description'])  # expect: DVR101
        return port
