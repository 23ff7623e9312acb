# Variant fixture for DVR402: a module that is not OpenStack service code.
# RPC payloads exist in OpenStack services (modules importing oslo_* or
# neutron*); elsewhere `port`, `request` or `context` is usually a number,
# an HTTP request or an SSL context, so nothing here is flagged.

import logging
import socket
import ssl

LOG = logging.getLogger(__name__)


def connect(host, port, context=None):
    LOG.debug("Connecting to %s:%d", host, port)  # ok: a port number
    context = context or ssl.create_default_context()
    LOG.debug("Using TLS context %s", context)  # ok: an SSL context
    return socket.create_connection((host, port))


def handle(request):
    print("Handling request", request)  # ok: not an RPC payload here
