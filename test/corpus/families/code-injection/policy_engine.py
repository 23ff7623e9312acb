"""A small rule engine for port security policies, in the style of an ML2 extension."""

import ast
import importlib
import json
import operator
import sys

from oslo_config import cfg

CONF = cfg.CONF

if len(sys.argv) > 1:
    exec(sys.argv[1])  # expect: DVR106

_OPS = {'==': operator.eq, '!=': operator.ne}
_DEFAULT_RULE = eval('lambda port: True')  # ok: constant code


def evaluate_match(expression, port):
    return eval(expression, {'port': port})  # expect: DVR106


def compile_rule(text):
    return compile(text, '<policy>', 'eval')  # expect: DVR106


class PolicyEngine(object):

    def __init__(self, rules_file):
        self.rules_file = rules_file
        self.rules = {}

    def load(self):
        with open(self.rules_file) as f:
            source = f.read()
        namespace = {}
        exec(source, namespace)  # expect: DVR106
        self.rules = namespace.get('RULES', {})

    def check(self, name, port):
        rule = self.rules[name]
        return eval('%s(port)' % rule, {}, {'port': port})  # expect: DVR106

    def check_attr(self, port, attribute, value):
        return eval("port['%s'] == %r" % (attribute, value))  # expect: DVR106

    def check_fstring(self, port, field):
        return eval(f"port.get('{field}')", {'port': port})  # expect: DVR106

    def run_hook(self, hook_body):
        code = 'def hook(port):\n    ' + hook_body
        exec(code, globals())  # expect: DVR106

    def from_conf(self):
        return eval(CONF.port_policy_default)  # expect: DVR106

    def dynamic_import(self, path):
        return eval('__import__(%r)' % path)  # expect: DVR106

    # ---- safe look-alikes -------------------------------------------------

    def parse_literal(self, text):
        return ast.literal_eval(text)  # ok: literals only

    def parse_json(self, text):
        return json.loads(text)  # ok: data format

    def load_driver(self, path):
        return importlib.import_module(path)  # ok: not code from text

    def compare(self, op, left, right):
        return _OPS[op](left, right)  # ok: table of functions

    def eval_model(self, model):
        return model.eval()  # ok: a method named eval

    def compile_pattern(self, pattern):
        import re
        return re.compile(pattern)  # ok: regular expression

    def exec_command(self, client, command):
        return client.exec_command(command)  # ok: not the builtin

    def evaluate(self, rule, port):
        return self.engine.evaluate(rule, port)  # ok: a method

    def fixed(self):
        exec('from neutron.plugins.ml2 import driver_api')  # ok: constant code
