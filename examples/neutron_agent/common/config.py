"""Configuration options of the DVR L3 agent and its metadata proxy."""

from oslo_config import cfg

DEFAULT_METADATA_PORT = 9697

# Link-local addresses: DVR uses them for the metadata service and for the
# router-to-FIP veth pairs, by design.
METADATA_V4_IP = '169.254.169.254'
METADATA_V6_IP = 'fe80::a9fe:a9fe'
FIP_LL_SUBNET = '169.254.64.0/18'
DEFAULT_ROUTE_V4 = '0.0.0.0/0'

# Keystone's well-known admin token from the installation guide.
ADMIN_TOKEN = 'ADMIN'  # expect: DVR601

metadata_proxy_opts = [
    cfg.StrOpt('bind_host', default='0.0.0.0',  # expect: DVR602
               help='IP address the metadata proxy listens on.'),
    cfg.PortOpt('bind_port', default=DEFAULT_METADATA_PORT,
                help='TCP port the metadata proxy listens on.'),
    cfg.StrOpt('nova_metadata_host', default='127.0.0.1',
               help='Where the Nova metadata API runs.'),
    cfg.StrOpt('metadata_proxy_shared_secret', default='dvr-metadata-s3cret',  # expect: DVR601
               secret=True,
               help='Shared secret to sign instance-id requests.'),
    cfg.StrOpt('nova_admin_password', default='', secret=True,
               help='Password of the Nova admin user.'),
    cfg.StrOpt('auth_strategy', default='keystone',
               help='The type of authentication to use.'),
    cfg.StrOpt('auth_url', default='http://controller:5000/v3',
               help='Keystone endpoint.'),
]

dvr_opts = [
    cfg.ListOpt('snat_dns_servers', default=['8.8.8.8', '8.8.4.4'],  # expect: DVR603
                help='Resolvers the SNAT namespace hands to dnsmasq.'),
    cfg.StrOpt('fip_link_local_cidr', default=FIP_LL_SUBNET,
               help='Link-local range for the rfp-/fpr- veth pairs.'),
    cfg.IntOpt('max_snat_ports_per_sync', default=64,
               help='Upper bound of SNAT ports configured per sync.'),
]


def register_opts(conf=cfg.CONF):
    conf.register_opts(metadata_proxy_opts)
    conf.register_opts(dvr_opts, group='dvr')
