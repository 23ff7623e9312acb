"""A root helper, a diagnostics CLI and a small socket service of a DVR agent."""

import argparse
import os
import re
import shutil as sh
import socket
import sys
from os.path import join as pjoin

import click
from oslo_config import cfg
from oslo_utils import uuidutils

CONF = cfg.CONF
STATE = '/var/lib/neutron'
NS_NAME = re.compile(r'^(qrouter|snat|fip)-[0-9a-f-]{36}$')
KNOWN_FILES = frozenset(['keepalived.conf', 'radvd.conf', 'haproxy.cfg'])

# Module level: run as `sudo neutron-dump-state FILE`.
if len(sys.argv) > 1:
    print(open(sys.argv[1]).read())  # expect: DVR510

DEBUG_DIR = os.environ.get('NEUTRON_DEBUG_DIR', '/tmp/neutron-debug')
os.makedirs(DEBUG_DIR, exist_ok=True)  # expect: DVR510


def dump_router():
    parser = argparse.ArgumentParser()
    parser.add_argument('--output')
    args = parser.parse_args()
    with open(args.output, 'w') as f:  # expect: DVR510
        f.write('router state')


def dump_namespace():
    parser = argparse.ArgumentParser()
    parser.add_argument('namespace')
    ns = parser.parse_args().namespace
    sh.rmtree(pjoin(STATE, 'netns', ns))  # expect: DVR510


def dump_namespace_checked():
    parser = argparse.ArgumentParser()
    parser.add_argument('namespace')
    ns = parser.parse_args().namespace
    if not NS_NAME.fullmatch(ns):
        sys.exit('bad namespace name')
    sh.rmtree(pjoin(STATE, 'netns', ns))  # ok: matched the namespace pattern


@click.command()
@click.option('--config-file')
def show_config(config_file):
    with open(pjoin(STATE, config_file)) as f:  # expect: DVR510
        click.echo(f.read())


@click.command()
@click.option('--name')
def show_known(name):
    if name in KNOWN_FILES:
        with open(pjoin(STATE, name)) as f:  # ok: one of a constant set
            click.echo(f.read())


def interactive_restore():
    name = input('Backup to restore: ')
    sh.copy(pjoin(STATE, 'backups', name), pjoin(STATE, 'current'))  # expect: DVR510


def interactive_restore_by_uuid():
    name = input('Backup id: ')
    if uuidutils.is_uuid_like(name):
        sh.copy(pjoin(STATE, 'backups', name), pjoin(STATE, 'current'))  # ok: a UUID


def env_home():
    home = os.getenv('NEUTRON_HOME')
    os.chmod(pjoin(home, 'state'), 0o750)  # expect: DVR510


def serve(sock_path):
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(sock_path)  # ok: the socket path is the caller's argument
    server.listen(1)
    conn, _ = server.accept()
    requested = conn.recv(256).decode().strip()
    with open(os.path.join(STATE, 'exports', requested), 'rb') as f:  # expect: DVR510
        conn.sendall(f.read())


def serve_checked(conn):
    requested = conn.recv(256).decode().strip()
    full = os.path.realpath(os.path.join(STATE, 'exports', requested))
    if os.path.commonpath([STATE, full]) == STATE:
        with open(full, 'rb') as f:  # ok: normalised, then checked
            conn.sendall(f.read())


def serve_basename(conn):
    requested = os.path.basename(conn.recv(256).decode().strip())
    os.remove(os.path.join(STATE, 'exports', requested))  # ok: basename


def serve_index(conn):
    index = int(conn.recv(16))
    os.remove(os.path.join(STATE, 'exports', 'part-%d' % index))  # ok: a number


def keepalived_conf(router_id):
    # ok: agent code with an id and operator configuration
    return open(pjoin(CONF.ha_confs_path, router_id, 'keepalived.conf')).read()


def from_option(conf):
    # ok: oslo.config values are the operator's
    sh.move(conf.state_path + '/old', conf.state_path + '/new')


def pid_file(name):
    # ok: a parameter is not a source under the threat models
    return open(pjoin(STATE, 'external', 'pids', name + '.pid')).read()
