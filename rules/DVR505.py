"""Fixture for DVR505 (unsafe-deserialisation).

Router state cache, L3 agent profile loader and RPC helpers.
"""

import json
import marshal
import pickle
import shelve

import cPickle as cpickle
import jsonpickle
import numpy
import yaml
from yaml import load as yaml_load

from oslo_serialization import jsonutils

# Module level: the agent's state file is unpickled at import time.
with open('/var/lib/neutron/l3_state.pickle', 'rb') as _f:
    ROUTER_STATE = pickle.load(_f)  # expect: DVR505

DEFAULTS = yaml.safe_load('ha_vrrp_advert_int: 2')  # ok: safe loader


def restore_snapshot(blob):
    # A wrapper around loads: the data comes from the caller.
    return pickle.loads(blob)  # expect: DVR505(high)


class RouterStateCache(object):

    def __init__(self, path):
        self.path = path

    def load_profile(self, stream):
        return yaml.load(stream, Loader=yaml.Loader)  # expect: DVR505

    def load_profile_default(self, stream):
        return yaml_load(stream)  # expect: DVR505

    def load_all_profiles(self, stream):
        return list(yaml.load_all(stream, Loader=yaml.FullLoader))  # expect: DVR505

    def from_rpc(self, payload):
        return cpickle.loads(payload['state'])  # expect: DVR505

    def from_bytecode(self, data):
        return marshal.loads(data)  # expect: DVR505

    def from_json_pickle(self, text):
        return jsonpickle.decode(text)  # expect: DVR505

    def from_array(self, path):
        return numpy.load(path, allow_pickle=True)  # expect: DVR505

    def shelf(self):
        return shelve.open(self.path)  # expect: DVR505(low)

    def unpickler(self, f):
        return pickle.Unpickler(f).load()  # expect: DVR505

    # ---- negatives -------------------------------------------------------

    def load_safe(self, stream):
        return yaml.load(stream, Loader=yaml.SafeLoader)  # ok: safe loader

    def load_csafe(self, stream):
        loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
        return yaml.load(stream, Loader=loader)  # ok: the variable holds a safe loader

    def load_json(self, payload):
        return json.loads(payload)  # ok: data only

    def load_jsonutils(self, payload):
        return jsonutils.loads(payload)  # ok: data only

    def save(self, state):
        return pickle.dumps(state)  # ok: dumping is not loading

    def load_array(self, path):
        return numpy.load(path)  # ok: allow_pickle defaults to False

    def load_yaml_safe(self, stream):
        return yaml.safe_load(stream)  # ok: safe loader

    def load_inline(self, stream):
        return yaml.load(stream, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))  # ok: a safe loader either way
