import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix } from './fixTester';
import { lint } from './helpers';

/** DVR302 may or may not report `code` (narrow expected exceptions are not reported at all), but never offers a fix. */
function assertNoFix(code: string): void {
  const fixed = lint(code).filter((f) => f.ruleId === 'DVR302' && f.fixes.length > 0);
  assert.deepEqual(fixed, [], `expected no DVR302 fix in:\n${code}`);
}

const header = `from oslo_log import log as logging

LOG = logging.getLogger(__name__)

`;
const TITLE = 'Log the ignored exception';

describe('DVR302 fix: log the swallowed exception', () => {
  it('replaces pass with a debug log that keeps the traceback', () => {
    checkFix({
      ruleId: 'DVR302',
      title: TITLE,
      applicability: 'unsafe',
      code: `${header}def delete_gateway(device, table):
    try:
        device.route.delete_gateway(table=table)
    except RuntimeError:
        pass
`,
      output: `${header}def delete_gateway(device, table):
    try:
        device.route.delete_gateway(table=table)
    except RuntimeError:
        LOG.debug("Ignored exception", exc_info=True)
`,
    });
  });

  it('offers no fix inside a loop, where it would log on every turn', () => {
    for (const code of [
      `${header}def flush(devices):
    for device in devices:
        try:
            device.route.flush(4)
        except RuntimeError:
            continue
`,
      `${header}def serve(sock):
    while True:
        try:
            handle(sock.recv(4096))
        except OSError:
            return
`,
    ]) {
      assertNoFix(code);
    }
  });

  it('offers no fix for exceptions that are control flow', () => {
    for (const caught of ['queue.Empty', 'EOFError', 'KeyError', 'eventlet.queue.Empty', '(IndexError, KeyError)', 'TimeoutError']) {
      assertNoFix(`${header}def next_event(q):
    try:
        return q.get(timeout=1)
    except ${caught}:
        return None
`);
    }
  });

  it('logs before return None', () => {
    checkFix({
      ruleId: 'DVR302',
      code: `${header}def garp(ns, dev):
    try:
        ip_lib.send_ip_addr_adv_notif(ns, dev, '10.0.0.1', 3)
    except ProcessExecutionError:
        return None
`,
      output: `${header}def garp(ns, dev):
    try:
        ip_lib.send_ip_addr_adv_notif(ns, dev, '10.0.0.1', 3)
    except ProcessExecutionError:
        LOG.debug("Ignored exception", exc_info=True)
        return None
`,
    });
  });

  it('replaces an ellipsis body and keeps a TODO comment', () => {
    checkFix({
      ruleId: 'DVR302',
      code: `${header}def forget(d, k):
    try:
        d.delete_entry(k)
    except RuntimeError:
        # TODO(someone): decide
        ...
`,
      output: `${header}def forget(d, k):
    try:
        d.delete_entry(k)
    except RuntimeError:
        # TODO(someone): decide
        LOG.debug("Ignored exception", exc_info=True)
`,
    });
  });

  it('keeps a one-line handler on one line', () => {
    checkFix({
      ruleId: 'DVR302',
      code: `${header}def f(d):
    try:
        d.delete()
    except RuntimeError: pass
`,
      output: `${header}def f(d):
    try:
        d.delete()
    except RuntimeError: LOG.debug("Ignored exception", exc_info=True)
`,
    });
    checkFix({
      ruleId: 'DVR302',
      code: `${header}def f(d):
    try:
        d.delete()
    except RuntimeError: return
`,
      output: `${header}def f(d):
    try:
        d.delete()
    except RuntimeError: LOG.debug("Ignored exception", exc_info=True); return
`,
    });
  });

  it('uses the module logger whatever it is called, LOG first', () => {
    checkFix({
      ruleId: 'DVR302',
      code: `import logging

logger = logging.getLogger(__name__)


def f(d):
    try:
        d.delete()
    except RuntimeError:
        pass
`,
      output: `import logging

logger = logging.getLogger(__name__)


def f(d):
    try:
        d.delete()
    except RuntimeError:
        logger.debug("Ignored exception", exc_info=True)
`,
    });
    checkFix({
      ruleId: 'DVR302',
      code: `import logging

audit = logging.getLogger('audit')
LOG = logging.getLogger(__name__)


def f(d):
    try:
        d.delete()
    except RuntimeError:
        pass
`,
      output: `import logging

audit = logging.getLogger('audit')
LOG = logging.getLogger(__name__)


def f(d):
    try:
        d.delete()
    except RuntimeError:
        LOG.debug("Ignored exception", exc_info=True)
`,
    });
  });

  it('offers no fix without a module logger', () => {
    checkFix({
      ruleId: 'DVR302',
      code: `import logging


def f(d):
    try:
        d.delete()
    except RuntimeError:
        pass
`,
      output: null,
    });
  });

  it('offers no fix where the function rebinds the logger name', () => {
    checkFix({
      ruleId: 'DVR302',
      code: `${header}def f(d, LOG):
    try:
        d.delete()
    except RuntimeError:
        pass
`,
      output: null,
    });
    checkFix({
      ruleId: 'DVR302',
      code: `${header}def f(d):
    LOG = d.log
    try:
        d.delete()
    except RuntimeError:
        pass
`,
      output: null,
    });
  });

  it('at module level, only after the logger exists', () => {
    checkFix({
      ruleId: 'DVR302',
      code: `import logging
try:
    ip_lib.delete_network_namespace('qrouter-stale')
except RuntimeError:
    pass
LOG = logging.getLogger(__name__)
`,
      output: null,
    });
    checkFix({
      ruleId: 'DVR302',
      code: `import logging
LOG = logging.getLogger(__name__)
try:
    ip_lib.delete_network_namespace('qrouter-stale')
except RuntimeError:
    pass
`,
      output: `import logging
LOG = logging.getLogger(__name__)
try:
    ip_lib.delete_network_namespace('qrouter-stale')
except RuntimeError:
    LOG.debug("Ignored exception", exc_info=True)
`,
    });
  });

  it('adds CRLF lines to a CRLF file', () => {
    const crlf = (s: string): string => s.replace(/\n/g, '\r\n');
    checkFix({
      ruleId: 'DVR302',
      code: crlf(`${header}def f(d):
    try:
        d.delete()
    except RuntimeError:
        return
`),
      output: crlf(`${header}def f(d):
    try:
        d.delete()
    except RuntimeError:
        LOG.debug("Ignored exception", exc_info=True)
        return
`),
    });
  });
});
