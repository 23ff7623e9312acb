"""An upload endpoint and a log collector that take archives from elsewhere."""

import io
import tarfile as tf
import zipfile

import flask
import requests

app = flask.Flask(__name__)
UPLOADS = '/var/lib/neutron/uploads'


@app.route('/bundles', methods=['POST'])
def upload_bundle():
    archive = tf.open(fileobj=io.BytesIO(flask.request.get_data()))
    archive.extractall(UPLOADS)  # expect: DVR511(severity:high)


@app.route('/bundles/filtered', methods=['POST'])
def upload_bundle_filtered():
    archive = tf.open(fileobj=io.BytesIO(flask.request.get_data()))
    archive.extractall(UPLOADS, filter='data')  # ok: data filter


def fetch_collector(url):
    response = requests.get(url, timeout=30)
    with tf.open(fileobj=io.BytesIO(response.content)) as tar:
        tar.extractall(UPLOADS)  # expect: DVR511


@app.route('/bundles/zip', methods=['POST'])
def upload_zip():
    with zipfile.ZipFile(io.BytesIO(flask.request.get_data())) as zf:
        zf.extractall(UPLOADS)  # ok: zipfile drops '..' and leading slashes


def fetch_zip(url):
    response = requests.get(url, timeout=30)
    zf = zipfile.ZipFile(io.BytesIO(response.content))
    zf.extract('report.txt', UPLOADS)  # ok: zip member names are cleaned by zipfile
