"""Fixture for DVR903 (weak-hash).

Device naming, metadata signing and password helpers.
"""

import hashlib
import hashlib as hl
from hashlib import sha1

from cryptography.hazmat.primitives import hashes
from oslo_utils import secretutils

# Module level: a digest of the agent's build, for display.
BUILD_DIGEST = hashlib.md5(b'neutron-l3-agent').hexdigest()  # expect: DVR903(medium)
STATIC_DIGEST = hashlib.md5(b'neutron', usedforsecurity=False).hexdigest()  # ok: declared


def password_digest(password):
    # A wrapper: the password hash every caller uses.
    return hashlib.md5(password.encode()).hexdigest()  # expect: DVR903(high)


class DeviceNamer(object):

    def __init__(self, conf):
        self.conf = conf

    def snat_device_name(self, router_id):
        digest = hl.md5(router_id.encode()).hexdigest()  # expect: DVR903(low)
        return 'sg-' + digest[:11]

    def cache_key(self, payload):
        return sha1(payload).hexdigest()  # ok: SHA-1 for a cache key

    def sign_request(self, instance_id):
        signature = hashlib.new('sha1', instance_id.encode())  # expect: DVR903(high)
        return signature.hexdigest()

    def token_hash(self, token):
        return secretutils.md5(token.encode()).hexdigest()  # expect: DVR903(high)

    def fingerprint(self, key):
        digest = hashes.Hash(hashes.SHA1())  # ok: SHA-1, not for security
        digest.update(key)
        return digest.finalize()

    # ---- negatives -------------------------------------------------------

    def declared(self, router_id):
        return hashlib.md5(router_id.encode(), usedforsecurity=False).hexdigest()  # ok: declared

    def declared_oslo(self, router_id):
        return secretutils.md5(router_id.encode(), usedforsecurity=False).hexdigest()  # ok: declared

    def strong(self, instance_id):
        return hashlib.sha256(instance_id.encode()).hexdigest()  # ok: SHA-256

    def strong_new(self, data):
        return hashlib.new('sha256', data).hexdigest()  # ok: SHA-256

    def strong_cryptography(self, key):
        return hashes.Hash(hashes.SHA256())  # ok: SHA-256
