"""Receives lease events from dnsmasq's helper socket and logs them with logger(1)."""
import os
import socket

SOCKET_PATH = '/run/neutron/dhcp-events.sock'


def serve():
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(SOCKET_PATH)
    while True:
        event = sock.recv(4096).decode('utf-8')
        os.system('logger -t dhcp-lease "%s"' % event)  # expect: DVR101
