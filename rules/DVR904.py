"""Fixture for DVR904 (weak-cipher).

Pre-shared key storage of a VPN service driver and key generation for a
switch driver.
"""

from Crypto.Cipher import AES
from Crypto.Cipher import ARC4
from Crypto.Cipher import DES3
from Crypto.PublicKey import RSA
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
import paramiko

# Module level: one 1024-bit key for the whole driver.
DRIVER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # expect: DVR904


def legacy_cipher(key):
    # A wrapper every caller gets RC4 from.
    return ARC4.new(key)  # expect: DVR904


class PskStore(object):

    def __init__(self, key):
        self.key = key

    def encrypt_3des(self, psk):
        return DES3.new(self.key, DES3.MODE_CBC).encrypt(psk)  # expect: DVR904

    def encrypt_ecb(self, psk):
        return AES.new(self.key, AES.MODE_ECB).encrypt(psk)  # expect: DVR904

    def encrypt_cryptography(self, iv):
        return Cipher(algorithms.TripleDES(self.key), modes.CBC(iv))  # expect: DVR904

    def encrypt_cryptography_ecb(self):
        return Cipher(algorithms.AES(self.key), modes.ECB())  # expect: DVR904

    def switch_key(self):
        return paramiko.RSAKey.generate(1024)  # expect: DVR904

    def pycrypto_key(self):
        return RSA.generate(bits=1024)  # expect: DVR904

    def curve(self):
        return ec.generate_private_key(ec.SECP192R1())  # expect: DVR904

    # ---- negatives -------------------------------------------------------

    def encrypt_gcm(self, psk):
        return AES.new(self.key, AES.MODE_GCM).encrypt_and_digest(psk)  # ok: AES-GCM

    def encrypt_fernet(self, psk):
        return Fernet(self.key).encrypt(psk)  # ok: authenticated

    def strong_key(self):
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)  # ok: 3072 bits

    def configured_key(self, bits):
        return RSA.generate(bits)  # ok: size chosen at run time

    def strong_curve(self):
        return ec.generate_private_key(ec.SECP384R1())  # ok: 384 bits
