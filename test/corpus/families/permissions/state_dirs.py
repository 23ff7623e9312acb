"""State directories, sockets and pid files of the metadata and DHCP agents."""

import os
import stat
from pathlib import Path

os.umask(0o000)  # expect: DVR507
DEFAULT_MODE = 0o755  # ok: not a call


def make_state_dir(path):
    os.makedirs(path, mode=0o777, exist_ok=True)  # expect: DVR507


def open_pid_file(path):
    return os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)  # expect: DVR507


class AgentFiles(object):

    def __init__(self, conf):
        self.conf = conf

    def socket(self, path):
        os.chmod(path, 0o777)  # expect: DVR507

    def socket_stat(self, path):
        os.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)  # expect: DVR507

    def other_write(self, path):
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IWOTH)  # expect: DVR507

    def fifo(self, path):
        os.mkfifo(path, 0o622)  # expect: DVR507

    def mkdir(self, path):
        os.mkdir(path, 0o757)  # expect: DVR507

    def pathlib(self, path):
        Path(path).chmod(0o666)  # expect: DVR507

    def fd(self, fd):
        os.fchmod(fd, 0o646)  # expect: DVR507

    def no_umask(self):
        return os.umask(0)  # expect: DVR507

    def decimal(self, path):
        os.chmod(path, 438)  # expect: DVR507

    # ---- safe look-alikes -------------------------------------------------

    def private_dir(self, path):
        os.makedirs(path, mode=0o700, exist_ok=True)  # ok: owner only

    def group_dir(self, path):
        os.makedirs(path, 0o770)  # ok: group

    def readable(self, path):
        os.chmod(path, 0o644)  # ok: read only for others

    def socket_group(self, path):
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IWGRP)  # ok: group

    def umask_default(self):
        return os.umask(0o022)  # ok: others cannot write

    def umask_strict(self):
        return os.umask(0o077)  # ok: strict

    def sticky(self, path):
        os.makedirs(path, 0o1777)  # ok: sticky

    def from_conf(self, path):
        os.chmod(path, self.conf.socket_mode)  # ok: not known here

    def check(self, path):
        return bool(os.stat(path).st_mode & stat.S_IWOTH)  # ok: a check

    def default_open(self, path):
        return os.open(path, os.O_RDONLY)  # ok: no mode
