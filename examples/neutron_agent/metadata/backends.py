"""Backends of the metadata proxy: an SDN controller, its switches and a status page."""

import os
import random
import ssl
import string
import tarfile
import xml.etree.ElementTree as ET

import ftplib
import jinja2
import paramiko
import requests
from Crypto.Cipher import DES3
from markupsafe import Markup


class ControllerBackend(object):

    def __init__(self, conf, engine):
        self.conf = conf
        self.engine = engine

    def ports_on_host(self, cursor, host):
        cursor.execute("SELECT id FROM ports WHERE host = '%s'" % host)  # expect: DVR107
        return cursor.fetchall()

    def ports_on_host_bound(self, cursor, host):
        cursor.execute('SELECT id FROM ports WHERE host = %s', (host,))
        return cursor.fetchall()

    def status_row(self, router):
        return Markup('<tr><td>%s</td></tr>' % router['name'])  # expect: DVR108

    def status_row_escaped(self, router):
        return Markup('<tr><td>%s</td></tr>') % router['name']

    def parse_reply(self, reply):
        return ET.fromstring(reply)  # expect: DVR506

    def ensure_socket_dir(self, path):
        os.makedirs(path, 0o777)  # expect: DVR507

    def ensure_state_dir(self, path):
        os.makedirs(path, 0o750)

    def inventory(self):
        return requests.get(self.conf.inventory_url)  # expect: DVR509

    def inventory_bounded(self):
        return requests.get(self.conf.inventory_url, timeout=self.conf.http_timeout)

    def tls_context(self):
        return ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # expect: DVR902

    def tls_context_modern(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context

    def encrypt_psk(self, key, psk):
        return DES3.new(key, DES3.MODE_CBC).encrypt(psk)  # expect: DVR904

    def vrrp_password(self):
        return ''.join(random.choice(string.ascii_letters) for _ in range(8))  # expect: DVR905

    def pick_controller(self, controllers):
        return random.choice(controllers)

    def switch_session(self, host):
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # expect: DVR906
        client.connect(host, username=self.conf.switch_user)
        return client

    def backup_switch_config(self, host):
        return ftplib.FTP(host, timeout=30)  # expect: DVR907

    def backup_switch_config_tls(self, host):
        return ftplib.FTP_TLS(host, timeout=30)

    def config_template(self):
        # keepalived configuration, not HTML: no escaping needed.
        return jinja2.Environment(trim_blocks=True)

    def unpack_switch_image(self, image_path):
        # A switch firmware bundle downloaded from the vendor: members can name any path.
        with tarfile.open(image_path) as bundle:
            bundle.extractall(self.conf.image_dir)  # expect: DVR511

    def unpack_switch_image_filtered(self, image_path):
        with tarfile.open(image_path) as bundle:
            bundle.extractall(self.conf.image_dir, filter='data')
