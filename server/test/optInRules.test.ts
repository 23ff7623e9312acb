import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LINT_OPTIONS } from '../src/engine/options';
import { lint } from './helpers';

const loop = 'import subprocess\n\n\ndef flush(fips):\n    for fip in fips:\n        subprocess.call(["conntrack", "-D", "-d", fip])\n';

describe('opt-in rules', () => {
  it('DVR504 does not run under the default selection', () => {
    const findings = lint(loop, 'neutron/agent/l3/x.py', DEFAULT_LINT_OPTIONS);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'DVR504'), []);
  });

  it('DVR504 runs when extend-select names it', () => {
    const findings = lint(loop, 'neutron/agent/l3/x.py', { ...DEFAULT_LINT_OPTIONS, extendSelect: ['DVR504'] });
    assert.deepEqual(findings.filter((f) => f.ruleId === 'DVR504').map((f) => f.start), [loop.indexOf('for fip')]);
  });

  it('DVR504 runs when select names it', () => {
    const findings = lint(loop, 'neutron/agent/l3/x.py', { ...DEFAULT_LINT_OPTIONS, select: ['DVR504'] });
    assert.equal(findings.filter((f) => f.ruleId === 'DVR504').length, 1);
  });
});
