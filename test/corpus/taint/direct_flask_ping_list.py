"""Small diagnostics service next to the agent: pings a host from the network node."""
import subprocess

import flask

app = flask.Flask(__name__)


@app.route('/ping')
def ping():
    host = flask.request.args.get('host', '127.0.0.1')
    result = subprocess.run(['ping', '-c', '1', '-W', '2', host], capture_output=True)  # expect: DVR102
    return {'reachable': result.returncode == 0}
