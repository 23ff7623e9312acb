import { describe, it } from 'node:test';
import { checkFix } from '../fixTester';

const ruleId = 'DVR403';
const header = 'import logging\n\nLOG = logging.getLogger(__name__)\n\n\n';

function check(body: string, output: string | null, applicability: 'safe' | 'unsafe' = 'safe'): void {
  checkFix({ ruleId, code: header + body, output: output === null ? null : header + output, applicability: output === null ? undefined : applicability });
}

describe('DVR403 fix: lazy logging arguments', () => {
  it('moves a single % value into the arguments', () => {
    check('def f(y):\n    LOG.debug("x %s" % y)\n', 'def f(y):\n    LOG.debug("x %s", y)\n');
  });

  it('spreads a % tuple into arguments', () => {
    check('def f(a, b):\n    LOG.debug("x %s %d" % (a, b))\n', 'def f(a, b):\n    LOG.debug("x %s %d", a, b)\n');
  });

  it('drops the trailing comma of a one-element tuple', () => {
    check('def f(a):\n    LOG.debug("x %s" % (a,), exc_info=True)\n', 'def f(a):\n    LOG.debug("x %s", a, exc_info=True)\n');
  });

  it('keeps the line break of a % split across lines', () => {
    check(
      'def f(gw, idx):\n    LOG.debug("Removing gateway %s from table %d" %\n              (gw, idx))\n',
      'def f(gw, idx):\n    LOG.debug("Removing gateway %s from table %d",\n              gw, idx)\n',
    );
  });

  it('passes a dict literal for named placeholders', () => {
    check("def f(a):\n    LOG.info(\"%(name)s up\" % {'name': a})\n", "def f(a):\n    LOG.info(\"%(name)s up\", {'name': a})\n");
  });

  it('marks a named-placeholder rewrite unsafe when the mapping type is unknown', () => {
    check('def f(d):\n    LOG.info("%(name)s up" % d)\n', 'def f(d):\n    LOG.info("%(name)s up", d)\n', 'unsafe');
  });

  it('unpacks a tuple value that feeds several placeholders', () => {
    check('def f(pair):\n    LOG.info("%s -> %s" % pair)\n', 'def f(pair):\n    LOG.info("%s -> %s", *pair)\n');
  });

  it('keeps the translation call around the message', () => {
    check('def f(c):\n    LOG.error(_("Cannot remove %s") % c)\n', 'def f(c):\n    LOG.error(_("Cannot remove %s"), c)\n');
  });

  it('takes the message of LOG.log from the second argument', () => {
    check('def f(level, c):\n    LOG.log(level, "Removing %s" % c)\n', 'def f(level, c):\n    LOG.log(level, "Removing %s", c)\n');
  });

  it('turns an f-string into %s placeholders and escapes a literal %', () => {
    check('def f(dev, pct):\n    LOG.info(f"Device {dev.name} at {pct}% load")\n', 'def f(dev, pct):\n    LOG.info("Device %s at %s%% load", dev.name, pct)\n');
  });

  it('maps !r and exact format specs of an f-string', () => {
    check('def f(x, t):\n    LOG.info(f"{x!r} took {t:.2f}s {{raw}}")\n', 'def f(x, t):\n    LOG.info("%r took %.2fs {raw}", x, t)\n');
  });

  it('offers no fix for an f-string spec printf cannot spell', () => {
    check('def f(x):\n    LOG.info(f"{x:>10}")\n', null);
  });

  it('offers no fix for the f-string = debugging form', () => {
    check('def f(x):\n    LOG.info(f"{x=}")\n', null);
  });

  it('rewrites every piece of an implicit concatenation with an f-string', () => {
    check(
      'def f(a, b):\n    LOG.info(f"first {a}, "\n             "100% "\n             f"then {b}")\n',
      'def f(a, b):\n    LOG.info("first %s, "\n             "100%% "\n             "then %s", a, b)\n',
    );
  });

  it('parenthesises a bare tuple taken out of an f-string', () => {
    check('def f(a, b):\n    LOG.info(f"pair {a, b}")\n', 'def f(a, b):\n    LOG.info("pair %s", (a, b))\n');
  });

  it('turns positional str.format fields into %s', () => {
    check(
      'def f(gw, ns):\n    LOG.warning("Gateway {} not found in {}".format(\n        gw, ns))\n',
      'def f(gw, ns):\n    LOG.warning("Gateway %s not found in %s",\n        gw, ns)\n',
    );
  });

  it('accepts numbered fields in order and escapes %', () => {
    check('def f(a, b):\n    LOG.warning("{0}% of {1}".format(a, b))\n', 'def f(a, b):\n    LOG.warning("%s%% of %s", a, b)\n');
  });

  it('offers no fix for str.format fields out of order or named', () => {
    check('def f(a, b):\n    LOG.warning("{1} {0}".format(a, b))\n', null);
    check('def f(a):\n    LOG.warning("{name}".format(name=a))\n', null);
  });

  it('offers no fix for a translated str.format template (its msgid would change)', () => {
    check('def f(a):\n    LOG.warning(_("at {}").format(a))\n', null);
  });

  it('rewrites "text " + value across lines, keeping the comment', () => {
    check(
      "def f(fip):\n    LOG.warning(\"Unable to configure \"  # note\n                + fip['id'])\n",
      "def f(fip):\n    LOG.warning(\"Unable to configure %s\",  # note\n                fip['id'])\n",
    );
  });

  it('merges a one-line concatenation chain', () => {
    check("def f(name):\n    LOG.warning('Device ' + name + ' not found (100%)')\n", "def f(name):\n    LOG.warning('Device %s not found (100%%)', name)\n");
  });

  it('offers no fix when the concatenation does not start with a literal', () => {
    check("def f(a, b):\n    LOG.warning(a + ' and ' + b)\n", null);
  });

  it('offers no fix when the call already passes arguments', () => {
    check('def f(a, b):\n    LOG.debug("x %s" % a, b)\n', null);
  });

  it('offers no fix when the tuple does not match the placeholders', () => {
    check('def f(a, b):\n    LOG.debug("x %s" % (a, b))\n', null);
  });

  it('works with CRLF line endings', () => {
    checkFix({
      ruleId,
      code: 'import logging\r\nLOG = logging.getLogger(__name__)\r\n\r\ndef f(a, b):\r\n    LOG.debug("x %s %s" %\r\n              (a, b))\r\n',
      output: 'import logging\r\nLOG = logging.getLogger(__name__)\r\n\r\ndef f(a, b):\r\n    LOG.debug("x %s %s",\r\n              a, b)\r\n',
      applicability: 'safe',
    });
  });

  it('works with tab indentation', () => {
    checkFix({
      ruleId,
      code: 'import logging\nLOG = logging.getLogger(__name__)\n\ndef f(a):\n\tif a:\n\t\tLOG.info(f"got {a}")\n',
      output: 'import logging\nLOG = logging.getLogger(__name__)\n\ndef f(a):\n\tif a:\n\t\tLOG.info("got %s", a)\n',
      applicability: 'safe',
    });
  });

  it('marks the fix unsafe for a logger the module did not get from logging', () => {
    checkFix({
      ruleId,
      code: 'class Bench:\n    def run(self, n):\n        self.logger.warning(f"ran {n}")\n',
      output: 'class Bench:\n    def run(self, n):\n        self.logger.warning("ran %s", n)\n',
      applicability: 'unsafe',
    });
  });

  it('treats the module-level logging alias as the standard API', () => {
    checkFix({
      ruleId,
      code: 'import logging as std_logging\n\n\ndef f(fip):\n    std_logging.error("Floating IP %s failed" % fip)\n',
      output: 'import logging as std_logging\n\n\ndef f(fip):\n    std_logging.error("Floating IP %s failed", fip)\n',
      applicability: 'safe',
    });
  });
});
