# fixture-path: neutron/tests/unit/agent/test_creds.py
# Fixture for DVR601 under tests/: literals are still reported, at low
# severity (and low confidence).

from unittest import mock

from neutron.agent.metadata import agent
from neutron.tests import base

# Positive (low): module constant in a test module.
FAKE_PASSWORD = 'fake-password'  # expect: DVR601(severity:low)

# Negative: empty and None.
EMPTY_TOKEN = ''
NO_SECRET = None


class TestMetadataProxyHandler(base.BaseTestCase):

    def setUp(self):
        super(TestMetadataProxyHandler, self).setUp()
        self.conf = mock.Mock()
        # Positive (low): attribute assignment.
        self.conf.metadata_proxy_shared_secret = 'secret'  # expect: DVR601(severity:low)
        # Negative: qualifier name.
        self.conf.auth_url = 'http://keystone:5000/v3'  # ok: qualifier name
        self.handler = agent.MetadataProxyHandler(self.conf)

    def test_sign_instance_id(self):
        # Positive (low): keyword argument.
        sig = self.handler._sign_instance_id('foo', secret='secret')  # expect: DVR601(severity:low)
        self.assertTrue(sig)

    def test_token_header(self, token='fake-token'):  # expect: DVR601(severity:low)
        # Positive (low): the default above and the comparison below.
        self.handler.conf.auth_token = token
        if self.conf.auth_token == 'fake-keystone-token':  # expect: DVR601(severity:low)
            return

    def test_placeholders(self):
        # Negative: documentation placeholders and empty strings.
        conn = {'psk': '<psk>', 'password': '***', 'token': ''}
        self.assertEqual(3, len(conn))

    def test_suppressed(self):
        # Suppressed: not a finding.
        self.conf.admin_password = 'dummy'  # nosec
