"""VPN pre-shared keys, API tokens and switch keys."""

import random
import string
from random import choice

from Crypto.Cipher import AES, Blowfish, DES
from Crypto.PublicKey import DSA
from Crypto.Random import get_random_bytes
from cryptography.hazmat.primitives.asymmetric import dsa, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
import secrets

SESSION_SECRET = ''.join(random.choice(string.ascii_letters) for _ in range(32))  # expect: DVR905
SHUFFLED_AGENTS = random.sample(['a', 'b', 'c'], 3)  # ok: load spreading
SIGNING_KEY = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # expect: DVR904


def make_token():
    return '%x' % random.getrandbits(128)  # expect: DVR905


def make_password(length=12):
    return ''.join(choice(string.printable) for _ in range(length))  # expect: DVR905


class Crypto(object):

    def __init__(self, key):
        self.key = key

    def des(self, data):
        return DES.new(self.key, DES.MODE_CBC).encrypt(data)  # expect: DVR904

    def blowfish(self, data):
        return Blowfish.new(self.key, Blowfish.MODE_CBC).encrypt(data)  # expect: DVR904

    def ecb(self, data):
        return AES.new(self.key, AES.MODE_ECB).encrypt(data)  # expect: DVR904

    def rc4(self):
        return Cipher(algorithms.ARC4(self.key), mode=None)  # expect: DVR904

    def ecb_cryptography(self):
        return Cipher(algorithms.AES(self.key), modes.ECB())  # expect: DVR904

    def dsa_small(self):
        return dsa.generate_private_key(key_size=1024)  # expect: DVR904

    def dsa_pycrypto(self):
        return DSA.generate(1024)  # expect: DVR904

    def salt(self):
        salt = random.randint(0, 2 ** 32)  # expect: DVR905
        return salt

    def reset_code(self):
        return {'reset_code': random.randrange(100000, 999999)}  # expect: DVR905

    # ---- safe look-alikes -------------------------------------------------

    def gcm(self, data):
        return AES.new(self.key, AES.MODE_GCM).encrypt_and_digest(data)  # ok: GCM

    def cbc_cryptography(self, iv):
        return Cipher(algorithms.AES(self.key), modes.CBC(iv))  # ok: AES-CBC

    def rsa_strong(self):
        return rsa.generate_private_key(public_exponent=65537, key_size=4096)  # ok: 4096 bits

    def secret_token(self):
        return secrets.token_hex(16)  # ok: secrets

    def random_bytes(self):
        return get_random_bytes(16)  # ok: CSPRNG

    def jitter(self):
        return random.uniform(0.5, 1.5)  # ok: jitter

    def pick_port(self, ports):
        return random.choice(ports)  # ok: load spreading

    def retry_delay(self, attempt):
        delay = random.randint(1, 2 ** attempt)  # ok: back-off
        return delay

    def shuffle_hosts(self, hosts):
        random.shuffle(hosts)  # ok: spreading
        return hosts

    def system_random_token(self):
        return random.SystemRandom().getrandbits(128)  # ok: SystemRandom
