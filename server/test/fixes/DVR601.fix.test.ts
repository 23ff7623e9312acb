import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compatibleSafeFixes } from '../../src/fixes/edits';
import { checkFix } from '../fixTester';
import { lint } from '../helpers';

describe('DVR601 fix: read the credential from the environment (unsafe)', () => {
  it('replaces a module constant and adds import os', () => {
    checkFix({
      ruleId: 'DVR601',
      applicability: 'unsafe',
      code: "from oslo_log import log\n\nADMIN_PASSWORD = 'n3utr0n-adm1n'\n",
      output: "import os\n\nfrom oslo_log import log\n\nADMIN_PASSWORD = os.environ.get('ADMIN_PASSWORD', '')\n",
    });
  });

  it('names the variable after an option, an attribute, a keyword or a key, in upper case', () => {
    checkFix({
      ruleId: 'DVR601',
      code: "import sys\n\nfrom oslo_config import cfg\n\nOPTS = [cfg.StrOpt('metadata_proxy_shared_secret', default='s3cr3t-proxy')]\n",
      output: "import os\nimport sys\n\nfrom oslo_config import cfg\n\nOPTS = [cfg.StrOpt('metadata_proxy_shared_secret', default=os.environ.get('METADATA_PROXY_SHARED_SECRET', ''))]\n",
    });
    checkFix({
      ruleId: 'DVR601',
      code: "import os\n\n\nclass P:\n    def __init__(self):\n        self.sharedSecret = 'changeme'\n",
      output: "import os\n\n\nclass P:\n    def __init__(self):\n        self.sharedSecret = os.environ.get('SHARED_SECRET', '')\n",
    });
    checkFix({
      ruleId: 'DVR601',
      code: "import os\nclient = Client(username='neutron', password='Neutr0nPass')\n",
      output: "import os\nclient = Client(username='neutron', password=os.environ.get('PASSWORD', ''))\n",
    });
    checkFix({
      ruleId: 'DVR601',
      code: "import os\nHEADERS = {'X-Auth-Token': 'gAAAAABhardcoded'}\n",
      output: "import os\nHEADERS = {'X-Auth-Token': os.environ.get('X_AUTH_TOKEN', '')}\n",
    });
  });

  it('is never applied by fix-all', () => {
    const findings = lint("import os\nPASSWORD = 'Neutr0nPass'\n").filter((f) => f.ruleId === 'DVR601');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].fixes[0].applicability, 'unsafe');
    assert.deepEqual(compatibleSafeFixes(findings.flatMap((f) => f.fixes)), []);
  });

  it('names the variable, never the literal, in the message', () => {
    const [finding] = lint("import os\nPASSWORD = 'Neutr0nPass'\n").filter((f) => f.ruleId === 'DVR601');
    assert.equal(finding.message, "Hard-coded credential for 'PASSWORD'");
    assert.doesNotMatch(JSON.stringify({ message: finding.message, title: finding.fixes[0].title }), /Neutr0nPass/);
  });

  it('offers no fix where the lookup would be wrong', () => {
    // A comparison with '' from a missing variable could let an empty token in.
    checkFix({ ruleId: 'DVR601', code: "import os\nok = req.headers.get('X-Auth-Token') == 'gAAAAABhardcoded'\n", output: null });
    // Bytes would become str.
    checkFix({ ruleId: 'DVR601', code: "import os\nPSK = b'ipsec-shared-key'\n", output: null });
    // `os` is something else here.
    checkFix({ ruleId: 'DVR601', code: "def f(os, password='Neutr0nPass'):\n    return os\n", output: null });
    // Test fixtures need their fake credentials.
    checkFix({ ruleId: 'DVR601', path: 'neutron/tests/unit/test_x.py', code: "PASSWORD = 'fake-password'\n", output: null });
  });
});

describe('DVR601 in test code', () => {
  it('is low severity and low confidence', () => {
    const [finding] = lint("PASSWORD = 'fake-password'\n", 'neutron/tests/unit/test_x.py').filter((f) => f.ruleId === 'DVR601');
    assert.equal(finding.severity, 'low');
    assert.equal(finding.confidence, 'low');
  });
});
