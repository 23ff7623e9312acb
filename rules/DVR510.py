"""Fixture for DVR510 (path-traversal).

An agent's small HTTP API that serves and stores files under its state directory, a
diagnostics CLI, and the checks that keep names inside their directory.
"""

import os
import os.path as osp
import re
import shutil as sh
import sys
from pathlib import Path
from shutil import rmtree as remove_tree

import flask
from oslo_utils import uuidutils
from werkzeug.utils import secure_filename

STATE_DIR = '/var/lib/neutron/ha_confs'
EXPORT_DIR = Path('/var/lib/neutron/exports')
KNOWN_LOGS = frozenset(['l3-agent.log', 'dhcp-agent.log', 'metadata-agent.log'])
NAME_RE = re.compile(r'^[a-z0-9-]{1,64}$')

app = flask.Flask(__name__)

# Module level: a diagnostics tool run by an operator through sudo.
if len(sys.argv) > 2 and sys.argv[1] == '--dump':
    with open(sys.argv[2]) as dump:  # expect: DVR510(severity:medium)
        print(dump.read())

LOG_FILE = osp.join('/var/log/neutron', os.environ.get('NEUTRON_LOG', 'server.log'))
open(LOG_FILE, 'a').close()  # expect: DVR510(medium)


def _read(path):
    # A wrapper: whoever calls it decides the path (reported where a source reaches a call).
    with open(path) as f:  # ok: a parameter is not a source under the threat models
        return f.read()


@app.route('/ha/<router_id>/state')
def router_state(router_id):
    # ok: an id is a UUID the API validated
    return _read(os.path.join(STATE_DIR, router_id, 'state'))


@app.route('/logs/<path:log_name>')
def show_log(log_name):
    with open(osp.join('/var/log/neutron', log_name)) as f:  # expect: DVR510
        return f.read()


@app.route('/exports')
def download():
    name = flask.request.args['name']
    return flask.send_file(os.path.join(STATE_DIR, name))  # expect: DVR510(high)


@app.route('/exports/<name>', methods=['PUT'])
def upload(name):
    target = EXPORT_DIR / flask.request.form['file']
    target.write_text(flask.request.get_data(as_text=True))  # expect: DVR510


@app.route('/exports/<name>', methods=['DELETE'])
def delete_export():
    folder = osp.join(STATE_DIR, flask.request.args.get('router'))
    remove_tree(folder)  # expect: DVR510


@app.route('/exports/archive', methods=['POST'])
def move_export():
    body = flask.request.get_json()
    sh.move(osp.join(STATE_DIR, 'pending'), osp.join(STATE_DIR, body['dest']))  # expect: DVR510


@app.route('/prefix')
def prefix_only():
    path = osp.join(STATE_DIR, flask.request.args['name'])
    if not path.startswith(STATE_DIR):  # a prefix check without normalisation proves nothing
        raise ValueError(path)
    os.remove(path)  # expect: DVR510


@app.route('/safe/basename')
def by_basename():
    name = osp.basename(flask.request.args['name'])
    return flask.send_file(osp.join(STATE_DIR, name))  # ok: one path component


@app.route('/safe/upload', methods=['POST'])
def by_secure_filename():
    upload = flask.request.files['file']
    upload.save(os.path.join(STATE_DIR, secure_filename(upload.filename)))
    os.chmod(os.path.join(STATE_DIR, secure_filename(upload.filename)), 0o640)  # ok: secure_filename


@app.route('/safe/realpath')
def by_realpath():
    path = os.path.realpath(os.path.join(STATE_DIR, flask.request.args['name']))
    if not path.startswith(STATE_DIR + os.sep):
        raise ValueError(path)
    with open(path) as f:  # ok: normalised, then checked
        return f.read()


@app.route('/safe/commonpath')
def by_commonpath():
    path = osp.abspath(osp.join(STATE_DIR, flask.request.args['name']))
    if osp.commonpath([STATE_DIR, path]) != STATE_DIR:
        raise ValueError(path)
    os.unlink(path)  # ok: normalised, then checked


@app.route('/safe/resolve')
def by_resolve():
    path = (EXPORT_DIR / flask.request.args['name']).resolve()
    if not path.is_relative_to(EXPORT_DIR):
        raise ValueError(str(path))
    return path.read_text()  # ok: resolved, then checked


@app.route('/safe/logs')
def known_log():
    name = flask.request.args['log']
    if name not in KNOWN_LOGS:
        raise ValueError(name)
    with open(osp.join('/var/log/neutron', name)) as f:  # ok: one of a constant set
        return f.read()


@app.route('/safe/instances')
def by_uuid():
    instance = flask.request.args['instance']
    if not uuidutils.is_uuid_like(instance):
        raise ValueError(instance)
    os.makedirs(osp.join(STATE_DIR, instance))  # ok: a validated UUID


@app.route('/safe/pattern')
def by_pattern():
    name = flask.request.args['name']
    if not NAME_RE.fullmatch(name):
        raise ValueError(name)
    with open(osp.join(STATE_DIR, name)) as f:  # ok: matched a pattern without dots or slashes
        return f.read()


def write_config(conf, router):
    # ok: operator configuration and an internal router dict
    with open(os.path.join(conf.ha_confs_path, router['id'], 'keepalived.conf'), 'w') as f:
        f.write('vrrp_instance VR_1 {}')
