"""TLS for an OVSDB manager and a syslog forwarder."""

import ssl
from ssl import PROTOCOL_SSLv23, PROTOCOL_TLSv1_1

from OpenSSL import SSL

LEGACY = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # expect: DVR902
MODERN = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # ok: negotiates


def server_context(protocol=ssl.PROTOCOL_SSLv3):  # expect: DVR902
    return ssl.SSLContext(protocol)


class OvsdbSsl(object):

    def __init__(self, conf):
        self.conf = conf

    def context(self):
        return ssl.SSLContext(PROTOCOL_TLSv1_1)  # expect: DVR902

    def sslv2(self):
        return ssl.SSLContext(ssl.PROTOCOL_SSLv2)  # expect: DVR902

    def minimum(self):
        ctx = ssl.create_default_context()
        ctx.minimum_version = ssl.TLSVersion.TLSv1_1  # expect: DVR902
        return ctx

    def maximum_old(self):
        ctx = ssl.create_default_context()
        ctx.maximum_version = ssl.TLSVersion.TLSv1  # expect: DVR902
        return ctx

    def pyopenssl(self):
        return SSL.Context(SSL.SSLv3_METHOD)  # expect: DVR902

    def pyopenssl_tls1(self):
        return SSL.Context(SSL.TLSv1_1_METHOD)  # expect: DVR902

    def wrap(self, sock):
        return ssl.wrap_socket(sock, keyfile=self.conf.key, certfile=self.conf.cert)  # expect: DVR902

    # ---- safe look-alikes -------------------------------------------------

    def modern(self):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)  # ok: negotiates
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2  # ok: TLS 1.2
        return ctx

    def negotiate(self):
        return ssl.SSLContext(PROTOCOL_SSLv23)  # ok: negotiates

    def check(self, ctx):
        return ctx.protocol == ssl.PROTOCOL_TLSv1  # ok: comparison

    def pyopenssl_modern(self):
        return SSL.Context(SSL.TLS_CLIENT_METHOD)  # ok: negotiates

    def wrap_context(self, sock):
        return ssl.create_default_context().wrap_socket(sock, server_hostname=self.conf.host)  # ok: context

    def tls13(self):
        ctx = ssl.create_default_context()
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3  # ok: TLS 1.3
        return ctx

    def options(self):
        ctx = ssl.create_default_context()
        ctx.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1  # ok: turns old versions off
        return ctx
