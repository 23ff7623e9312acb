import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'url';
import {
  ApplyWorkspaceEditRequest,
  CodeActionRequest,
  CodeActionResolveRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { LineIndex, type PositionEncoding } from '../src/engine/lineIndex';
import { applyEdits } from '../src/fixes/edits';
import { REPO_ROOT } from './helpers';

/** A real JSON-RPC client talking to the built server (`dist/server.js --stdio`) in a child process. */
class TestClient {
  readonly connection: ProtocolConnection;
  readonly appliedEdits: WorkspaceEdit[] = [];
  private readonly child: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: (() => void)[] = [];
  encoding: PositionEncoding = 'utf-16';

  constructor() {
    this.child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr?.resume();
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      this.appliedEdits.push(params.edit);
      return { applied: true };
    });
    this.connection.listen();
  }

  async initialize(capabilities: ClientCapabilities): Promise<void> {
    const result = await this.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities, initializationOptions: { settings: { extendSelect: ['DVR301', 'DVR302', 'DVR401'] } } }); // opt-in rules these tests use
    this.encoding = result.capabilities.positionEncoding === 'utf-8' ? 'utf-8' : 'utf-16';
    assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.dvr-hints'], resolveProvider: true });
    assert.deepEqual(result.capabilities.executeCommandProvider?.commands, ['dvrHints.applyFixAll']);
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** The diagnostics published for `uri` at `version`, waiting for them if needed. */
  async diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const published = this.diagnostics.get(uri);
      if (published && published.version === version) return published.diagnostics;
      assert.ok(Date.now() < deadline, `no diagnostics for ${uri} version ${version}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version, text } });
    return this.diagnosticsFor(uri, version);
  }

  async replace(uri: string, text: string, version: number): Promise<Diagnostic[]> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return this.diagnosticsFor(uri, version);
  }

  async codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = (await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } })) ?? [];
    for (const a of actions) assert.ok('kind' in a || 'title' in a);
    return actions.filter((a): a is CodeAction => !isCommand(a));
  }

  /** Applies a workspace edit to `text` the way an editor would, with the negotiated encoding. */
  apply(text: string, uri: string, edit: WorkspaceEdit | undefined): string {
    assert.ok(edit, 'the action has no edit');
    const lspEdits = edit.documentChanges
      ? edit.documentChanges.flatMap((change) => ('textDocument' in change && change.textDocument.uri === uri ? change.edits : []))
      : (edit.changes?.[uri] ?? []);
    assert.ok(lspEdits.length > 0, 'the edit changes nothing in the document');
    const lines = new LineIndex(text);
    const edits = lspEdits.map((e) => ({ start: lines.offsetAt(e.range.start, this.encoding), end: lines.offsetAt(e.range.end, this.encoding), newText: 'newText' in e ? e.newText : '' }));
    // VS Code refuses the whole edit when two ranges overlap, identical ones included ('Overlapping ranges are not allowed!').
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    sorted.forEach((e, i) => assert.ok(i === 0 || e.start >= sorted[i - 1].end, `edits overlap at offset ${e.start}: ${JSON.stringify(sorted[i - 1])} and ${JSON.stringify(e)}`));
    return applyEdits(text, edits);
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The server may already be gone.
    }
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

function isCommand(a: Command | CodeAction): a is Command {
  return typeof (a as Command).command === 'string';
}

function byTitle(actions: CodeAction[], prefix: string): CodeAction {
  const found = actions.find((a) => a.title.startsWith(prefix));
  assert.ok(found, `no action '${prefix}' among: ${actions.map((a) => a.title).join(' | ')}`);
  return found;
}

const HEADER = `from oslo_log import log as logging

LOG = logging.getLogger(__name__)


`;
/** Two logged secrets (DVR401: safe fixes) and a bare `except: pass` (DVR301, DVR302: unsafe fixes). */
const DOCUMENT = `${HEADER}def cleanup(devices, ns, password):
    for device in devices:
        LOG.debug('Deleting %s with %s', device, password)
        device.link.delete()
    try:
        ns.delete()
    except:
        pass
    LOG.info('Deleted %s (password %s)', ns, password)
`;
const FIXED_ALL = `${HEADER}def cleanup(devices, ns, password):
    for device in devices:
        LOG.debug('Deleting %s with %s', device, '***')
        device.link.delete()
    try:
        ns.delete()
    except:
        pass
    LOG.info('Deleted %s (password %s)', ns, '***')
`;

const FULL_CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  workspace: { applyEdit: true, workspaceEdit: { documentChanges: true } },
  textDocument: {
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      resolveSupport: { properties: ['edit'] },
      isPreferredSupport: true,
      dataSupport: true,
    },
  },
};

describe('code actions over stdio (dist/server.js)', () => {
  let dir: string;
  let client: TestClient;
  let uriCount = 0;
  const newUri = (): string => pathToFileURL(path.join(dir, 'neutron', 'agent', `doc${++uriCount}.py`)).href;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-lsp-'));
    fs.mkdirSync(path.join(dir, 'neutron', 'agent'), { recursive: true });
    client = new TestClient();
    await client.initialize(FULL_CAPABILITIES);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('offers the fix, preferred, for a logged secret, and applying it gives the exact text', async () => {
    const uri = newUri();
    const diagnostics = await client.open(uri, DOCUMENT);
    const leaks = diagnostics.filter((d) => d.code === 'DVR401');
    assert.equal(leaks.length, 2);
    const actions = await client.codeActions(uri, [leaks[0]]);
    const fix = byTitle(actions, "Log '***' instead of the secret");
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['DVR401']);
    assert.equal(client.apply(DOCUMENT, uri, fix.edit), DOCUMENT.replace("device, password)", "device, '***')"));
  });

  it('offers the swallowed exception its logging fix as one that changes behaviour', async () => {
    const uri = newUri();
    const diagnostics = await client.open(uri, DOCUMENT);
    const swallowed = diagnostics.find((d) => d.code === 'DVR302');
    assert.ok(swallowed);
    const fix = byTitle(await client.codeActions(uri, [swallowed]), 'Log the ignored exception with LOG.debug');
    assert.match(fix.title, /\(changes behaviour\)$/);
    assert.notEqual(fix.isPreferred, true);
  });

  it('says when a fix changes behaviour and does not prefer it', async () => {
    const uri = newUri();
    const diagnostics = await client.open(uri, DOCUMENT);
    const bare = diagnostics.find((d) => d.code === 'DVR301');
    assert.ok(bare);
    const actions = await client.codeActions(uri, [bare]);
    const fix = byTitle(actions, "Catch 'Exception' instead of everything");
    assert.equal(fix.title, "Catch 'Exception' instead of everything (changes behaviour)");
    assert.notEqual(fix.isPreferred, true);
    assert.equal(client.apply(DOCUMENT, uri, fix.edit), DOCUMENT.replace('    except:\n', '    except Exception:\n'));
  });

  it('suppresses on the line and in the file, and the server honours both', async () => {
    const uri = newUri();
    const diagnostics = await client.open(uri, DOCUMENT);
    const first = diagnostics.find((d) => d.code === 'DVR302');
    assert.ok(first);
    const actions = await client.codeActions(uri, [first]);
    const onLine = client.apply(DOCUMENT, uri, byTitle(actions, 'Suppress DVR302 on this line').edit);
    assert.equal(onLine, DOCUMENT.replace('    except:\n', '    except:  # dvr-hints: ignore[DVR302]\n'));
    const afterLine = await client.replace(uri, onLine, 2);
    assert.deepEqual(
      afterLine.filter((d) => d.code === 'DVR302').map((d) => d.range.start.line),
      diagnostics.filter((d) => d.code === 'DVR302' && d !== first).map((d) => d.range.start.line),
    );

    const inFile = client.apply(DOCUMENT, uri, byTitle(actions, 'Suppress DVR302 in this file').edit);
    assert.equal(inFile, `# dvr-hints: ignore-file[DVR302]\n${DOCUMENT}`);
    const afterFile = await client.replace(uri, inFile, 3);
    assert.deepEqual(afterFile.filter((d) => d.code === 'DVR302'), []);
    assert.equal(afterFile.filter((d) => d.code === 'DVR301').length, 1);
  });

  it('gives one suppression for two findings of a rule on one line, with both diagnostics', async () => {
    const uri = newUri();
    const text = 'import subprocess\n\n\ndef f(a, b):\n    subprocess.call("x %s" % a, shell=True); subprocess.call("y %s" % b, shell=True)\n';
    const diagnostics = (await client.open(uri, text)).filter((d) => d.code === 'DVR101');
    assert.equal(diagnostics.length, 2);
    const actions = await client.codeActions(uri, diagnostics);
    const suppress = actions.filter((a) => a.title === 'Suppress DVR101 on this line');
    assert.equal(suppress.length, 1);
    assert.equal(suppress[0].diagnostics?.length, 2);
    assert.equal(client.apply(text, uri, suppress[0].edit), text.replace('shell=True)\n', 'shell=True)  # dvr-hints: ignore[DVR101]\n'));
  });

  it('fix-all as a source action: lazily resolved when offered, computed when asked for by kind', async () => {
    const uri = newUri();
    const diagnostics = await client.open(uri, DOCUMENT);
    const offered = await client.codeActions(uri, diagnostics.slice(0, 1));
    const command = offered.find((a) => a.kind === 'quickfix' && a.command?.command === 'dvrHints.applyFixAll');
    assert.ok(command, 'no quick fix that runs dvrHints.applyFixAll');
    assert.deepEqual(command.command?.arguments, [{ uri, version: 1 }]);
    const lazy = offered.find((a) => a.kind === 'source.fixAll.dvr-hints');
    assert.ok(lazy, 'no source.fixAll action offered alongside the quick fixes');
    assert.equal(lazy.edit, undefined);
    const resolved = await client.connection.sendRequest(CodeActionResolveRequest.type, lazy);
    assert.equal(client.apply(DOCUMENT, uri, resolved.edit), FIXED_ALL);

    const onSave = await client.codeActions(uri, [], ['source.fixAll.dvr-hints']);
    assert.equal(onSave.length, 1);
    assert.equal(onSave[0].kind, 'source.fixAll.dvr-hints');
    assert.equal(client.apply(DOCUMENT, uri, onSave[0].edit), FIXED_ALL);
    assert.ok(onSave[0].edit?.documentChanges?.every((c) => 'textDocument' in c && c.textDocument.version === 1), 'edit not tied to the document version');

    const quickOnly = await client.codeActions(uri, diagnostics, ['quickfix']);
    assert.ok(quickOnly.length > 0);
    assert.ok(quickOnly.every((a) => a.kind === 'quickfix'));
  });

  it('fix-all sends an edit two fixes share once: removing `import six` also rewrites its uses', async () => {
    const uri = newUri();
    const text = `import six\n\n\ndef report(statuses):\n    for key, value in six.iteritems(statuses):\n        print(key, value)\n`;
    const fixed = `\n\ndef report(statuses):\n    for key, value in statuses.items():\n        print(key, value)\n`;
    assert.deepEqual((await client.open(uri, text)).map((d) => d.code), ['DVR801', 'DVR801']);
    const [onSave] = await client.codeActions(uri, [], ['source.fixAll.dvr-hints']);
    assert.equal(client.apply(text, uri, onSave?.edit), fixed);
    const before = client.appliedEdits.length;
    const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'dvrHints.applyFixAll', arguments: [{ uri, version: 1 }] })) as { applied: boolean; fixes: number };
    assert.deepEqual(result, { applied: true, fixes: 2, byRule: { DVR801: 2 }, remaining: 0 });
    assert.equal(client.apply(text, uri, client.appliedEdits[before]), fixed);
  });

  it('fix-all on a document with nothing to fix offers nothing', async () => {
    const uri = newUri();
    const clean = `${HEADER}def f():\n    return 1\n`;
    await client.open(uri, clean);
    assert.deepEqual(await client.codeActions(uri, [], ['source.fixAll.dvr-hints']), []);
  });

  it('the dvrHints.applyFixAll command sends the edit with workspace/applyEdit', async () => {
    const uri = newUri();
    await client.open(uri, DOCUMENT);
    const before = client.appliedEdits.length;
    const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'dvrHints.applyFixAll', arguments: [{ uri, version: 1 }] })) as { applied: boolean; fixes: number };
    // What the client's notification says: "Fixed 2 problems in doc.py (DVR401 ×2). 2 findings have no automatic safe fix."
    assert.deepEqual(result, { applied: true, fixes: 2, byRule: { DVR401: 2 }, remaining: 2 });
    assert.equal(client.appliedEdits.length, before + 1);
    assert.equal(client.apply(DOCUMENT, uri, client.appliedEdits[before]), FIXED_ALL);

    const stale = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'dvrHints.applyFixAll', arguments: [{ uri, version: 7 }] })) as { applied: boolean };
    assert.equal(stale.applied, false);
    assert.equal(client.appliedEdits.length, before + 1);
  });

  it('fix-all keeps CRLF line ends', async () => {
    const uri = newUri();
    const crlf = DOCUMENT.replace(/\n/g, '\r\n');
    await client.open(uri, crlf);
    const [action] = await client.codeActions(uri, [], ['source.fixAll']);
    assert.equal(client.apply(crlf, uri, action?.edit), FIXED_ALL.replace(/\n/g, '\r\n'));
  });

  it('answers nothing for a diagnostic that no longer matches a finding', async () => {
    const uri = newUri();
    const diagnostics = await client.open(uri, DOCUMENT);
    await client.replace(uri, `\n${DOCUMENT}`, 2);
    const actions = await client.codeActions(uri, diagnostics.filter((d) => d.code === 'DVR302'), ['quickfix']);
    assert.deepEqual(actions.map((a) => a.title), []);
  });
});

describe('code actions with a UTF-8 client that takes plain `changes`', () => {
  let client: TestClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-lsp8-'));
    client = new TestClient();
    await client.initialize({ general: { positionEncodings: ['utf-8', 'utf-16'] }, workspace: { applyEdit: true } });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('converts edit positions with the negotiated encoding', async () => {
    assert.equal(client.encoding, 'utf-8');
    const uri = pathToFileURL(path.join(dir, 'agent.py')).href;
    const text = `${HEADER}def f(dev):\n    try:\n        dev.delete()\n    except RuntimeError:  # gérer l'échec 😀 plus tard\n        pass\n`;
    const diagnostics = (await client.open(uri, text)).filter((d) => d.code === 'DVR302');
    assert.equal(diagnostics.length, 1);
    const actions = await client.codeActions(uri, diagnostics);
    const suppress = byTitle(actions, 'Suppress DVR302 on this line');
    assert.ok(suppress.edit?.changes, 'expected plain changes for a client without documentChanges');
    assert.equal(client.apply(text, uri, suppress.edit), text.replace('plus tard\n', 'plus tard  # dvr-hints: ignore[DVR302]\n'));
    assert.equal(client.apply(text, uri, byTitle(actions, 'Log the ignored exception').edit), text.replace('        pass\n', '        LOG.debug("Ignored exception", exc_info=True)\n'));
  });
});
