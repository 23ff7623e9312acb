"""Image import, support bundles and plugin packages: where an agent unpacks tar archives."""

import os
import shutil
import tarfile
import tempfile
from tarfile import TarFile

from oslo_config import cfg

CONF = cfg.CONF
STAGING = '/var/lib/neutron/staging'

# Module level: unpack the shipped templates once at start-up.
_templates = tarfile.open('/usr/share/neutron/templates.tar')
_templates.extractall(STAGING)  # expect: DVR511
_templates.close()


def import_image(path):
    target = tempfile.mkdtemp(dir=STAGING)
    with tarfile.open(path, 'r:*') as tar:
        tar.extractall(path=target)  # expect: DVR511
    return target


def import_image_filtered(path):
    target = tempfile.mkdtemp(dir=STAGING)
    with tarfile.open(path, 'r:*') as tar:
        tar.extractall(path=target, filter='data')  # ok: data filter
    return target


def import_image_tar_filter(path):
    with tarfile.open(path) as tar:
        tar.extractall(STAGING, filter='tar')  # ok: the tar filter refuses paths outside too


def import_image_none_filter(path):
    with tarfile.open(path) as tar:
        tar.extractall(STAGING, filter=None)  # expect: DVR511


def import_gz(path):
    archive = TarFile.gzopen(path)
    archive.extractall(STAGING)  # expect: DVR511


def import_member(path, member):
    with tarfile.open(path) as tar:
        tar.extract(member, STAGING)  # expect: DVR511


def import_member_filtered(path, member):
    with tarfile.open(path) as tar:
        tar.extract(member, STAGING, filter='data')  # ok: data filter


def _safe_members(tar, target):
    for member in tar.getmembers():
        dest = os.path.realpath(os.path.join(target, member.name))
        if dest.startswith(os.path.realpath(target) + os.sep):
            yield member


def import_checked(path):
    with tarfile.open(path) as tar:
        tar.extractall(STAGING, members=_safe_members(tar, STAGING))  # ok: members the code checked


def import_all_members(path):
    with tarfile.open(path) as tar:
        tar.extractall(STAGING, members=tar.getmembers())  # expect: DVR511


def unpack_bundle(path):
    shutil.unpack_archive(path, STAGING)  # expect: DVR511


def unpack_bundle_filtered(path):
    shutil.unpack_archive(path, STAGING, filter='data')  # ok: filtered


def unpack_zip_bundle(path):
    shutil.unpack_archive(path, STAGING, 'zip')  # ok: zip format


class PluginInstaller(object):

    def __init__(self, conf):
        self.conf = conf

    def install(self, package):
        tar = tarfile.open(package)
        try:
            tar.extractall(self.conf.plugin_dir)  # expect: DVR511
        finally:
            tar.close()

    def install_filtered(self, package):
        tar = tarfile.open(package)
        try:
            tar.extractall(self.conf.plugin_dir, filter='data')  # ok: data filter
        finally:
            tar.close()

    def list_package(self, package):
        with tarfile.open(package) as tar:
            return tar.getnames()  # ok: listing extracts nothing

    def read_manifest(self, package):
        with tarfile.open(package) as tar:
            return tar.extractfile('MANIFEST').read()  # ok: reads a member into memory
