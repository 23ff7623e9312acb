"""Fixture for DVR507 (permissive-file-mode).

HA router configuration folders and the metadata proxy socket.
"""

import os
import pathlib
import stat
from os import chmod as change_mode

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

# Module level: the process loses its umask for everything it creates.
os.umask(0)  # expect: DVR507

SOCKET_MODE = 0o644  # ok: not a call


def open_world_writable(path):
    # A wrapper used for every pid file.
    return os.open(path, os.O_CREAT | os.O_WRONLY, 0o666)  # expect: DVR507


class HaConfDirs(object):

    def __init__(self, conf):
        self.conf = conf

    def ensure_dir(self, router_id):
        conf_dir = os.path.join(self.conf.ha_confs_path, router_id)
        os.makedirs(conf_dir, 0o777)  # expect: DVR507
        return conf_dir

    def socket(self, path):
        os.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)  # expect: DVR507

    def notify_script(self, path):
        change_mode(path, 0o757)  # expect: DVR507

    def pathlib_mode(self, path):
        pathlib.Path(path).chmod(mode=0o646)  # expect: DVR507

    def decimal(self, path):
        os.chmod(path, 511)  # expect: DVR507

    def keyword(self, path):
        os.mkdir(path, mode=0o773)  # expect: DVR507

    # ---- negatives -------------------------------------------------------

    def owner_only(self, path):
        os.chmod(path, 0o600)  # ok: owner only

    def group_write(self, path):
        os.makedirs(path, 0o775)  # ok: group, not everyone

    def stat_owner(self, path):
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)  # ok: owner only

    def sticky(self, path):
        os.makedirs(path, 0o1777)  # ok: sticky shared folder

    def computed(self, path, mode):
        os.chmod(path, mode)  # ok: not known here

    def default_umask(self):
        return os.umask(0o022)  # ok: others cannot write

    def read_mode(self, path):
        return os.stat(path).st_mode & stat.S_IWOTH  # ok: a check, not a change

    def flags(self, path):
        return os.open(path, os.O_RDONLY)  # ok: no mode
