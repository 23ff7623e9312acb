"""Fixture for DVR901 (tls-verification-disabled).

Metadata proxy and Keystone client helpers.
"""

import ssl
from unittest import mock

import requests
import urllib3
from keystoneauth1 import session as ks_session
from six.moves.urllib import request as urlrequest

# Module level: a whole process stops verifying HTTPS.
ssl._create_default_https_context = ssl._create_unverified_context  # expect: DVR901
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # expect: DVR901


def fetch(url, **kwargs):
    # A wrapper that hides the choice from every caller.
    return requests.get(url, verify=False, timeout=10, **kwargs)  # expect: DVR901


class MetadataProxyHandler(object):

    def __init__(self, conf):
        self.conf = conf

    def _proxy_request(self, url, headers):
        return requests.request('GET', url, headers=headers,
                                verify=False, timeout=30)  # expect: DVR901

    def _session(self):
        return ks_session.Session(verify=False)  # expect: DVR901

    def _context(self):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False  # expect: DVR901
        ctx.verify_mode = ssl.CERT_NONE  # expect: DVR901
        return ctx

    def _legacy_context(self):
        return ssl._create_unverified_context()  # expect: DVR901

    def _pool(self):
        return urllib3.PoolManager(cert_reqs='CERT_NONE')  # expect: DVR901

    def _requests_session(self):
        sess = requests.Session()
        sess.verify = False  # expect: DVR901
        return sess

    # ---- negatives -------------------------------------------------------

    def _verified(self, url):
        return requests.get(url, verify=self.conf.auth_ca_cert, timeout=10)  # ok: CA bundle

    def _operator_choice(self, url):
        verify = self.conf.auth_ca_cert or not self.conf.nova_metadata_insecure
        return requests.get(url, verify=verify, timeout=10)  # ok: operator option

    def _default_context(self):
        ctx = ssl.create_default_context(cafile=self.conf.auth_ca_cert)
        ctx.check_hostname = True  # ok: turned on
        ctx.verify_mode = ssl.CERT_REQUIRED  # ok: required
        return ctx

    def _opener(self, url):
        return urlrequest.urlopen(url, timeout=10)  # ok: default context verifies

    def _checked_in_test(self, m_get):
        m_get.assert_called_once_with('https://nova:8775', verify=False)  # ok: a mock assertion

    def _mocked(self):
        return mock.patch.object(requests, 'get', verify_mock=False)  # ok: another keyword
