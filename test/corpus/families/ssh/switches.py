"""SSH sessions of top-of-rack switch drivers."""

import paramiko
import paramiko as pm
from paramiko import AutoAddPolicy, SSHClient, WarningPolicy
from paramiko.client import AutoAddPolicy as AcceptNew

CLIENT = SSHClient()
CLIENT.set_missing_host_key_policy(AutoAddPolicy())  # expect: DVR906
CLIENT.load_system_host_keys()  # ok: loads keys


def connect(host, user, key):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # expect: DVR906
    client.connect(host, username=user, pkey=key)
    return client


class SwitchDriver(object):

    def __init__(self, conf):
        self.conf = conf
        self.ssh = pm.SSHClient()

    def open(self):
        self.ssh.set_missing_host_key_policy(pm.AutoAddPolicy())  # expect: DVR906

    def open_warning(self):
        self.ssh.set_missing_host_key_policy(WarningPolicy())  # expect: DVR906

    def open_class(self):
        self.ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy)  # expect: DVR906

    def open_alias(self):
        self.ssh.set_missing_host_key_policy(AcceptNew())  # expect: DVR906

    def open_client_module(self):
        self.ssh.set_missing_host_key_policy(paramiko.client.WarningPolicy())  # expect: DVR906

    def open_parenthesised(self):
        self.ssh.set_missing_host_key_policy((paramiko.AutoAddPolicy()))  # expect: DVR906

    # ---- safe look-alikes -------------------------------------------------

    def open_reject(self):
        self.ssh.set_missing_host_key_policy(paramiko.RejectPolicy())  # ok: rejects

    def open_known(self):
        self.ssh.load_host_keys(self.conf.known_hosts)  # ok: loads keys
        self.ssh.set_missing_host_key_policy(pm.RejectPolicy)  # ok: rejects

    def open_custom(self):
        self.ssh.set_missing_host_key_policy(PinnedPolicy(self.conf.fingerprints))  # ok: custom

    def open_param(self, policy):
        self.ssh.set_missing_host_key_policy(policy)  # ok: chosen by the caller

    def other_policy(self, manager):
        manager.set_policy(AutoAddPolicy())  # ok: another method

    def compare(self, policy):
        return isinstance(policy, paramiko.AutoAddPolicy)  # ok: a check

    def exec(self, command):
        return self.ssh.exec_command(command, timeout=30)  # ok: not a policy

    def close(self):
        self.ssh.close()  # ok: closing


class PinnedPolicy(paramiko.MissingHostKeyPolicy):

    def __init__(self, fingerprints):
        self.fingerprints = fingerprints

    def missing_host_key(self, client, hostname, key):
        if key.get_fingerprint() not in self.fingerprints:
            raise paramiko.SSHException(hostname)
