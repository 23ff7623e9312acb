"""Fixture for DVR106 (code-from-data).

QoS and extension helpers that evaluate values, next to the parsers that replace them.
"""

import ast
import json
import re

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

# Module level: a plugin hook read from the environment and run at import time.
import os
HOOK = os.environ.get('NEUTRON_QOS_HOOK', '')
exec(HOOK)  # expect: DVR106

SAFE_DEFAULT = eval('1024 * 8')  # ok: constant expression
BURST_PATTERN = re.compile(r'^\d+(k|m)?bit$')  # ok: re.compile, not the builtin


def _evaluate(expression):
    # A wrapper that hides eval from its callers is still eval.
    return eval(expression)  # expect: DVR106(high)


class QosRuleAdapter(object):

    def __init__(self, driver):
        self.driver = driver
        self.rules = {}

    def max_kbps(self, rule):
        return eval(rule['max_kbps'])  # expect: DVR106

    def burst(self, rule):
        source = 'lambda kbps: %s' % rule['burst_formula']
        return eval(source)  # expect: DVR106

    def load_extension(self, path):
        with open(path) as f:
            code = compile(f.read(), path, 'exec')  # expect: DVR106
        exec(code)  # ok: reported once, on compile
        return code

    def run_inline(self, body):
        exec(compile(body, '<qos>', 'exec'))  # expect: DVR106

    def policy(self, name):
        return eval(f'self.rules["{name}"]')  # expect: DVR106

    # ---- negatives -------------------------------------------------------

    def parsed_kbps(self, rule):
        return int(rule['max_kbps'])  # ok: parsed, not evaluated

    def parsed_profile(self, rule):
        return ast.literal_eval(rule['burst_profile'])  # ok: literals only

    def parsed_json(self, rule):
        return json.loads(rule['dscp_map'])  # ok: data format

    def evaluate_model(self, model):
        return model.eval()  # ok: a method called eval

    def compiled_pattern(self, text):
        return re.compile(text)  # ok: regular expression

    def fixed_code(self):
        exec('import neutron.services.qos.drivers')  # ok: constant code
