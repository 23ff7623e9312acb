# Fixture for DVR501 (unclosed-handle).
# Agent helpers in the style of neutron/agent/linux/external_process.py,
# neutron/agent/l3/ha.py and the metadata proxy.

import contextlib
import json
import os
import socket
import tempfile

from oslo_log import log as logging

from neutron.agent.linux import utils as linux_utils

LOG = logging.getLogger(__name__)

METADATA_SOCKET = '/var/lib/neutron/metadata_proxy'


class _StateFileProxy(object):

    def __init__(self, state_file):
        self._state_file = state_file


def get_pid_from_file(pid_file):
    # Positive: opened inline and never closed.
    pid = open(pid_file).read().strip()  # expect: DVR501
    return int(pid)


def load_router_state(state_path):
    # Positive: passed straight to another call, nobody closes it.
    return json.load(open(state_path))  # expect: DVR501


class KeepalivedStateHelper(object):

    def __init__(self, conf, router_id):
        self.conf = conf
        self.router_id = router_id
        # Negative: stored on self, the object owns it.
        self._state_log = open(
            os.path.join(conf.ha_confs_path, router_id, 'state.log'), 'a')

    def write_state_change(self, state):
        path = os.path.join(self.conf.ha_confs_path, self.router_id, 'state')
        # Positive: close() exists but is not in a finally block.
        state_file = open(path, 'w')  # expect: DVR501
        state_file.write(state)
        state_file.close()

    def notify_agent(self, state):
        # Positive: socket never closed.
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # expect: DVR501
        sock.connect(METADATA_SOCKET)
        sock.sendall(json.dumps({'router_id': self.router_id,
                                 'state': state}).encode('utf-8'))
        LOG.debug("Notified agent of state %s", state)

    def write_radvd_conf(self, contents):
        # Positive: temporary file written and handed over by name only.
        conf_file = tempfile.NamedTemporaryFile(mode='w', delete=False)  # expect: DVR501
        conf_file.write(contents)
        linux_utils.replace_file(self._radvd_conf_path(), contents)
        return conf_file.name  # the name is returned, not the handle

    def dump_pipe(self, fd):
        # Positive: fdopen result neither closed nor returned.
        stream = os.fdopen(fd, 'w')  # expect: DVR501
        stream.write(self.router_id)

    def read_state(self):
        path = os.path.join(self.conf.ha_confs_path, self.router_id, 'state')
        # Negative: with block.
        with open(path) as state_file:
            return state_file.read()

    def open_state_for_reading(self):
        path = os.path.join(self.conf.ha_confs_path, self.router_id, 'state')
        # Negative: returned to the caller, who owns it.
        return open(path)

    def open_log(self):
        path = os.path.join(self.conf.ha_confs_path, self.router_id, 'log')
        # Negative: returned through a variable.
        log_file = open(path, 'a')
        log_file.write('opened\n')
        return log_file

    def write_pid(self, pid):
        path = os.path.join(self.conf.ha_confs_path, self.router_id, 'pid')
        # Negative: closed in a finally block.
        pid_file = open(path, 'w')
        try:
            pid_file.write(str(pid))
        finally:
            pid_file.close()

    def query_proxy(self, request):
        # Negative: socket used as a context manager.
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(METADATA_SOCKET)
            sock.sendall(request)
            return sock.recv(4096)

    def query_proxy_closing(self, request):
        # Negative: contextlib.closing in a with block.
        with contextlib.closing(socket.socket(socket.AF_UNIX)) as sock:
            sock.connect(METADATA_SOCKET)
            sock.sendall(request)

    def connect_persistent(self):
        # Negative: stored on self.
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.connect(METADATA_SOCKET)

    def write_tmp(self, contents):
        # Negative: temporary file in a with block.
        with tempfile.NamedTemporaryFile(mode='w') as tmp:
            tmp.write(contents)
            tmp.flush()
            linux_utils.execute(['cp', tmp.name, self._radvd_conf_path()],
                                run_as_root=True)

    def write_raw(self, path, data):
        # Negative: os.open gives a bare descriptor, not a handle object;
        # the fdopen result is used as a context manager.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)  # ok: not a handle
        with os.fdopen(fd, 'w') as stream:
            stream.write(data)

    def touch_state(self):
        path = os.path.join(self.conf.ha_confs_path, self.router_id, 'state')
        # Negative: closed right away, nothing in between can fail.
        state_file = open(path, 'a')
        state_file.close()

    def open_state_proxy(self):
        path = os.path.join(self.conf.ha_confs_path, self.router_id, 'state')
        # Negative: a wrapper that owns the handle is returned.
        return _StateFileProxy(open(path))

    def adopt_socket(self):
        # Negative: handed to a setter that keeps it.
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.set_socket(sock)

    def peek_state(self):
        path = os.path.join(self.conf.ha_confs_path, self.router_id, 'state')
        # Suppressed: not a finding.
        first = open(path).read(1)  # dvr-hints: ignore[DVR501]
        return first

    def _radvd_conf_path(self):
        return os.path.join(self.conf.ra_confs, self.router_id, 'radvd.conf')
