"""A small status service: the unit to query comes from the HTTP request."""
import subprocess

from flask import Flask, request

app = Flask(__name__)


def _unit_status(unit):
    return subprocess.check_output('systemctl status %s' % unit, shell=True)


@app.route('/status')
def status():
    unit = request.args.get('unit', 'neutron-server')
    return _unit_status(unit)  # expect: DVR101
