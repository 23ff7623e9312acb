# Fixture for DVR601 (hardcoded-credential).
# Metadata proxy and VPN driver code in the style of neutron/agent/metadata.

from keystoneauth1 import loading as ks_loading
from novaclient import client as nova_client
from oslo_config import cfg
from oslo_log import log as logging

LOG = logging.getLogger(__name__)

# Positive: module constant with a secret name.
ADMIN_PASSWORD = 'n3utr0n-adm1n'  # expect: DVR601

# Negative: empty and None values.
DEFAULT_PASSWORD = ''
FALLBACK_TOKEN = None

metadata_opts = [
    # Positive: oslo.config default for a secret option.
    cfg.StrOpt('metadata_proxy_shared_secret', default='s3cr3t-proxy',  # expect: DVR601
               secret=True),
    # Negative: empty default, secret=True is not a string.
    cfg.StrOpt('nova_admin_password', default='', secret=True),
    # Negative: qualifier names.
    cfg.StrOpt('auth_strategy', default='keystone'),  # ok: qualifier name
    cfg.StrOpt('auth_url', default='http://controller:5000/v3'),  # ok: qualifier name
]


class MetadataProxyHandler(object):
    """Proxies metadata requests.

    Configure it like this (docstrings are not code):

        metadata_proxy_shared_secret = 'example-secret'
    """

    def __init__(self, conf):
        self.conf = conf
        # Positive: attribute assignment.
        self.shared_secret = 'changeme'  # expect: DVR601
        # Negative: value from configuration.
        self.admin_password = conf.nova.password
        # Negative: qualifier names.
        self.token_expiry = '2038-01-19T03:14:07Z'  # ok: qualifier name
        self.password_policy = 'strict'  # ok: qualifier name
        self.auth_type = 'password'  # ok: qualifier name, secret word is the value
        # Negative: secret word inside a longer, different word.
        self.author = 'neutron-agents'  # ok: not a secret word

    def _get_nova_client(self):
        # Positive: keyword argument.
        return nova_client.Client(
            '2.1', username='neutron', password='Neutr0nPass',  # expect: DVR601
            auth_url=self.conf.nova.auth_url)

    def _get_session(self):
        # Negative: credentials loaded from configuration.
        auth = ks_loading.load_auth_from_conf_options(self.conf, 'nova')
        return ks_loading.load_session_from_conf_options(self.conf, 'nova',
                                                         auth=auth)

    def _check_request(self, req):
        # Positive: comparison with a literal token.
        if req.headers.get('X-Auth-Token') == 'gAAAAABhardcodedtoken':  # expect: DVR601
            return True
        # Negative: compared with an empty string.
        if req.headers.get('X-Auth-Token') == '':
            return False
        # Negative: the secret word is the value, not the name.
        key = 'password'
        return self.conf.get(key) is not None


class IPsecDriver(object):

    # Positive: function default.
    def _connect(self, host, user='admin', psk='ipsec-shared-key'):  # expect: DVR601
        LOG.debug("Connecting to %s as %s", host, user)

    def _build_conn(self, conn_id):
        # Positive: dict value for a secret key.
        return {'id': conn_id, 'psk': 'Sup3rS3cret'}  # expect: DVR601

    def _example_conn(self, conn_id):
        # Negative: documentation placeholders.
        example = {'id': conn_id, 'psk': '<psk>'}
        example['password'] = '***'
        return example

    def _reset(self, conn):
        # Negative: subscript read with a secret key, not an assignment.
        old = conn['psk']
        conn['psk'] = None
        return old

    def _legacy_login(self, client):
        # Suppressed with Bandit's marker (this rule declares B106).
        client.login(user='admin', password='admin')  # nosec B106


class Tokenizer(object):
    # Negative: parser tokens and tokenizer specials, not auth tokens.
    oov_token = '[UNK]'

    def _is_lambda(self, token):
        return token == 'lambda'
