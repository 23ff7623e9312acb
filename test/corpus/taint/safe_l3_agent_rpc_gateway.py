"""Safe look-alike: L3 agent code fed by the server's RPC payload (trusted at the message bus)."""
import subprocess

from neutron.agent.linux import utils

INTERNAL_DEV_PREFIX = 'qr-'
EXTERNAL_DEV_PREFIX = 'qg-'
DEV_NAME_LEN = 14


class RouterInfo(object):

    def __init__(self, router):
        self.router = router
        self.ns_name = 'qrouter-' + router['id']

    def get_external_device_name(self, port_id):
        return (EXTERNAL_DEV_PREFIX + port_id)[:DEV_NAME_LEN]

    def _send_gratuitous_arp(self, device, address):
        cmd = 'ip netns exec %s arping -U -c 3 -I %s %s' % (self.ns_name, device, address)
        subprocess.check_call(cmd, shell=True)

    def _add_default_route(self, gateway_ip):
        utils.execute(['ip', 'netns', 'exec', self.ns_name, 'ip', 'route', 'replace', 'default', 'via', gateway_ip], run_as_root=True)

    def process_external(self):
        gw_port = self.router.get('gw_port')
        if not gw_port:
            return
        device = self.get_external_device_name(gw_port['id'])
        address = gw_port['fixed_ips'][0]['ip_address']
        self._send_gratuitous_arp(device, address)  # ok: DVR101
        self._add_default_route(gw_port['subnets'][0]['gateway_ip'])  # ok: DVR102
