"""Fixture for DVR906 (ssh-host-key-unchecked).

A mechanism driver that configures top-of-rack switches over SSH.
"""

import paramiko
from paramiko import AutoAddPolicy as accept_any
from paramiko import client as ssh_client

# Module level: one shared client for the driver.
SHARED = paramiko.SSHClient()
SHARED.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # expect: DVR906


def connect(host, username, pkey):
    # A helper every switch driver uses.
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(accept_any())  # expect: DVR906
    client.connect(host, username=username, pkey=pkey)
    return client


class SwitchSession(object):

    def __init__(self, conf):
        self.conf = conf
        self.client = ssh_client.SSHClient()

    def open(self):
        self.client.set_missing_host_key_policy(ssh_client.WarningPolicy)  # expect: DVR906
        self.client.connect(self.conf.host)

    def open_legacy(self):
        self.client.set_missing_host_key_policy(paramiko.client.AutoAddPolicy())  # expect: DVR906

    # ---- negatives -------------------------------------------------------

    def open_checked(self):
        self.client.load_host_keys(self.conf.known_hosts)
        self.client.set_missing_host_key_policy(paramiko.RejectPolicy())  # ok: refuses unknown keys

    def open_custom(self, policy):
        self.client.set_missing_host_key_policy(policy)  # ok: chosen by the caller

    def open_pinned(self):
        self.client.set_missing_host_key_policy(PinnedKeyPolicy(self.conf.fingerprint))  # ok: custom policy


class PinnedKeyPolicy(paramiko.MissingHostKeyPolicy):

    def __init__(self, fingerprint):
        self.fingerprint = fingerprint

    def missing_host_key(self, client, hostname, key):
        if key.get_fingerprint() != self.fingerprint:
            raise paramiko.SSHException('Unknown host key for %s' % hostname)
