"""Collects the tail of the server log from a controller node over SSH."""
import os

import paramiko


def collect(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username='stack')
    lines = os.getenv('LOG_LINES', '200')
    _in, out, _err = client.exec_command('tail -n %s /var/log/neutron/server.log' % lines)  # expect: DVR101
    return out.read()
