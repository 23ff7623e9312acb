"""Scratch files of the DHCP and metadata agents."""

import os
import shutil
import tempfile
import tempfile as tf

from oslo_config import cfg
from oslo_log import log as logging

LOG = logging.getLogger(__name__)

LEASES = '/tmp/neutron-dhcp.leases'  # expect: DVR508
PID_DIR = '/var/tmp/neutron'  # expect: DVR508
STATE = '/var/lib/neutron/dhcp'  # ok: the agent's own folder

opts = [
    cfg.StrOpt('scratch_dir', default='/dev/shm/neutron'),  # expect: DVR508
    cfg.StrOpt('state_path', default='/var/lib/neutron', help='Do not use /tmp here'),  # ok: help text
]


def new_name(prefix):
    return tempfile.mktemp(prefix=prefix)  # expect: DVR508


class Scratch(object):

    def __init__(self, conf):
        self.conf = conf

    def hosts_file(self):
        name = tf.mktemp(suffix='.hosts')  # expect: DVR508
        with open(name, 'w') as f:
            f.write('')
        return name

    def script(self, body):
        with open('/tmp/neutron-hook.sh', 'w') as f:  # expect: DVR508
            f.write(body)

    def copy_out(self, src):
        shutil.copy(src, '/tmp/')  # expect: DVR508

    def lock_file(self):
        return os.open('/var/tmp/neutron.lock', os.O_CREAT | os.O_WRONLY)  # expect: DVR508

    def in_dir(self):
        return tempfile.mktemp(dir=self.conf.state_path)  # expect: DVR508

    # ---- safe look-alikes -------------------------------------------------

    def hosts_file_safe(self):
        fd, name = tempfile.mkstemp(suffix='.hosts')  # ok: created with the name
        os.close(fd)
        return name

    def named(self):
        return tempfile.NamedTemporaryFile(delete=False)  # ok: created with the name

    def directory(self):
        return tempfile.mkdtemp(prefix='neutron-')  # ok: private directory

    def own_dir(self):
        return os.path.join(self.conf.state_path, 'hosts')  # ok: own folder

    def is_temp(self, path):
        return path.startswith('/tmp')  # ok: a check

    def warn(self, path):
        LOG.warning('Ignoring file under /tmp/: %s', path)  # ok: a message

    def equal(self, path):
        return path == '/tmp'  # ok: comparison

    def gettempdir(self):
        return tempfile.gettempdir()  # ok: asks the system

    def doc(self):
        """Files go to /tmp/neutron only in devstack."""  # ok: docstring
        return None
