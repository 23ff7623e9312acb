"""Metadata proxy of the DVR agent: forwards instance requests to Nova."""

import hashlib
import hmac
import pickle
import tempfile

import requests
import yaml
from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class MetadataProxy(object):

    def __init__(self, conf):
        self.conf = conf
        self.session = requests.Session()

    def _sign_instance_id(self, instance_id):
        # Nova checks this signature: it must be an HMAC with a strong hash.
        secret = self.conf.metadata_proxy_shared_secret.encode()
        return hmac.new(secret, instance_id.encode(), hashlib.sha256).hexdigest()

    def _legacy_signature(self, instance_id):
        return hashlib.md5(instance_id.encode()).hexdigest()  # expect: DVR903

    def _cache_key(self, path):
        return hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()

    def _fetch(self, url, headers):
        return self.session.get(url, headers=headers, timeout=10,
                                verify=False)  # expect: DVR901

    def _fetch_verified(self, url, headers):
        verify = self.conf.auth_ca_cert or not self.conf.nova_metadata_insecure
        return self.session.get(url, headers=headers, verify=verify, timeout=10)

    def _load_vendor_data(self, path):
        with open(path) as f:
            return yaml.load(f, Loader=yaml.Loader)  # expect: DVR505

    def _load_network_data(self, path):
        with open(path) as f:
            return yaml.safe_load(f)

    def _restore_cache(self, blob):
        return pickle.loads(blob)  # expect: DVR505

    def _user_data_script(self, content):
        path = tempfile.mktemp(suffix='.sh')  # expect: DVR508
        with open(path, 'w') as f:
            f.write(content)
        return path

    def _evaluate_filter(self, expression, instance):
        return eval(expression, {'instance': instance})  # expect: DVR106
