import {
  AbstractMessageReader,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageWriter,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

/**
 * The JSON-RPC edge cases of the LSP base protocol, handled before vscode-jsonrpc sees a
 * message (it has no answer for them):
 * - a header without a decimal Content-Length (or one over MAX_MESSAGE_BYTES) leaves no way
 *   to find the next message: the server says so on stderr and exits, rather than live on deaf;
 * - a body that is not JSON gets a ParseError (-32700) reply with id null, and reading goes on;
 * - a request before `initialize` gets ServerNotInitialized (-32002), one after `shutdown`
 *   InvalidRequest (-32600); notifications then are dropped, except `exit`.
 */

/** Larger bodies are refused: no LSP message of this server's clients comes near it. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

/** The stream broke the base protocol's framing: nothing after it can be trusted. */
export class FramingError extends Error {}

type Input = { kind: 'message'; message: unknown } | { kind: 'invalid-json'; error: string };

/** Reads `Content-Length`-framed JSON from a stream, strictly. */
export class StrictStreamReader extends AbstractMessageReader implements MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private expected = -1;
  private callback: ((input: Input) => void) | undefined;

  constructor(private readonly stream: NodeJS.ReadableStream) {
    super();
  }

  /** Callers of the guard get whole inputs, parse failures included. */
  listenInputs(callback: (input: Input) => void): Disposable {
    this.callback = callback;
    const onData = (data: Buffer): void => this.onData(data);
    this.stream.on('data', onData);
    this.stream.on('error', (error: Error) => this.fireError(error));
    this.stream.on('close', () => this.fireClose());
    this.stream.on('end', () => this.fireClose());
    return { dispose: () => this.stream.off('data', onData) };
  }

  listen(callback: DataCallback): Disposable {
    return this.listenInputs((input) => {
      if (input.kind === 'message') callback(input.message as Message);
    });
  }

  private onData(data: Buffer): void {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    try {
      for (;;) {
        if (this.expected < 0) {
          const end = this.buffer.indexOf(HEADER_END);
          if (end < 0) {
            if (this.buffer.length > MAX_HEADER_BYTES) throw new FramingError(`no end of header after ${MAX_HEADER_BYTES} bytes`);
            return;
          }
          this.expected = contentLength(this.buffer.subarray(0, end).toString('ascii'));
          this.buffer = this.buffer.subarray(end + HEADER_END.length);
        }
        if (this.buffer.length < this.expected) return;
        const body = this.buffer.subarray(0, this.expected).toString('utf8');
        this.buffer = this.buffer.subarray(this.expected);
        this.expected = -1;
        let message: unknown;
        try {
          message = JSON.parse(body);
        } catch (error) {
          this.callback?.({ kind: 'invalid-json', error: error instanceof Error ? error.message : String(error) });
          continue;
        }
        this.callback?.({ kind: 'message', message });
      }
    } catch (error) {
      this.fireError(error);
    }
  }
}

function contentLength(header: string): number {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) throw new FramingError(`a header line without ':' (${JSON.stringify(line.slice(0, 80))})`);
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,12}$/.test(value)) throw new FramingError(`Content-Length ${JSON.stringify(value.slice(0, 40))} is not a number of bytes`);
    length = Number(value);
  }
  if (length === undefined) throw new FramingError('a header without Content-Length');
  if (length > MAX_MESSAGE_BYTES) throw new FramingError(`Content-Length ${length} is over ${MAX_MESSAGE_BYTES} bytes`);
  return length;
}

type Phase = 'starting' | 'running' | 'shut down';

interface RawMessage {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
}

function isId(id: unknown): id is number | string {
  return typeof id === 'number' || typeof id === 'string';
}

/**
 * Passes on the messages the connection may handle now and answers the others itself:
 * the lifecycle rules of the LSP specification (initialize first, nothing after shutdown)
 * and the JSON-RPC rules for bodies that are not JSON or not requests.
 */
export class LifecycleGuard extends AbstractMessageReader implements MessageReader {
  private phase: Phase = 'starting';

  constructor(
    private readonly inner: MessageReader | StrictStreamReader,
    private readonly writer: MessageWriter,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    super();
    inner.onError((error) => {
      if (error instanceof FramingError) {
        this.log(`dvr-hints: the language server's input broke the LSP base protocol (${error.message}); no later message can be found in the stream, so the server exits`);
        process.exit(1);
      }
      this.fireError(error);
    });
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  get shutDown(): boolean {
    return this.phase === 'shut down';
  }

  listen(callback: DataCallback): Disposable {
    const handle = (input: Input): void => {
      if (input.kind === 'invalid-json') {
        this.reply(null, ErrorCodes.ParseError, `Parse error: ${input.error}`);
        return;
      }
      const message = this.admit(input.message);
      if (message) callback(message);
    };
    return this.inner instanceof StrictStreamReader ? this.inner.listenInputs(handle) : this.inner.listen((message) => handle({ kind: 'message', message }));
  }

  /** The message to hand on, or undefined when it was answered (or dropped) here. */
  private admit(raw: unknown): Message | undefined {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as RawMessage).jsonrpc !== '2.0') {
      const id = typeof raw === 'object' && raw !== null ? (raw as RawMessage).id : undefined;
      this.reply(isId(id) ? id : null, ErrorCodes.InvalidRequest, 'Invalid request: not a JSON-RPC 2.0 message');
      return undefined;
    }
    const message = raw as RawMessage;
    const method = message.method;
    // A response to one of our requests.
    if (method === undefined) return raw as Message;
    const request = message.id !== undefined;
    if (typeof method !== 'string' || (request && !isId(message.id))) {
      this.reply(isId(message.id) ? message.id : null, ErrorCodes.InvalidRequest, 'Invalid request: bad method or id');
      return undefined;
    }
    if (method === 'exit') return raw as Message;
    if (this.phase === 'starting') {
      if (method === 'initialize' && request) {
        this.phase = 'running';
        return raw as Message;
      }
      if (request) this.reply(message.id as number | string, ErrorCodes.ServerNotInitialized, `Server not initialized: '${method}' before 'initialize'`);
      return undefined;
    }
    if (this.phase === 'shut down') {
      if (request) this.reply(message.id as number | string, ErrorCodes.InvalidRequest, `Invalid request: '${method}' after 'shutdown'`);
      return undefined;
    }
    if (method === 'initialize' && request) {
      this.reply(message.id as number | string, ErrorCodes.InvalidRequest, "Invalid request: 'initialize' was already received");
      return undefined;
    }
    if (method === 'shutdown' && request) this.phase = 'shut down';
    return raw as Message;
  }

  private reply(id: number | string | null, code: number, text: string): void {
    void this.writer.write({ jsonrpc: '2.0', id, error: { code, message: text } } as Message).catch(() => undefined);
  }
}

/**
 * Reader and writer for the transport named on the command line (`--stdio`, `--node-ipc`),
 * guarded; undefined for others (sockets, pipes), which vscode-languageserver sets up itself.
 */
export function guardedTransport(argv: readonly string[] = process.argv): { reader: LifecycleGuard; writer: MessageWriter } | undefined {
  if (argv.includes('--stdio')) {
    const writer = new StreamMessageWriter(process.stdout);
    const reader = new LifecycleGuard(new StrictStreamReader(process.stdin), writer);
    // As vscode-languageserver does for stdio: the client closed our input, so we are done.
    reader.onClose(() => process.exit(reader.shutDown ? 0 : 1));
    return { reader, writer };
  }
  if (argv.includes('--node-ipc') && typeof process.send === 'function') {
    const writer = new IPCMessageWriter(process);
    return { reader: new LifecycleGuard(new IPCMessageReader(process), writer), writer };
  }
  return undefined;
}
