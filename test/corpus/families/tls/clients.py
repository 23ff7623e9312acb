"""HTTP clients of an agent: Nova metadata, Designate and an SDN controller."""

import ssl
import urllib.request

import httpx
import requests
import urllib3
from keystoneauth1 import session as ks_session
from requests.packages.urllib3 import disable_warnings

from oslo_config import cfg

CONF = cfg.CONF

requests.packages.urllib3.disable_warnings()  # expect: DVR901
disable_warnings()  # expect: DVR901
DEFAULT_CONTEXT = ssl.create_default_context()  # ok: verifies


def get_json(url, **kwargs):
    return requests.get(url, verify=False, timeout=30, **kwargs).json()  # expect: DVR901


class ControllerClient(object):

    def __init__(self, conf):
        self.conf = conf
        self.session = requests.Session()

    def insecure_session(self):
        self.session.verify = False  # expect: DVR901

    def post(self, url, body):
        return self.session.post(url, json=body, verify=False, timeout=30)  # expect: DVR901

    def httpx_get(self, url):
        return httpx.get(url, verify=False, timeout=30)  # expect: DVR901

    def httpx_client(self):
        return httpx.Client(verify=False, timeout=30)  # expect: DVR901

    def keystone(self, auth):
        return ks_session.Session(auth=auth, verify=False)  # expect: DVR901

    def raw_context(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False  # expect: DVR901
        context.verify_mode = ssl.CERT_NONE  # expect: DVR901
        return context

    def urlopen(self, url):
        return urllib.request.urlopen(url, context=ssl._create_unverified_context(), timeout=30)  # expect: DVR901

    def pool(self):
        return urllib3.PoolManager(cert_reqs=ssl.CERT_NONE, assert_hostname=False)  # expect: DVR901

    def wrap(self, sock):
        return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)  # expect: DVR901

    # ---- safe look-alikes -------------------------------------------------

    def verified(self, url):
        return requests.get(url, verify=True, timeout=30)  # ok: verifies

    def ca_bundle(self, url):
        return requests.get(url, verify=self.conf.ca_file, timeout=30)  # ok: CA bundle

    def operator_choice(self, url):
        return requests.get(url, verify=not self.conf.insecure, timeout=30)  # ok: operator option

    def keystone_conf(self, auth):
        return ks_session.Session(auth=auth, verify=CONF.keystone.cafile)  # ok: CA bundle

    def required(self):
        context = ssl.create_default_context(cafile=self.conf.ca_file)
        context.verify_mode = ssl.CERT_REQUIRED  # ok: required
        context.check_hostname = True  # ok: turned on
        return context

    def pool_required(self):
        return urllib3.PoolManager(cert_reqs='CERT_REQUIRED', ca_certs=self.conf.ca_file)  # ok: required

    def verify_flag(self, checker, data):
        return checker.validate(data, strict=False)  # ok: unrelated keyword

    def assert_called(self, m_get):
        m_get.assert_called_once_with('https://controller', verify=False, timeout=30)  # ok: mock assertion

    def verified_httpx(self, url):
        return httpx.get(url, verify=self.conf.ca_file, timeout=30)  # ok: CA bundle
