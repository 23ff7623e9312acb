import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { toSarif } from '../src/cli/sarif';
import { LineIndex } from '../src/engine/lineIndex';
import { applyEdits } from '../src/fixes/edits';
import { scan } from '../src/scan/scan';
import { allRules, REPO_ROOT } from './helpers';

const SCHEMA = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

const TEXT = `from oslo_log import log as logging

LOG = logging.getLogger(__name__)


def stop(ns, devices):
    try:
        ns.delete()
    except:
        pass
    try:
        devices.unplug()
    except RuntimeError:
        return
`;

describe('SARIF fixes', () => {
  let dir: string;
  let log: Sarif.Log;
  let text: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-sarif-'));
    const file = path.join(dir, 'agent.py');
    text = TEXT.replace(/\n/g, '\r\n');
    fs.writeFileSync(file, text);
    const metas = allRules().map((r) => r.meta);
    log = toSarif(scan({ paths: [file], overrides: { 'extend-select': ['DVR301', 'DVR302'] }, rules: allRules(), isolated: true }), metas, '0.0.0-test', dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('validates against the SARIF 2.1.0 schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }) // the schema's language pattern is not valid with the u flag;
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
    const valid = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  });

  it('carries every fix, safe or not, with its applicability, and regions in both forms', () => {
    const fixes = log.runs[0].results!.flatMap((r) => (r.fixes ?? []).map((f) => ({ ruleId: r.ruleId, fix: f })));
    assert.deepEqual(fixes.map((f) => `${f.ruleId}:${(f.fix.properties as { applicability: string }).applicability}`).sort(), ['DVR301:unsafe', 'DVR302:unsafe', 'DVR302:unsafe']);
    for (const { fix } of fixes) {
      for (const change of fix.artifactChanges) {
        assert.deepEqual(change.artifactLocation, { uri: 'agent.py', uriBaseId: '%SRCROOT%' });
        for (const r of change.replacements) {
          const region = r.deletedRegion;
          for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength'] as const) assert.equal(typeof region[key], 'number', key);
        }
      }
    }
  });

  it('replacements by offset and by line and column give the same, exact fixed text', () => {
    const lines = new LineIndex(text);
    const results = log.runs[0].results!.filter((r) => r.fixes && r.fixes.length > 0);
    const outputs = results.map((r) => {
      const replacements = r.fixes![0].artifactChanges[0].replacements;
      const byOffset = applyEdits(
        text,
        replacements.map((x) => ({ start: x.deletedRegion.charOffset!, end: x.deletedRegion.charOffset! + x.deletedRegion.charLength!, newText: x.insertedContent?.text ?? '' })),
      );
      const byLine = applyEdits(
        text,
        replacements.map((x) => ({
          start: lines.offsetAt({ line: x.deletedRegion.startLine! - 1, character: x.deletedRegion.startColumn! - 1 }),
          end: lines.offsetAt({ line: x.deletedRegion.endLine! - 1, character: x.deletedRegion.endColumn! - 1 }),
          newText: x.insertedContent?.text ?? '',
        })),
      );
      assert.equal(byLine, byOffset);
      return byOffset;
    });
    const crlf = (s: string): string => s.replace(/\n/g, '\r\n');
    assert.deepEqual(outputs, [
      crlf(TEXT.replace('    except:\n', '    except Exception:\n')),
      crlf(TEXT.replace('    except:\n        pass\n', '    except:\n        LOG.debug("Ignored exception", exc_info=True)\n')),
      crlf(TEXT.replace('        return\n', '        LOG.debug("Ignored exception", exc_info=True)\n        return\n')),
    ]);
  });
});
