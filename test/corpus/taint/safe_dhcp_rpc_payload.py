"""Safe look-alike: DHCP agent notification handler; the payload comes from the server over RPC."""
import subprocess

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class DhcpAgentNotifyHandler(object):

    def __init__(self, conf):
        self.conf = conf

    def _pid_file(self, network_id):
        return '%s/%s/pid' % (self.conf.dhcp_confs, network_id)

    def _reload_allocations(self, network_id):
        with open(self._pid_file(network_id)) as f:
            pid = int(f.read().strip())
        subprocess.check_call(['kill', '-HUP', str(pid)])

    def _write_hosts(self, network_id, mac, address):
        subprocess.check_call(['dhcp_release', 'tap' + network_id[:11], address, mac])

    def port_update_end(self, context, payload):
        port = payload['port']
        self._write_hosts(port['network_id'], port['mac_address'], port['fixed_ips'][0]['ip_address'])  # ok: DVR102
        self._reload_allocations(port['network_id'])  # ok: DVR102
