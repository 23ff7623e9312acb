# Fixture for DVR603 (hardcoded-address).
# FIP namespace and routing code in the style of neutron/agent/l3/dvr_fip_ns.py.
# Addresses in comments are ignored, e.g. 10.20.30.40 or 8.8.4.4.

import netaddr
from oslo_log import log as logging

from neutron.agent.linux import ip_lib

LOG = logging.getLogger(__name__)

# Positive: a public DNS server.
DNS_SERVER = '8.8.8.8'  # expect: DVR603

# Positive: private ranges are routable inside clouds and collide with tenants.
INTERNAL_GATEWAY = '10.0.0.1'  # expect: DVR603
RESERVED_CIDR = netaddr.IPNetwork('172.16.0.0/12')  # expect: DVR603

# Positive: a public IPv6 address.
DNS_SERVER_V6 = '2001:4860:4860::8888'  # expect: DVR603

# Negative: link-local ranges used by DVR by design.
FIP_LL_SUBNET = '169.254.64.0/18'
METADATA_IP = '169.254.169.254'
FIP_2_RTR_IP = 'fe80::a9fe:4001'

# Negative: loopback.
LOOPBACK = '127.0.0.1'
LOOPBACK_V6 = '::1'

# Negative: documentation ranges.
EXAMPLE_V4 = ['192.0.2.10', '198.51.100.0/24', '203.0.113.7']
EXAMPLE_V6 = '2001:db8::1'

# Negative: default routes, unspecified address and netmasks.
DEFAULT_ROUTES = ('0.0.0.0/0', '::/0')
UNSPECIFIED = '0.0.0.0'
NETMASK = '255.255.255.0'
BROADCAST_MASK = '255.255.255.255'

# Negative: link-local multicast (VRRP, all-routers).
VRRP_GROUP = '224.0.0.18'
ALL_ROUTERS_V6 = 'ff02::2'

# Negative: not addresses.
AGENT_VERSION = '1.2.3'
FORWARD_SYSCTL = 'net.ipv4.ip_forward'


class FipNamespace(object):
    """Manages the FIP namespace.

    The gateway is usually something like 10.1.0.1; docstrings are ignored.
    """

    def __init__(self, ext_net_id, agent_conf):
        self.name = 'fip-' + ext_net_id
        self.agent_conf = agent_conf

    def _add_upstream_resolver(self, device_name, nameserver='1.1.1.1'):  # expect: DVR603
        device = ip_lib.IPDevice(device_name, namespace=self.name)
        # Positive: next hop literal in a route call.
        device.route.add_route('0.0.0.0/0', via='192.168.122.1')  # expect: DVR603
        return nameserver

    def _is_legacy_gateway(self, gateway_ip):
        # Positive: comparison with a hard-coded address.
        return gateway_ip == '10.10.10.1'  # expect: DVR603

    def _configured_resolver(self):
        # Negative: from configuration, validated.
        return netaddr.IPAddress(self.agent_conf.dns_redirect_server)

    def _metadata_route(self, device_name):
        # Negative: link-local metadata address.
        device = ip_lib.IPDevice(device_name, namespace=self.name)
        device.route.add_route('169.254.169.254/32', via='169.254.64.1')

    def _legacy_probe(self):
        # Suppressed: not a finding.
        return '100.64.0.1'  # dvr-hints: ignore[DVR603]


class VersionInfo(object):
    # Negative: four-part versions and OIDs are not addresses.
    __version__ = '3.5.0.1'
    AGENT_VERSION_INFO = {'version': '1.2.3.4'}

    def oid(self, x509):
        return x509.ObjectIdentifier('2.5.4.11')


class SourceFilter(object):
    # Negative: a table of networks that addresses are classified against.
    BOGONS = [netaddr.IPNetwork('10.0.0.0/8'),
              netaddr.IPNetwork('172.16.0.0/12'),
              netaddr.IPNetwork('192.168.0.0/16')]

    # Positive: single addresses in a list are still hard-coded servers.
    RESOLVERS = ['9.9.9.9', '149.112.112.112']  # expect: DVR603
