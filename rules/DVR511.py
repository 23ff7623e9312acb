"""Fixture for DVR511 (archive-extraction-unfiltered).

Image and support-bundle helpers of an agent that unpack tar and zip archives.
"""

import shutil
import tarfile as tf
import zipfile
from tarfile import open as open_tar

import flask

IMAGE_DIR = '/var/lib/neutron/images'

# Module level: the bundled policy files unpacked at import time.
with tf.open('/usr/share/neutron/policies.tar.gz') as bundle:
    bundle.extractall('/etc/neutron/policy.d')  # expect: DVR511(high)


def unpack_image(image_path, target_dir):
    tar = open_tar(image_path, 'r:gz')
    tar.extractall(target_dir)  # expect: DVR511
    tar.close()


def unpack_one(image_path, member, target_dir):
    with tf.TarFile(image_path) as tar:
        tar.extract(member, target_dir)  # expect: DVR511


def unpack_everything(image_path, target_dir):
    with tf.open(image_path) as tar:
        tar.extractall(target_dir, members=tar.getmembers())  # expect: DVR511


def unpack_fully_trusted(image_path, target_dir):
    with tf.open(image_path) as tar:
        tar.extractall(target_dir, filter='fully_trusted')  # expect: DVR511


def unpack_upload():
    upload = flask.request.files['image']
    upload.save('/tmp/upload.tar')
    with tf.open(fileobj=flask.request.stream) as tar:
        tar.extractall(IMAGE_DIR)  # expect: DVR511(severity:high)


def unpack_bundle(bundle_path, target_dir):
    shutil.unpack_archive(bundle_path, target_dir)  # expect: DVR511


def unpack_filtered(image_path, target_dir):
    with tf.open(image_path) as tar:
        tar.extractall(target_dir, filter='data')  # ok: PEP 706 data filter


def _only_files(tar):
    return [m for m in tar.getmembers() if m.isfile() and not m.name.startswith(('/', '..'))]


def unpack_selected(image_path, target_dir):
    with tf.open(image_path) as tar:
        tar.extractall(target_dir, members=_only_files(tar))  # ok: a chosen subset


def unpack_own_filter(image_path, target_dir, checker):
    with tf.open(image_path) as tar:
        tar.extractall(target_dir, filter=checker)  # ok: a filter function of the code's own


def unpack_zip(zip_path, target_dir):
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(target_dir)  # ok: zipfile drops '..' and leading slashes


def unpack_zip_bundle(bundle_path, target_dir):
    shutil.unpack_archive(bundle_path, target_dir, format='zip')  # ok: a zip archive


def unpack_bundle_filtered(bundle_path, target_dir):
    shutil.unpack_archive(bundle_path, target_dir, filter='data')  # ok: filtered


class Extractor(object):

    def __init__(self, archive):
        self.archive = archive

    def run(self, target):
        # ok: an object the rule cannot place, in a module that imports zipfile too
        self.archive.extractall(target)
