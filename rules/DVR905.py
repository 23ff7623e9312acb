"""Fixture for DVR905 (insecure-random).

keepalived passwords, API tokens and the agent's back-off timers.
"""

import random
import secrets
import string
from random import randint as rand_between

ALPHABET = string.ascii_letters + string.digits

# Module level: one salt for the whole process.
SALT = random.getrandbits(64)  # expect: DVR905


def generate_password(length=16):
    # A wrapper every caller takes its password from.
    return ''.join(random.choice(ALPHABET) for _ in range(length))  # expect: DVR905


class HaRouterSecrets(object):

    def __init__(self, conf):
        self.conf = conf

    def vrrp_auth(self):
        self.auth_password = ''.join(random.sample(ALPHABET, 8))  # expect: DVR905
        return self.auth_password

    def api_token(self):
        token = '%032x' % random.getrandbits(128)  # expect: DVR905
        return token

    def one_time_pin(self):
        return {'pin': rand_between(1000, 9999)}  # expect: DVR905

    def nonce(self):
        nonce = random.randbytes(16)  # expect: DVR905
        return nonce

    # ---- negatives -------------------------------------------------------

    def backoff(self, attempt):
        return min(60, 2 ** attempt) + random.uniform(0, 1)  # ok: jitter

    def pick_agent(self, agents):
        return random.choice(agents)  # ok: load spreading

    def vrrp_password(self):
        return secrets.token_urlsafe(8)  # ok: secrets

    def system_random_password(self):
        return ''.join(random.SystemRandom().choice(ALPHABET) for _ in range(16))  # ok: SystemRandom

    def random_mac_suffix(self):
        return ['%02x' % random.randint(0, 255) for _ in range(3)]  # ok: a MAC address
