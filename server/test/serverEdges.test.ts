import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, FileChangeType, type FileEvent } from 'vscode-languageserver-protocol/node';
import { ScanWorkspaceRequest } from '../src/lsp/protocol';
import { SERVER_JS } from './lspHarness';
import { makeTree, until, uriOf, WorkspaceTestClient } from './workspaceClient';

/** Issue 15 points 4, 6 and 8 in the language server: special files, links out of the workspace, JSON-RPC edge cases. */

const SHELL = ['import os', '', 'def flush(ns_name):', "    os.system('ip netns exec %s conntrack -F' % ns_name)", ''].join('\n');
const posix = process.platform !== 'win32';

describe('watched files and didClose: links out of the workspace are ignored, special files never hang the server', { skip: !posix && 'POSIX links and FIFOs' }, () => {
  const client = new WorkspaceTestClient();
  const outside = makeTree({ 'secret.py': SHELL }, 'dvr-outside-');
  const folder = makeTree({ 'normal.py': 'x = 1\n' });
  before(async () => {
    fs.symlinkSync(path.join(outside, 'secret.py'), path.join(folder, 'link.py'));
    fs.symlinkSync(outside, path.join(folder, 'linked-dir'));
    execFileSync('mkfifo', [path.join(folder, 'fifo.py')]);
    fs.symlinkSync('/dev/zero', path.join(folder, 'zero.py'));
    await client.start([folder]);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('the workspace scan skips them; watched-file events and didClose for them publish nothing from outside and the server stays responsive', async () => {
    const scanned = await client.connection.sendRequest(ScanWorkspaceRequest, {});
    assert.equal(scanned.files, 1, 'normal.py only');
    const odd = ['link.py', 'linked-dir/secret.py', 'fifo.py', 'zero.py'].map((name) => uriOf(path.join(folder, name)));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: odd.flatMap((uri): FileEvent[] => [
        { uri, type: FileChangeType.Created },
        { uri, type: FileChangeType.Changed },
      ]),
    });
    for (const uri of odd) {
      await client.open(uri, 'y = 2\n');
      await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    }
    // Events are handled in order: once normal.py's new findings arrive, the ones before were handled too.
    fs.writeFileSync(path.join(folder, 'normal.py'), SHELL);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(path.join(folder, 'normal.py')), type: FileChangeType.Changed }] });
    await until(() => client.ruleIdsOf(uriOf(path.join(folder, 'normal.py'))).join() === 'DVR101', 'normal.py analysed after the odd files', 60_000);
    for (const uri of odd) assert.ok(!client.findingsLog.some((f) => f.uri === uri && f.findings.length > 0), `${uri} published findings`);
  });
});

/** A raw LSP peer: writes bytes as they are, reads framed replies. */
class RawPeer {
  readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  readonly messages: { id?: unknown; method?: string; error?: { code: number; message: string }; result?: unknown; params?: unknown }[] = [];
  stderr = '';
  exit: number | null | undefined;

  constructor() {
    this.child = spawn(process.execPath, [SERVER_JS, '--stdio'], { env: { ...process.env, DVR_HINTS_DEBUG: '1' } });
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.child.on('exit', (code) => (this.exit = code));
    this.child.stdout.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
        if (this.buffer.length < end + 4 + length) return;
        this.messages.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as RawPeer['messages'][number]);
        this.buffer = this.buffer.subarray(end + 4 + length);
      }
    });
  }

  sendRaw(text: string): void {
    this.child.stdin.write(text);
  }

  send(message: unknown): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...(message as object) }), 'utf8');
    this.sendRaw(`Content-Length: ${body.length}\r\n\r\n${body.toString('utf8')}`);
  }

  reply(id: unknown): Promise<RawPeer['messages'][number]> {
    return until(() => this.messages.find((m) => m.id === id && m.method === undefined), `the reply to ${String(id)}`, 60_000);
  }

  initialize(id: number): void {
    this.send({ id, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  }

  stop(): void {
    if (this.exit === undefined) this.child.kill('SIGKILL');
  }
}

describe('JSON-RPC edge cases (LSP base protocol and lifecycle)', () => {
  const peers: RawPeer[] = [];
  const peer = (): RawPeer => {
    const p = new RawPeer();
    peers.push(p);
    return p;
  };
  after(() => {
    for (const p of peers) p.stop();
  });

  it('a request before initialize gets ServerNotInitialized (-32002); notifications are dropped; initialize then works', async () => {
    const p = peer();
    p.send({ id: 1, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.py' }, position: { line: 0, character: 0 } } });
    p.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///x.py', languageId: 'python', version: 1, text: 'x = 1\n' } } });
    assert.equal((await p.reply(1)).error?.code, -32002);
    p.initialize(2);
    assert.ok((await p.reply(2)).result);
  });

  it('a body that is not JSON gets a ParseError (-32700) with id null, and the server reads on', async () => {
    const p = peer();
    p.sendRaw('Content-Length: 9\r\n\r\n{"id": 1,');
    const parseError = await until(() => p.messages.find((m) => m.error?.code === -32700), 'a parse error', 60_000);
    assert.equal(parseError.id, null);
    p.initialize(3);
    assert.ok((await p.reply(3)).result);
  });

  it('requests after shutdown get InvalidRequest (-32600); exit then ends the server with 0', async () => {
    const p = peer();
    p.initialize(1);
    await p.reply(1);
    p.send({ method: 'initialized', params: {} });
    p.send({ id: 2, method: 'shutdown' });
    await p.reply(2);
    p.send({ id: 3, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.py' }, position: { line: 0, character: 0 } } });
    assert.equal((await p.reply(3)).error?.code, -32600);
    p.send({ method: 'exit' });
    assert.equal(await until(() => (p.exit === undefined ? undefined : { code: p.exit }), 'the server to exit', 60_000).then((e) => e.code), 0);
  });

  for (const header of ['Content-Length: abc', 'Content-Length: -5', 'Content-Type: application/json', `Content-Length: ${10 ** 11}`]) {
    it(`a header the stream cannot be resynchronised after (${header}) makes the server exit with a message, not live on deaf`, async () => {
      const p = peer();
      p.sendRaw(`${header}\r\n\r\n{}`);
      const exit = await until(() => (p.exit === undefined ? undefined : { code: p.exit }), 'the server to exit', 60_000);
      assert.equal(exit.code, 1);
      assert.match(p.stderr, /broke the LSP base protocol/);
    });
  }

  it('a change whose version goes backwards is ignored, with a log message', async () => {
    const p = peer();
    p.initialize(1);
    await p.reply(1);
    p.send({ method: 'initialized', params: {} });
    const uri = 'file:///tmp/dvr-version.py';
    p.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'python', version: 5, text: 'x = 1\n' } } });
    p.send({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'stale = True\n' }] } });
    p.send({ id: 9, method: 'dvrHints/debugDocument', params: { uri } });
    const shown = (await p.reply(9)).result as { version: number; text: string };
    assert.equal(shown.version, 5);
    assert.equal(shown.text, 'x = 1\n');
    await until(() => p.messages.find((m) => m.method === 'window/logMessage' && JSON.stringify(m.params).includes('version 3 is older than 5')), 'the log message', 60_000);
  });
});
