"""Helpers shared by the DVR agent: validation, processes, pid files, sockets."""

from distutils.version import LooseVersion  # expect: DVR802
import hashlib
import hmac
import os
import re
import socket
import subprocess

import netaddr
from oslo_log import log as logging
from oslo_utils import strutils

LOG = logging.getLogger(__name__)

DEVICE_NAME_MAX_LEN = 15
_DEVICE_NAME = re.compile(r'(qr|qg|sg|rfp|fpr|fg)-[0-9a-f-]{1,11}')

CONNTRACK_FLUSH_CMD = 'conntrack -L -o extended | grep -c snat; conntrack -F'
KEEPALIVED_VMAC_VERSION = '1.2.20'


class InvalidDeviceName(ValueError):
    pass


def is_valid_device_name(name):
    """Whether name is a Neutron device name (prefix, dash, short id).

    pyproject.toml lists this function under taint-sanitizers: a value that
    passed `if not is_valid_device_name(x): raise ...` is trusted by the
    command and iptables rules.
    """
    return (len(name) <= DEVICE_NAME_MAX_LEN and
            _DEVICE_NAME.fullmatch(name) is not None)


def execute_shell(cmd):
    """Runs a shell pipeline for the keepalived and radvd wrappers."""
    LOG.debug("Running shell command: %s", cmd)
    return subprocess.check_output(cmd, shell=True)  # expect: DVR101(severity:medium)


def flush_conntrack_with_count():
    # A constant pipeline: nothing external reaches the shell.
    return subprocess.check_output(CONNTRACK_FLUSH_CMD, shell=True)  # nosec B602 - constant command, reviewed


def send_garp(interface_name, address, count=3):
    """Announces address on interface_name; every value is checked first."""
    if not is_valid_device_name(interface_name):
        raise InvalidDeviceName(interface_name)
    address = netaddr.IPAddress(address)
    cmd = 'arping -U -c %d -I %s %s | logger -t neutron-garp' % (
        int(count), interface_name, address)
    subprocess.check_call(cmd, shell=True)


def keepalived_supports_vmac(version_string):
    return LooseVersion(version_string) >= LooseVersion(KEEPALIVED_VMAC_VERSION)


def get_pid(pid_file):
    """Returns the pid stored in pid_file, or None when it cannot be read."""
    try:
        pid = open(pid_file).read().strip()  # expect: DVR501
        return int(pid)
    except (IOError, ValueError):
        LOG.debug("Unable to read a pid from %s", pid_file)
        return None


def read_state(state_file):
    with open(state_file) as f:
        return f.read().strip()


def open_state_log(path):
    """Opens the state change log; the caller owns and closes the handle."""
    return open(path, 'a')


def remove_pid_file(pid_file):
    try:
        os.unlink(pid_file)
    except:  # expect: DVR301(high), DVR302
        pass


def metadata_listener(port, host='0.0.0.0'):  # expect: DVR602
    """Returns a listening socket; the caller serves on it and closes it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def sign_instance_id(shared_secret, instance_id):
    LOG.debug("Signing instance %s with %s", instance_id, shared_secret)  # expect: DVR401
    return hmac.new(shared_secret.encode('utf-8'), instance_id.encode('utf-8'),
                    hashlib.sha256).hexdigest()


def nova_client_settings(credentials, region):
    LOG.debug("Nova client for region %s with %s", region,
              strutils.mask_dict_password(credentials))
    return dict(credentials, region_name=region)


def conntrack_entry_count():
    # The command used to go through a shell; it is a constant list now, and the
    # comment left behind would hide the next change on this line.
    output = subprocess.check_output(['conntrack', '-C'])  # dvr-hints: ignore[DVR101]  # expect: DVR001
    return int(output)
