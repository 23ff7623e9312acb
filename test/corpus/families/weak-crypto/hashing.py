"""Hashing in agent code: device names, metadata signatures, caches and passwords."""

import hashlib
import hashlib as hl
import hmac
from hashlib import md5

from Crypto.Hash import MD5
from cryptography.hazmat.primitives import hashes
from oslo_utils import secretutils

LEGACY_PASSWORD_HASH = hashlib.md5(b'changeme').hexdigest()  # expect: DVR903
BUILD_ID = hashlib.sha256(b'neutron').hexdigest()  # ok: SHA-256


def hash_password(password, salt):
    return hashlib.sha1(salt + password.encode()).hexdigest()  # expect: DVR903


def sign_payload(secret, payload):
    return md5(secret + payload).hexdigest()  # expect: DVR903


class Hashing(object):

    def __init__(self, conf):
        self.conf = conf

    def device_name(self, port_id):
        return 'tap' + hl.md5(port_id.encode()).hexdigest()[:11]  # expect: DVR903

    def etag(self, body):
        return hashlib.sha1(body).hexdigest()  # ok: SHA-1 for an ETag

    def token_digest(self, token):
        return hashlib.new('md5', token.encode()).hexdigest()  # expect: DVR903

    def signature(self, data):
        return secretutils.md5(data).hexdigest()  # expect: DVR903

    def pycrypto(self, data):
        return MD5.new(data).hexdigest()  # expect: DVR903

    def cryptography_sha1(self):
        return hashes.Hash(hashes.SHA1())  # ok: SHA-1, purpose unknown

    def new_sha1(self, data):
        return hashlib.new('SHA1', data).digest()  # ok: SHA-1, purpose unknown

    # ---- safe look-alikes -------------------------------------------------

    def device_name_declared(self, port_id):
        return 'tap' + hl.md5(port_id.encode(), usedforsecurity=False).hexdigest()[:11]  # ok: declared

    def oslo_declared(self, data):
        return secretutils.md5(data, usedforsecurity=False).hexdigest()  # ok: declared

    def sha256(self, data):
        return hashlib.sha256(data).hexdigest()  # ok: strong

    def sha512_new(self, data):
        return hashlib.new('sha512', data).hexdigest()  # ok: strong

    def hmac_sha256(self, key, msg):
        return hmac.new(key, msg, hashlib.sha256).hexdigest()  # ok: strong

    def blake(self, data):
        return hashlib.blake2b(data, digest_size=16).hexdigest()  # ok: strong

    def cryptography_sha256(self):
        return hashes.Hash(hashes.SHA256())  # ok: strong

    def compare(self, a, b):
        return hmac.compare_digest(a, b)  # ok: not a hash

    def named_md5(self, record):
        return record.md5  # ok: an attribute, not a call
