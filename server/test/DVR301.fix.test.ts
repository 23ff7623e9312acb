import { describe, it } from 'node:test';
import { checkFix } from './fixTester';

describe('DVR301 fix: bare except', () => {
  it('catches Exception instead of everything, marked unsafe', () => {
    checkFix({
      ruleId: 'DVR301',
      applicability: 'unsafe',
      code: `def delete_namespace(ns):
    try:
        ns.delete()
    except:
        LOG.exception("Failed deleting namespace %s", ns)
`,
      output: `def delete_namespace(ns):
    try:
        ns.delete()
    except Exception:
        LOG.exception("Failed deleting namespace %s", ns)
`,
    });
  });

  it('keeps a space before the colon and a comment after it', () => {
    checkFix({
      ruleId: 'DVR301',
      code: `try:
    go()
except :  # noqa: E722
    raise
`,
      output: `try:
    go()
except Exception :  # noqa: E722
    raise
`,
    });
  });

  it('offers no fix for a broad handler that names its exception', () => {
    checkFix({
      ruleId: 'DVR301',
      code: `try:
    go()
except Exception as e:
    LOG.error("failed: %s", e)
`,
      output: null,
    });
  });
});
