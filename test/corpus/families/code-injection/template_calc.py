"""Bandwidth calculators configured by operators, as a QoS driver might have them."""

from oslo_log import log as logging
from simpleeval import simple_eval

LOG = logging.getLogger(__name__)

FORMULA = 'kbps * 1.2'


def burst_for(kbps, formula=FORMULA):
    return eval(formula, {'__builtins__': {}}, {'kbps': kbps})  # expect: DVR106


def burst_safe(kbps, formula=FORMULA):
    return simple_eval(formula, names={'kbps': kbps})  # ok: restricted evaluator


class Calculator(object):

    def __init__(self, formulas):
        self.formulas = formulas

    def calculate(self, name, **values):
        return eval(self.formulas[name], {}, values)  # expect: DVR106

    def table(self, name):
        return self.formulas.get(name)  # ok: lookup

    def describe(self, name):
        LOG.debug('Evaluating %s', name)  # ok: a log message
        return 'eval(%s)' % name  # ok: text, not a call
