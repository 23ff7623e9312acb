"""Image, log and backup endpoints of a small agent-side REST API (webob, pecan, flask, falcon)."""

import io
import os
import shutil
import tarfile
import zipfile
from os import path as ospath
from pathlib import Path

import falcon
import flask
import pecan
from oslo_config import cfg
from oslo_utils import uuidutils
from webob import static
from werkzeug.utils import secure_filename

CONF = cfg.CONF
LOG_DIR = '/var/log/neutron'
BACKUP_DIR = Path('/var/lib/neutron/backups')
IMAGE_DIR = '/var/lib/neutron/images'
ALLOWED_LOGS = ('server.log', 'l3-agent.log', 'dhcp-agent.log')

app = flask.Flask(__name__)


def _log_path(name):
    return os.path.join(LOG_DIR, name)


def _contained_log_path(name):
    path = os.path.realpath(os.path.join(LOG_DIR, name))
    if not path.startswith(LOG_DIR + os.sep):
        raise ValueError(name)
    return path


class LogController(object):
    """webob-style controller: request, id and body come from the client."""

    def show(self, req, id):
        name = req.GET.get('file')
        with io.open(os.path.join(LOG_DIR, name)) as f:  # expect: DVR510
            return f.read()

    def show_known(self, req, id):
        name = req.GET.get('file')
        if name not in ALLOWED_LOGS:
            raise ValueError(name)
        with io.open(os.path.join(LOG_DIR, name)) as f:  # ok: one of a constant tuple
            return f.read()

    def show_through_helper(self, req, id):
        with io.open(_log_path(req.GET.get('file'))) as f:  # expect: DVR510
            return f.read()

    def show_basename_through_helper(self, req, id):
        with io.open(_log_path(os.path.basename(req.GET.get('file')))) as f:  # ok: basename before the helper
            return f.read()

    def show_checked_by_helper(self, req, id):
        with io.open(_contained_log_path(req.GET.get('file'))) as f:  # ok: the helper normalises and checks
            return f.read()

    def tail(self, req, id):
        lines = int(req.GET.get('lines', 100))
        with open(os.path.join(LOG_DIR, 'server.log')) as f:  # ok: only a number came from the request
            return f.readlines()[-lines:]

    def create(self, req, body):
        target = ospath.join(IMAGE_DIR, body['image']['file_name'])
        shutil.copyfile('/tmp/upload.part', target)  # expect: DVR510

    def delete(self, req, id):
        # ok: an id is a UUID the API layer validated
        os.remove(os.path.join(IMAGE_DIR, req.params['image_id']))

    def update(self, req, id, body):
        old = os.path.join(IMAGE_DIR, body['from'])
        new = os.path.join(IMAGE_DIR, body['to'])
        os.rename(old, new)  # expect: DVR510

    def link(self, req, id, body):
        os.symlink(os.path.join(IMAGE_DIR, 'current'), body['alias'])  # expect: DVR510


class BackupController(pecan.rest.RestController):

    @pecan.expose()
    def get_one(self, name):
        archive = BACKUP_DIR / pecan.request.params['archive']
        return archive.read_bytes()  # expect: DVR510

    @pecan.expose()
    def post(self):
        data = pecan.request.json
        folder = BACKUP_DIR.joinpath(data['folder'])
        folder.mkdir(parents=True, exist_ok=True)  # expect: DVR510

    @pecan.expose()
    def restore(self):
        archive = os.path.join(str(BACKUP_DIR), pecan.request.params['archive'])
        with tarfile.open(archive) as tar:  # expect: DVR510
            return tar.getnames()

    @pecan.expose()
    def get_all(self):
        # ok: resolved, then checked against the base
        wanted = (BACKUP_DIR / pecan.request.params['archive']).resolve()
        if not wanted.is_relative_to(BACKUP_DIR):
            pecan.abort(404)
            return None
        return wanted.read_bytes()  # ok: resolved and checked

    @pecan.expose()
    def list_dir(self):
        subdir = pecan.request.params.get('dir', '')
        return os.listdir(os.path.join(str(BACKUP_DIR), subdir))  # expect: DVR510


@app.route('/images/<image_id>')
def image(image_id):
    fmt = flask.request.args['format']
    return flask.send_file(os.path.join(IMAGE_DIR, image_id + '.' + fmt))  # expect: DVR510


@app.route('/images/raw/<path:relative>')
def image_raw(relative):
    return flask.send_file(IMAGE_DIR + '/' + relative)  # expect: DVR510


@app.route('/images/<image_id>/meta')
def image_meta(image_id):
    return open(os.path.join(IMAGE_DIR, image_id + '.json')).read()  # ok: an id segment is a UUID


@app.route('/images/by-name')
def image_by_name():
    # ok: send_from_directory joins safely
    return flask.send_from_directory(IMAGE_DIR, flask.request.args['name'])


@app.route('/images', methods=['POST'])
def upload_image():
    upload = flask.request.files['image']
    path = os.path.join(IMAGE_DIR, secure_filename(upload.filename))
    with open(path, 'wb') as f:  # ok: secure_filename keeps one safe component
        f.write(upload.read())


@app.route('/images/zip', methods=['POST'])
def open_zip():
    name = flask.request.form['archive']
    with zipfile.ZipFile(os.path.join(IMAGE_DIR, name)) as zf:  # expect: DVR510
        return zf.namelist()


@app.route('/images/base')
def image_basename():
    name = os.path.basename(flask.request.args['name'])
    return open(os.path.join(IMAGE_DIR, name), 'rb').read()  # ok: basename


@app.route('/images/real')
def image_realpath():
    path = os.path.realpath(os.path.join(IMAGE_DIR, flask.request.args['name']))
    if not path.startswith(IMAGE_DIR + os.sep):
        flask.abort(403)
        return None
    return open(path, 'rb').read()  # ok: normalised, then checked


@app.route('/images/common')
def image_commonpath():
    path = os.path.normpath(os.path.join(IMAGE_DIR, flask.request.args['name']))
    if os.path.commonpath([IMAGE_DIR, path]) != IMAGE_DIR:
        raise ValueError(path)
    os.unlink(path)  # ok: normalised, then checked


@app.route('/images/prefix')
def image_prefix_only():
    path = os.path.join(IMAGE_DIR, flask.request.args['name'])
    if not path.startswith(IMAGE_DIR):
        raise ValueError(path)
    os.unlink(path)  # expect: DVR510


@app.route('/images/uuid')
def image_uuid():
    image_id = flask.request.args['image']
    if not uuidutils.is_uuid_like(image_id):
        raise ValueError(image_id)
    return open(os.path.join(IMAGE_DIR, image_id), 'rb').read()  # ok: a validated UUID


class ExportResource(object):
    """falcon resource."""

    def on_get(self, req, resp):
        resp.stream = open(os.path.join(LOG_DIR, req.get_param('name')), 'rb')  # expect: DVR510

    def on_get_config(self, req, resp):
        resp.stream = open(os.path.join(CONF.state_path, 'export.json'), 'rb')  # ok: operator configuration


def file_app(environ, start_response):
    # A WSGI application that serves a file named in the query string.
    name = environ.get('QUERY_STRING', '').partition('=')[2]
    return static.FileApp(os.path.join(LOG_DIR, name))(environ, start_response)  # expect: DVR510


def internal_cleanup(router_id, conf):
    # ok: an internal helper with the router's id and operator configuration
    shutil.rmtree(os.path.join(conf.state_path, 'ha_confs', router_id), ignore_errors=True)
