// Extension-host tests: the extension as VS Code runs it, against the fixture
// workspace (test/suite/fixture, copied to a temp folder by the runner).
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  applyCodeAction, codeActionsAt, EXTENSION_ID, expectedKeys, findingKeys, ourDiagnostics, quickFixFor, revert, ruleIdOf, sameKeys, waitFor,
} from './helpers';

const FIXTURE = 'l3_agent.py';

suite('DVR Security Hints in the extension host', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the suite needs the fixture folder open as the workspace');
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, FIXTURE));
    await vscode.window.showTextDocument(doc);
  });

  teardown(async () => {
    await revert(doc);
  });

  test('activates on a Python file', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    assert.strictEqual(doc.languageId, 'python');
    await waitFor(() => ext.isActive, 'the extension to activate');
  });

  test('publishes diagnostics with our rule ids on the lines the fixture expects', async () => {
    const expected = expectedKeys(doc.getText());
    assert.ok(expected.length >= 4, 'the fixture marks findings');
    await waitFor(() => sameKeys(findingKeys(doc.uri), expected), `diagnostics ${expected.join(' ')}`)
      .catch((e: Error) => assert.fail(`${e.message}; got ${findingKeys(doc.uri).join(' ') || 'none'}`));
    const shell = ourDiagnostics(doc.uri).find((d) => ruleIdOf(d) === 'DVR101');
    assert.ok(shell);
    // A parameter, not a threat-model source, reaches the shell: DVR101 at medium severity, a warning.
    assert.strictEqual(shell.severity, vscode.DiagnosticSeverity.Warning, 'DVR101 from a parameter is medium severity: a warning');
    // rules/DVR101.md: the message names the external value that reaches the shell (the first parameter formatted into `cmd`).
    assert.match(shell.message, /'ns_name'/, 'the message names the external value');
  });

  test('dvrHints.ignore hides a rule and clearing it brings the rule back', async () => {
    const config = vscode.workspace.getConfiguration('dvrHints');
    await waitFor(() => findingKeys(doc.uri).some((k) => k.endsWith(':DVR301')), 'DVR301 before the change');
    await config.update('ignore', ['DVR301'], vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => {
        const keys = findingKeys(doc.uri);
        return !keys.some((k) => k.endsWith(':DVR301')) && keys.some((k) => k.endsWith(':DVR101'));
      }, 'DVR301 to disappear while DVR101 stays');
    } finally {
      await config.update('ignore', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => findingKeys(doc.uri).some((k) => k.endsWith(':DVR301')), 'DVR301 to come back');
  });

  test('offers a quick fix for six.iteritems and applying it rewrites the loop', async () => {
    // The range holds only the DVR801 finding, so a quick fix there that is not a suppression is its fix.
    const { action: fix } = await quickFixFor(doc.uri, (d) => ruleIdOf(d) === 'DVR801' && doc.lineAt(d.range.start.line).text.includes('six.iteritems'),
      (a) => !/^Suppress /.test(a.title) && (!a.kind || vscode.CodeActionKind.QuickFix.contains(a.kind)), 'a DVR801 quick fix on six.iteritems');
    await applyCodeAction(fix);
    const loop = doc.getText().split(/\r?\n/).find((l) => l.includes('for fip_id, status in'));
    assert.strictEqual(loop, '    for fip_id, status in fip_statuses.items():  # expect: DVR801');
    await waitFor(() => !ourDiagnostics(doc.uri).some((d) => doc.lineAt(d.range.start.line).text.includes('for fip_id')),
      'the DVR801 finding on the loop to go away');
  });

  test("offers 'Suppress DVR301 on this line' and applying it silences only DVR301 there", async () => {
    const { diagnostic, action: suppress } = await quickFixFor(doc.uri, (d) => ruleIdOf(d) === 'DVR301', (a) => a.title === 'Suppress DVR301 on this line', "'Suppress DVR301 on this line' on the DVR301 diagnostic");
    const line = diagnostic.range.start.line;
    await applyCodeAction(suppress);
    assert.match(doc.lineAt(line).text, /#.*dvr-hints: ignore\[[^\]]*DVR301/);
    await waitFor(() => {
      const here = ourDiagnostics(doc.uri).filter((d) => d.range.start.line === line).map(ruleIdOf);
      return !here.includes('DVR301') && here.includes('DVR302');
    }, 'DVR301 to go away on that line while DVR302 stays');
  });

  test('source.fixAll.dvr-hints rewrites every auto-fixable finding', async () => {
    const actions = await codeActionsAt(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), vscode.CodeActionKind.SourceFixAll.append('dvr-hints'));
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.dvr-hints');
    assert.ok(fixAll, `a source.fixAll.dvr-hints action; got: ${actions.map((a) => `${a.title} (${a.kind?.value})`).join(' | ') || 'none'}`);
    assert.ok(fixAll.edit, 'asked for by kind, the action carries its edit');
    await applyCodeAction(fixAll);
    const text = doc.getText();
    assert.ok(!/^import six\b/m.test(text), "'import six' is removed");
    assert.ok(text.includes('for fip_id, status in fip_statuses.items():'), 'six.iteritems is rewritten');
    assert.ok(!text.includes('LOG.debug("Ignored exception"'), 'logging the swallowed exception changes behaviour: not a safe fix');
    // What is left has no safe fix: the shell command and the bare except (both its fixes change behaviour).
    await waitFor(() => sameKeys(findingKeys(doc.uri).map((k) => k.replace(/^\d+:/, '')).sort(), ['DVR101', 'DVR301', 'DVR302']), 'only DVR101, DVR301 and DVR302 to remain')
      .catch((e: Error) => assert.fail(`${e.message}; got ${findingKeys(doc.uri).join(' ') || 'none'}`));
  });
});
