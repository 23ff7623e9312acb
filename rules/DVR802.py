# Fixture for DVR802 (deprecated-module).
# Old agent helpers in the style of neutron/agent/linux/utils.py.
# This comment mentions import telnetlib, which is not code.

import imp  # expect: DVR802
import os, pipes  # expect: DVR802
import asyncore  # expect: DVR802
import asynchat  # expect: DVR802
import cgi  # expect: DVR802
import cgitb  # expect: DVR802
import crypt  # expect: DVR802
import smtpd  # expect: DVR802
import distutils.spawn  # expect: DVR802
from distutils.version import LooseVersion  # expect: DVR802
from imp import reload  # expect: DVR802

try:
    import telnetlib  # expect: DVR802
except ImportError:
    telnetlib = None

import asyncio
import hashlib
import importlib
import shlex
import shutil
import sysconfig
import traceback
from email import message as email_message
from urllib import parse as urlparse

from oslo_log import log as logging
from packaging import version as pkg_version

from neutron.agent.ovsdb import impl_idl  # ok: look-alike of imp
from neutron.common import pipes as n_pipes  # ok: a different module named pipes

LOG = logging.getLogger(__name__)

LEGACY_MODULE = 'distutils'  # ok: a string, not an import


def find_ip_binary():
    # Negative: shutil.which replaces distutils.spawn.find_executable.
    return shutil.which('ip')


def netns_exec_cmd(ns_name, cmd):
    # Negative: shlex.quote replaces pipes.quote.
    return 'ip netns exec %s %s' % (shlex.quote(ns_name),
                                    ' '.join(shlex.quote(c) for c in cmd))


def is_new_keepalived(ver):
    return pkg_version.parse(ver) >= pkg_version.parse('2.0')


def load_driver(name):
    # Negative: dynamic import is out of scope.
    return importlib.import_module(name)


def legacy_console(host):
    # Suppressed with Bandit's marker (this rule declares B401).
    import telnetlib as tl  # nosec B401
    return tl.Telnet(host)


def unused(*args):
    return (imp, pipes, asyncore, asynchat, cgi, cgitb, crypt, smtpd,
            distutils, LooseVersion, reload, asyncio, hashlib, sysconfig, traceback,
            email_message, urlparse, impl_idl, n_pipes, os, LOG, _imp)


try:
    import _imp
except ImportError:
    # ok: the fallback for old Pythons never runs on current Python.
    import imp as _imp
