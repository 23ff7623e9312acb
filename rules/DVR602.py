# Fixture for DVR602 (bind-all-interfaces).
# Metadata proxy and agent servers in the style of neutron/agent/metadata.

import asyncio
import socket

import eventlet
import netaddr
from oslo_config import cfg
from oslo_log import log as logging

from neutron.agent.linux import ip_lib
from neutron.common import constants as n_const
from neutron import wsgi

LOG = logging.getLogger(__name__)

METADATA_PORT = 9697

proxy_opts = [
    # Positive: bind_host option defaulting to every interface.
    cfg.StrOpt('bind_host', default='0.0.0.0'),  # expect: DVR602
    # Negative: a loopback default.
    cfg.StrOpt('metadata_host', default='127.0.0.1'),
]


class NetworkMetadataProxyHandler(object):

    # Positive: function default for a host parameter.
    def __init__(self, conf, host='::', port=METADATA_PORT):  # expect: DVR602
        self.conf = conf
        self.host = host
        self.port = port

    def run_eventlet(self):
        # Positive: listen() on all IPv4 interfaces.
        sock = eventlet.listen(('0.0.0.0', self.port))  # expect: DVR602
        eventlet.wsgi.server(sock, self)

    def run_socket(self):
        # Positive: bind() on all IPv4 interfaces.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(('0.0.0.0', self.port))  # expect: DVR602
        sock.listen(128)
        return sock

    def run_wsgi(self, app):
        # Positive: host keyword for a wsgi server.
        server = wsgi.Server('neutron-metadata-proxy')
        server.start(app, self.port, host='0.0.0.0')  # expect: DVR602
        return server

    async def run_asyncio(self, handler):
        # Positive: create_server on all IPv6 interfaces.
        loop = asyncio.get_running_loop()
        return await loop.create_server(handler, '::', self.port)  # expect: DVR602

    def run_configured(self, app):
        # Negative: address from configuration.
        server = wsgi.Server('neutron-metadata-proxy')
        server.start(app, self.port, host=self.conf.bind_host)
        return server

    def run_loopback(self):
        # Negative: loopback bind.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(('127.0.0.1', self.port))
        return sock

    def run_legacy(self):
        # Suppressed with Bandit's marker (this rule declares B104).
        return eventlet.listen(('0.0.0.0', self.port))  # nosec B104


class DvrEdgeRouter(object):

    def __init__(self, iptables_manager, ns_name):
        self.iptables_manager = iptables_manager
        self.ns_name = ns_name

    def _add_snat_rules(self, ex_gw_ip, interface_name):
        # Negative: the default route in an iptables rule is not a bind.
        self.iptables_manager.ipv4['nat'].add_rule(
            'snat', '-s 0.0.0.0/0 -o %s -j SNAT --to-source %s' % (
                interface_name, netaddr.IPAddress(ex_gw_ip)))

    def _gateway_is_unset(self, gateway_ip):
        # Negative: comparison, not a bind.
        return gateway_ip in ('0.0.0.0', '::')

    def _add_default_route(self, device_name):
        # Negative: '0.0.0.0' passed to a route helper.
        device = ip_lib.IPDevice(device_name, namespace=self.ns_name)
        device.route.add_route('0.0.0.0/0', via=n_const.METADATA_V4_IP)
        device.route.delete_gateway('0.0.0.0')
