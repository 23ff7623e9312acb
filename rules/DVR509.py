"""Fixture for DVR509 (no-timeout).

Clients of the Nova metadata API and of an external IPAM service.
"""

import socket
import urllib.request
from urllib.request import urlopen as fetch_url

import httpx
import requests
from requests import post

from oslo_config import cfg

CONF = cfg.CONF

# Module level: the agent asks the IPAM service once at import time.
IPAM_VERSION = requests.get('https://ipam.example.org/version').json()  # expect: DVR509


def get_json(url, headers=None):
    # A wrapper: every caller inherits the missing timeout.
    return requests.get(url, headers=headers).json()  # expect: DVR509


class IpamClient(object):

    def __init__(self, conf):
        self.conf = conf

    def allocate(self, url, body):
        return post(url, json=body)  # expect: DVR509

    def release(self, url):
        return requests.request('DELETE', url)  # expect: DVR509

    def legacy(self, url):
        return urllib.request.urlopen(url).read()  # expect: DVR509

    def alias(self, url):
        return fetch_url(url).read()  # expect: DVR509

    def httpx_forever(self, url):
        return httpx.get(url, timeout=None)  # expect: DVR509

    def connect(self, host, port):
        return socket.create_connection((host, port))  # expect: DVR509

    # ---- negatives -------------------------------------------------------

    def allocate_bounded(self, url, body):
        return post(url, json=body, timeout=self.conf.ipam_timeout)  # ok: timeout

    def forwarded(self, url, **kwargs):
        return requests.get(url, **kwargs)  # ok: kwargs may carry it

    def httpx_default(self, url):
        return httpx.get(url)  # ok: httpx has a default timeout

    def urlopen_positional(self, url):
        return urllib.request.urlopen(url, None, 10).read()  # ok: positional timeout

    def connect_bounded(self, host, port):
        return socket.create_connection((host, port), 5)  # ok: positional timeout

    def session_call(self, session, url):
        return session.get(url)  # ok: a session, not checked

    def mock_check(self, m_get, url):
        m_get.assert_called_once_with(url)  # ok: not a request
