"""HTTP clients of a DNS integration and a metadata fetcher."""

import http.client
import socket
import urllib.request

import httpx
import requests
from requests import get as http_get

from oslo_config import cfg

CONF = cfg.CONF

VERSION = requests.get('https://designate.example.org/').json()  # expect: DVR509


def fetch(url):
    return http_get(url).json()  # expect: DVR509


class DnsClient(object):

    def __init__(self, conf):
        self.conf = conf

    def create(self, url, body):
        return requests.post(url, json=body)  # expect: DVR509

    def update(self, url, body):
        return requests.put(url, json=body, headers={'X-Auth-Token': self.conf.token})  # expect: DVR509

    def delete(self, url):
        return requests.delete(url)  # expect: DVR509

    def patch(self, url, body):
        return requests.patch(url, json=body)  # expect: DVR509

    def head(self, url):
        return requests.head(url)  # expect: DVR509

    def generic(self, method, url):
        return requests.request(method, url)  # expect: DVR509

    def urlopen(self, url):
        return urllib.request.urlopen(url).read()  # expect: DVR509

    def httpx_none(self, url):
        return httpx.post(url, timeout=None)  # expect: DVR509

    def client_none(self):
        return httpx.Client(timeout=None)  # expect: DVR509

    def raw_conn(self, host):
        return http.client.HTTPSConnection(host)  # expect: DVR509

    def socket_conn(self, host, port):
        return socket.create_connection((host, port))  # expect: DVR509

    def explicit_none(self, url):
        return requests.get(url, timeout=None)  # expect: DVR509

    # ---- safe look-alikes -------------------------------------------------

    def create_bounded(self, url, body):
        return requests.post(url, json=body, timeout=self.conf.timeout)  # ok: timeout

    def tuple_timeout(self, url):
        return requests.get(url, timeout=(3.05, 27))  # ok: timeout

    def kwargs(self, url, **kwargs):
        return requests.get(url, **kwargs)  # ok: may carry it

    def httpx_default(self, url):
        return httpx.get(url)  # ok: default timeout

    def httpx_client(self):
        return httpx.Client(base_url='https://dns')  # ok: default timeout

    def urlopen_bounded(self, url):
        return urllib.request.urlopen(url, timeout=10).read()  # ok: timeout

    def raw_conn_bounded(self, host):
        return http.client.HTTPSConnection(host, timeout=10)  # ok: timeout

    def socket_bounded(self, host, port):
        return socket.create_connection((host, port), timeout=5)  # ok: timeout

    def session(self, sess, url):
        return sess.get(url)  # ok: not known

    def dict_get(self, data, key):
        return data.get(key)  # ok: not HTTP
