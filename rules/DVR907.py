"""Fixture for DVR907 (cleartext-protocol).

Switch configuration backup and an external DNS integration.
"""

import ftplib
import telnetlib
from ftplib import FTP as PlainFtp
from urllib import request as urlrequest

import requests

METADATA_URL = 'http://169.254.169.254/openstack/latest/meta_data.json'  # ok: not a call

# Module level: the DNS service is asked once at import time.
ZONES = requests.get('http://dns.example.org/v2/zones', timeout=10).json()  # expect: DVR907


def telnet(host, port=23):
    # A wrapper every switch driver uses.
    return telnetlib.Telnet(host, port, timeout=10)  # expect: DVR907


class SwitchBackup(object):

    def __init__(self, conf):
        self.conf = conf

    def upload(self, host):
        ftp = ftplib.FTP(host, timeout=30)  # expect: DVR907
        ftp.login(self.conf.ftp_user, self.conf.ftp_password)
        return ftp

    def upload_alias(self, host):
        return PlainFtp(host)  # expect: DVR907

    def notify(self, zone):
        return requests.post(f'http://dns.example.org/v2/zones/{zone}/recordsets', timeout=10)  # expect: DVR907

    def legacy(self, path):
        return urlrequest.urlopen('http://203.0.114.10/' + path, timeout=10)  # expect: DVR907

    # ---- negatives -------------------------------------------------------

    def upload_tls(self, host):
        return ftplib.FTP_TLS(host, timeout=30)  # ok: FTP over TLS

    def metadata(self):
        return requests.get(METADATA_URL, timeout=10)  # ok: link-local metadata service

    def local(self):
        return requests.get('http://127.0.0.1:9697/healthcheck', timeout=5)  # ok: this machine

    def runtime_host(self, host, port):
        return requests.get('http://%s:%s/' % (host, port), timeout=5)  # ok: host chosen at run time

    def secure(self, zone):
        return requests.get('https://dns.example.org/v2/zones/%s' % zone, timeout=10)  # ok: https
