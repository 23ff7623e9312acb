# Fixture for DVR401 (secret-in-log).
# Metadata proxy / VPN helpers in the style of neutron/agent/metadata and
# neutron/agent/l3.

import logging as std_logging

from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import strutils

from neutron.agent.linux import ip_lib

LOG = logging.getLogger(__name__)
logger = std_logging.getLogger('neutron.agent.l3.vpn')


class MetadataProxyHandler(object):

    def __init__(self, conf):
        self.conf = conf
        self.auth_url = conf.keystone_authtoken.auth_url
        self.token_expiry = conf.keystone_authtoken.token_expiry

    def _proxy_request(self, context, instance_id, tenant_id, req):
        # Positive: a keystone token taken from the request context.
        LOG.debug("Proxying request for %s with token %s",  # expect: DVR401
                  instance_id, context.auth_token)

        # Positive: the shared secret from configuration.
        LOG.debug("Signing with %s",  # expect: DVR401
                  self.conf.metadata_proxy_shared_secret)

        # Positive: the secret word is a dict key of a header map.
        LOG.debug("Forwarding header %s", req.headers['X-Auth-Token'])  # expect: DVR401

        # Negative: only identifiers are logged.
        LOG.debug("Proxying metadata request for instance %s of %s",
                  instance_id, tenant_id)

        # Negative: qualifier names, the secret word is not the noun.
        LOG.debug("Keystone endpoint %s, tokens expire at %s",  # ok: qualifier names
                  self.auth_url, self.token_expiry)
        LOG.info("Using auth strategy %s", cfg.CONF.auth_strategy)  # ok: qualifier name

        # Negative: the word only appears in constant prose.
        LOG.info("Rotated the metadata proxy shared secret")  # ok: no value logged

    def _build_headers(self, password, user):
        # Positive: a parameter called password, via a named placeholder.
        LOG.debug("Authenticating %(user)s with %(password)s",  # expect: DVR401
                  {'user': user, 'password': password})

        # Negative: masked before it reaches the log.
        LOG.debug("Authenticating with %s",
                  strutils.mask_password(password))  # ok: masked

        # Positive: f-string that interpolates the secret.
        LOG.warning(f"Falling back to password {password}")  # expect: DVR401


class IPsecSiteConnectionDriver(object):

    def __init__(self, namespace):
        self.namespace = namespace
        self.password_policy = 'strict'

    def sync(self, conn, credentials):
        # Positive: VPN pre-shared key read from the RPC payload.
        logger.info("Connection %s psk=%s", conn['id'], conn['psk'])  # expect: DVR401

        # Positive: .get() with a secret key.
        std_logging.warning("Peer secret %s", conn.get('secret'))  # expect: DVR401

        # Positive: print counts as a logging call.
        print("credentials:", credentials)  # expect: DVR401

        # Negative: dict masked with mask_dict_password.
        LOG.debug("Connection settings %s",
                  strutils.mask_dict_password(credentials))  # ok: masked

        # Negative: qualifier name.
        LOG.debug("Password policy is %s", self.password_policy)  # ok: qualifier name

        # Negative: 'author' contains 'auth' but is a different word.
        author = conn.get('description_author')
        LOG.debug("Connection created by %s", author)  # ok: not a secret word

        # Negative: the secret goes to a non-logging call.
        ip_lib.IPWrapper(namespace=self.namespace).netns.execute(
            ['ipsec', 'auto', '--replace', conn['id']],
            process_input=conn['psk'], run_as_root=True)

        # Negative: a count of tokens says nothing about any token.
        num_tokens = len(conn.get('tokens', []))
        LOG.debug("Connection %s has %d tokens", conn['id'], num_tokens)

        # Suppressed: reviewed and accepted, so not a finding.
        LOG.debug("Debug-only dump of %s", conn['psk'])  # dvr-hints: ignore[DVR401]
