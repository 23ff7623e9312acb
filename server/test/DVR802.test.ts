import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalogue } from '../src/engine/catalogue';
import { DEPRECATED_MODULES, deprecatedModuleMessage, isDeprecatedModuleFile } from '../src/rules/DVR802';
import { lint } from './helpers';

describe('DVR802 deprecated-module', () => {
  it('fills the {replacement} of the catalogue message for every module', () => {
    const template = loadCatalogue().get('DVR802')?.message ?? '';
    assert.match(template, /\{value\}.*\{replacement\}/);
    for (const [module, { replacement }] of DEPRECATED_MODULES) {
      const [finding] = lint(`import ${module}\n`).filter((f) => f.ruleId === 'DVR802');
      assert.equal(finding.message, template.replace('{value}', module).replace('{replacement}', replacement));
      assert.equal(finding.message, deprecatedModuleMessage(module, replacement));
      assert.doesNotMatch(finding.message, /[{}]/);
    }
  });

  it('names every module the catalogue lists', () => {
    assert.deepEqual([...DEPRECATED_MODULES.keys()].sort(), ['asynchat', 'asyncore', 'cgi', 'cgitb', 'crypt', 'distutils', 'imp', 'pipes', 'smtpd', 'telnetlib']);
  });

  it('leaves code that is itself part of a deprecated module alone', () => {
    assert.equal(isDeprecatedModuleFile('Lib/distutils/command/upload.py'), true);
    assert.equal(isDeprecatedModuleFile('Lib/asynchat.py'), true);
    assert.equal(isDeprecatedModuleFile('Lib/test/test_distutils.py'), true);
    assert.equal(isDeprecatedModuleFile('neutron/agent/linux/utils.py'), false);
    assert.equal(isDeprecatedModuleFile('neutron/common/pipes_helper.py'), false);
    assert.equal(isDeprecatedModuleFile('setuptools/_distutils/spawn.py'), true);
    assert.deepEqual(lint('import asyncore\n', 'Lib/smtpd.py').filter((f) => f.ruleId === 'DVR802'), []);
  });

  it('leaves setuptools, which provides distutils, alone', () => {
    assert.deepEqual(lint('from distutils.command import upload\n', 'site-packages/setuptools/command/upload.py').filter((f) => f.ruleId === 'DVR802'), []);
    assert.equal(lint('from distutils.command import upload\n', 'site-packages/pip/_internal/x.py').filter((f) => f.ruleId === 'DVR802').length, 1);
    assert.equal(lint('import imp\n', 'site-packages/setuptools/x.py').filter((f) => f.ruleId === 'DVR802').length, 1);
  });
});
