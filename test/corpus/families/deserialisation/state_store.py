"""Agent state persistence and RPC payload decoding."""

import json
import pickle as pkl
import shelve

import dill
import jsonpickle
import msgpack
import yaml
from oslo_serialization import jsonutils
from six.moves import cPickle

_CACHE_FILE = '/var/lib/neutron/agent_cache.pkl'

with open(_CACHE_FILE, 'rb') as f:
    CACHED = pkl.load(f)  # expect: DVR505

SETTINGS = yaml.safe_load(open('/etc/neutron/agent_settings.yaml'))  # ok: safe loader


def decode_blob(blob):
    return pkl.loads(blob)  # expect: DVR505


def decode_state(data):
    return cPickle.loads(data)  # expect: DVR505


class StateStore(object):

    def __init__(self, path):
        self.path = path

    def read_config(self, stream):
        return yaml.load(stream)  # expect: DVR505

    def read_full(self, stream):
        return yaml.load(stream, Loader=yaml.FullLoader)  # expect: DVR505

    def read_unsafe(self, stream):
        return yaml.unsafe_load(stream)  # expect: DVR505

    def read_docs(self, stream):
        return list(yaml.load_all(stream, yaml.Loader))  # expect: DVR505

    def restore(self, payload):
        return dill.loads(payload['snapshot'])  # expect: DVR505

    def decode_json_pickle(self, body):
        return jsonpickle.decode(body)  # expect: DVR505

    def unpickle_stream(self, stream):
        return pkl.Unpickler(stream).load()  # expect: DVR505

    def open_shelf(self):
        return shelve.open(self.path)  # expect: DVR505

    # ---- safe look-alikes -------------------------------------------------

    def read_safe(self, stream):
        return yaml.safe_load(stream)  # ok: safe loader

    def read_safe_loader(self, stream):
        return yaml.load(stream, Loader=yaml.SafeLoader)  # ok: safe loader

    def read_csafe(self, stream):
        return yaml.load(stream, Loader=yaml.CSafeLoader)  # ok: safe loader

    def read_all_safe(self, stream):
        return list(yaml.safe_load_all(stream))  # ok: safe loader

    def decode_json(self, body):
        return json.loads(body)  # ok: data only

    def decode_jsonutils(self, body):
        return jsonutils.loads(body)  # ok: data only

    def decode_msgpack(self, body):
        return msgpack.unpackb(body, raw=False)  # ok: data only

    def encode(self, state):
        return pkl.dumps(state, protocol=2)  # ok: dumping

    def dump_yaml(self, state):
        return yaml.safe_dump(state)  # ok: dumping

    def load_method(self, loader, stream):
        return loader.load(stream)  # ok: unknown object's method
