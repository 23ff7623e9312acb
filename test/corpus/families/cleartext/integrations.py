"""Integrations of a network agent with switches, DNS and an IPAM service."""

import ftplib
import telnetlib
import xmlrpc.client
from ftplib import FTP
from telnetlib import Telnet as TelnetClient
from urllib.request import Request, urlopen

import httpx
import requests

IPAM = requests.get('http://ipam.corp.example.com/api/v1/pools', timeout=10)  # expect: DVR907
HEALTH = requests.get('http://localhost:9696/healthcheck', timeout=5)  # ok: this machine


def switch_console(host):
    return telnetlib.Telnet(host, 23, timeout=10)  # expect: DVR907


class Integrations(object):

    def __init__(self, conf):
        self.conf = conf

    def console_alias(self, host):
        return TelnetClient(host, timeout=10)  # expect: DVR907

    def backup(self, host):
        return ftplib.FTP(host, timeout=30)  # expect: DVR907

    def backup_alias(self, host):
        return FTP(host, timeout=30)  # expect: DVR907

    def dns(self, zone):
        return requests.post('http://dns.example.net/v2/zones/' + zone, timeout=10)  # expect: DVR907

    def dns_fstring(self, zone):
        return httpx.delete(f'http://dns.example.net/v2/zones/{zone}', timeout=10)  # expect: DVR907

    def dns_format(self, zone):
        return requests.get('http://dns.example.net/v2/zones/{}'.format(zone), timeout=10)  # expect: DVR907

    def legacy(self):
        return urlopen('http://192.168.10.5:8080/status', timeout=5)  # expect: DVR907

    def request_obj(self):
        return Request('http://inventory.example.org/hosts')  # expect: DVR907

    def rpc(self):
        return xmlrpc.client.ServerProxy('http://cobbler.example.org/cobbler_api')  # expect: DVR907

    def keyword_url(self):
        return requests.request('GET', url='http://ipam.corp.example.com/api/v1/ips', timeout=10)  # expect: DVR907

    # ---- safe look-alikes -------------------------------------------------

    def backup_tls(self, host):
        return ftplib.FTP_TLS(host, timeout=30)  # ok: TLS

    def dns_tls(self, zone):
        return requests.post('https://dns.example.net/v2/zones/' + zone, timeout=10)  # ok: https

    def metadata(self):
        return requests.get('http://169.254.169.254/latest/meta-data/', timeout=5)  # ok: link-local metadata

    def local(self):
        return urlopen('http://127.0.0.1:8775/', timeout=5)  # ok: this machine

    def ipv6_local(self):
        return requests.get('http://[::1]:9696/', timeout=5)  # ok: this machine

    def runtime(self, host, port):
        return requests.get('http://%s:%d/' % (host, port), timeout=5)  # ok: host from configuration

    def runtime_fstring(self):
        return requests.get(f'http://{self.conf.host}/status', timeout=5)  # ok: host from configuration

    def configured(self):
        return requests.get(self.conf.ipam_url, timeout=5)  # ok: from configuration

    def xml_namespace(self):
        return {'xmlns': 'http://www.w3.org/2000/svg'}  # ok: not a request

    def docs_link(self, log):
        log.info('See http://docs.openstack.org/neutron for details')  # ok: a message
