# fixture-path: neutron/tests/functional/agent/test_metadata_proxy.py
# Fixture for DVR602 under tests/: a test server on every interface is still
# reported, at low severity (and low confidence).

import socket

from neutron.tests import base


class TestMetadataProxy(base.BaseTestCase):

    def test_bind_all(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(('0.0.0.0', 0))  # expect: DVR602(severity:low)
        self.addCleanup(sock.close)

    def test_bind_loopback(self):
        # Negative: loopback.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(('127.0.0.1', 0))
        self.addCleanup(sock.close)
