"""Fixture for DVR902 (weak-tls-version).

TLS for the metadata proxy and an OVSDB manager connection.
"""

import ssl
from ssl import PROTOCOL_TLSv1 as LEGACY_TLS

from OpenSSL import SSL

# Module level: the default every caller gets.
DEFAULT_PROTOCOL = ssl.PROTOCOL_TLSv1_1  # expect: DVR902

# A table the operator picks from by name: low confidence.
_PROTOCOLS = {
    'tlsv1': ssl.PROTOCOL_TLSv1,  # expect: DVR902(low)
    'tlsv1_2': ssl.PROTOCOL_TLSv1_2,
    'tls': ssl.PROTOCOL_TLS,
}


def server_context(cert, key, protocol=ssl.PROTOCOL_SSLv3):  # expect: DVR902
    # A wrapper whose default is broken.
    context = ssl.SSLContext(protocol)
    context.load_cert_chain(cert, key)
    return context


class OvsdbTls(object):

    def __init__(self, conf):
        self.conf = conf

    def client_context(self):
        return ssl.SSLContext(LEGACY_TLS)  # expect: DVR902

    def minimum(self):
        context = ssl.create_default_context()
        context.minimum_version = ssl.TLSVersion.TLSv1  # expect: DVR902
        return context

    def pyopenssl(self):
        return SSL.Context(SSL.TLSv1_METHOD)  # expect: DVR902

    def wrap(self, sock):
        return ssl.wrap_socket(sock, certfile=self.conf.cert_file)  # expect: DVR902

    # ---- negatives -------------------------------------------------------

    def modern(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # ok: negotiates the best version
        context.minimum_version = ssl.TLSVersion.TLSv1_2  # ok: TLS 1.2
        return context

    def is_legacy(self, protocol):
        return protocol == ssl.PROTOCOL_TLSv1  # ok: a comparison

    def pyopenssl_modern(self):
        return SSL.Context(SSL.TLS_METHOD)  # ok: negotiates

    def wrap_pinned(self, sock):
        return ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1_2)  # ok: explicit modern version

    def tls13(self):
        context = ssl.create_default_context()
        context.minimum_version = ssl.TLSVersion.TLSv1_3  # ok: TLS 1.3
        return context
