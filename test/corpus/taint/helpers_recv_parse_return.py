"""Tiny control socket for a keepalived hook: the peer sends '<state> <interface>'."""
import os
import socket


def _interface_of(message):
    fields = message.strip().split()
    return fields[1]


def _announce(interface):
    return 'arping -U -c 3 -I %s 0.0.0.0' % interface


def serve(sock):
    while True:
        message, _peer = sock.recvfrom(1024)
        interface = _interface_of(message.decode())
        os.system(_announce(interface))  # expect: DVR101
