import type { LoadSegment } from '../binfmt/ElfLoader.js';
import { Breakpoints } from './Breakpoints.js';
import type { DebugTarget, ResumeRequest, StopEvent, ThreadId, WatchAccess } from './DebugTarget.js';
import { gdbSignalFromLinux, linuxSignalFromGdb } from './GdbSignals.js';
import { MAX_PACKET_SIZE, escapeBinary, hex2, unescapeBinary } from './Rsp.js';
import { GDB_FIRST_CSR, GDB_PC, GDB_PRIV, targetDescriptionXml } from './TargetDescription.js';

/** GDB's own signal numbers (gdb/signals.def), which the remote protocol uses whatever the host. */
const SIGINT = 2;
const SIGTRAP = 5;
const ERROR = 'E01';
const WATCH_KINDS: Record<string, WatchAccess> = { '2': 'write', '3': 'read', '4': 'access' };
const WATCH_REPLY: Record<WatchAccess, string> = { write: 'watch', read: 'rwatch', access: 'awatch' };

/** How a debugging session ended: `detach` leaves the program running on its own, `kill` ends it. */
export type SessionEnd = 'detach' | 'kill';

export interface SessionIo {
  /** Sends one packet payload (framing and acknowledgement are the transport's business). */
  send(payload: string): void;
  /** The client detached or killed the program; no more packets will be handled. */
  end(how: SessionEnd): void;
}

/**
 * The commands of one GDB remote protocol session, over any transport: each packet payload is handled in order
 * and answered through `io.send`. Malformed packets get an `E01` reply (or the empty reply for unknown commands,
 * as the protocol asks); nothing a client sends can raise an exception out of `handle`.
 */
export class GdbSession {
  private readonly breakpoints = new Breakpoints();
  /** Z0 and Z1 addresses: the stub implements both alike, but reports which kind a stop hit. */
  private readonly softwareBreakpoints = new Set<number>();
  private readonly hardwareBreakpoints = new Set<number>();
  private readonly targetXml: string;
  private lastStop: StopEvent;
  /** The thread `g`, `p`, `m`... refer to (Hg); the stopped thread by default. */
  private generalThread: ThreadId;
  /** The thread a legacy `s` steps (Hc); the general thread when GDB names none. */
  private continueThread: ThreadId | undefined;
  private running = false;
  private ended = false;
  /** The client takes exec stops (qSupported exec-events+): it then loads the new program's symbols itself. */
  private clientTakesExec = false;

  constructor(
    private readonly target: DebugTarget,
    private readonly io: SessionIo,
  ) {
    this.targetXml = targetDescriptionXml({ csrs: target.csrs, hasPrivilege: target.hasPrivilege, osabi: target.osabi });
    this.generalThread = target.threads()[0].id;
    this.lastStop = { kind: 'stopped', thread: this.generalThread, cause: { kind: 'step' } };
  }

  /** The last state the client was told of (or would be told of by `?`). */
  get lastEvent(): StopEvent {
    return this.lastStop;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** ^C from the client: stop the running program (ignored while it is stopped). */
  interrupt(): void {
    if (this.running) this.target.interrupt();
  }

  async handle(packet: string): Promise<void> {
    if (this.ended) return;
    let reply: string | undefined;
    try {
      reply = await this.dispatch(packet);
    } catch (error) {
      // A bug in a handler must not take the session down with a host exception: the client sees an error reply.
      reply = ERROR;
      process.emitWarning(`gdb stub: '${packet.slice(0, 40)}' failed: ${(error as Error).message}`);
    }
    if (reply !== undefined) this.io.send(reply);
  }

  private async dispatch(packet: string): Promise<string | undefined> {
    const body = packet.slice(1);
    switch (packet[0]) {
      case '?': return this.stopReply(this.lastStop);
      case 'g': return this.readRegisters();
      case 'G': return this.writeRegisters(body);
      case 'p': return this.readRegister(body);
      case 'P': return this.writeRegister(body);
      case 'm': return this.readMemory(body);
      case 'M': return this.writeMemory(body, false);
      case 'X': return this.writeMemory(body, true);
      case 'Z': return this.changePoint(body, true);
      case 'z': return this.changePoint(body, false);
      case 'c':
      case 's':
        return this.resumeLegacy(packet[0] === 's', undefined, body);
      case 'C':
      case 'S': {
        // C sig[;addr]: continue, delivering the signal.
        const [signal, address = ''] = body.split(';');
        return this.resumeLegacy(packet[0] === 'S', signal, address);
      }
      case 'H': return this.selectThread(body);
      case 'T': return this.threadId(body) !== undefined ? 'OK' : ERROR;
      case 'k':
        this.finish('kill');
        return undefined;
      case 'D':
        this.io.send('OK');
        this.finish('detach');
        return undefined;
      case 'q': return this.query(body);
      case 'Q': return body === 'StartNoAckMode' ? 'OK' : '';
      case 'v': return this.vPacket(body);
      default: return '';
    }
  }

  private query(body: string): string {
    const [name] = body.split(/[:,]/, 1);
    switch (name) {
      case 'Supported':
        this.clientTakesExec = body.split(/[:;]/).includes('exec-events+');
        return [
          `PacketSize=${MAX_PACKET_SIZE.toString(16)}`,
          'qXfer:features:read+',
          'qXfer:threads:read+',
          'QStartNoAckMode+',
          'swbreak+',
          'hwbreak+',
          'vContSupported+',
          ...(this.target.auxv ? ['qXfer:auxv:read+'] : []),
          ...(this.target.osabi ? ['exec-events+'] : []),
        ].join(';');
      case 'Attached':
        // The stub started the program: quitting GDB should kill it rather than leave it running.
        return '0';
      case 'C': return `QC${this.lastStoppedThread().toString(16)}`;
      case 'fThreadInfo': return 'm' + this.target.threads().map((t) => t.id.toString(16)).join(',');
      case 'sThreadInfo': return 'l';
      case 'ThreadExtraInfo': {
        const thread = this.target.threads().find((t) => t.id === this.threadId(body.slice(name.length + 1)));
        return thread ? Buffer.from(thread.name, 'latin1').toString('hex') : ERROR;
      }
      case 'Offsets': return offsetsReply(this.target.loadMap());
      case 'Symbol': return 'OK';
      case 'Xfer': return this.transfer(body);
      default: return '';
    }
  }

  /** qXfer:object:read:annex:offset,length */
  private transfer(body: string): string {
    const match = /^Xfer:([a-z]+):read:([^:]*):([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(body);
    if (!match) return '';
    let document: string;
    const [object, annex] = [match[1], match[2]];
    if (object === 'features' && annex === 'target.xml') document = this.targetXml;
    else if (object === 'threads' && annex === '') document = this.threadsXml();
    else if (object === 'auxv' && annex === '' && this.target.auxv) document = Buffer.from(this.target.auxv()).toString('latin1');
    else return object === 'features' || object === 'threads' || object === 'auxv' ? 'E00' : '';
    const offset = parseInt(match[3], 16);
    const length = Math.min(parseInt(match[4], 16), MAX_PACKET_SIZE / 2);
    const chunk = document.slice(offset, offset + length);
    return (offset + length >= document.length ? 'l' : 'm') + escapeBinary(chunk);
  }

  private threadsXml(): string {
    const threads = this.target.threads().map((t) => `<thread id="${t.id.toString(16)}" name="${xmlEscape(t.name)}"/>`);
    return `<?xml version="1.0"?>\n<threads>\n${threads.join('\n')}\n</threads>\n`;
  }

  private async vPacket(body: string): Promise<string | undefined> {
    if (body === 'Cont?') return 'vCont;c;C;s;S';
    if (body.startsWith('Cont;')) return this.vCont(body.slice(5));
    if (body.startsWith('Kill')) {
      this.io.send('OK');
      this.finish('kill');
      return undefined;
    }
    return '';
  }

  /** vCont;action[:thread];...: in all-stop mode one step action at most matters, and everything else runs. */
  private async vCont(actions: string): Promise<string> {
    let step: ThreadId | undefined;
    let signal: string | undefined;
    for (const action of actions.split(';')) {
      const match = /^([cs])$|^([CS])([0-9a-fA-F]{2})$/.exec(action.split(':')[0]);
      const thread = action.split(':')[1];
      if (!match || (thread !== undefined && this.threadId(thread) === undefined)) return ERROR;
      const verb = match[1] ?? match[2];
      signal ??= match[3];
      if ((verb === 's' || verb === 'S') && step === undefined) step = thread === undefined ? this.generalThread : this.threadId(thread);
    }
    return this.resume(step, signal);
  }

  private async resumeLegacy(step: boolean, signal: string | undefined, address: string): Promise<string> {
    if (address !== '') {
      const pc = parseHex(address);
      if (pc === undefined || !this.target.setRegister(this.generalThread, GDB_PC, pc)) return ERROR;
    }
    return this.resume(step ? (this.continueThread ?? this.generalThread) : undefined, signal);
  }

  /** Resumes with a GDB signal number (hex) to deliver, if any; the stop reply. */
  private async resume(step: ThreadId | undefined, gdbSignal: string | undefined): Promise<string> {
    if (gdbSignal !== undefined && !/^[0-9a-fA-F]{1,2}$/.test(gdbSignal)) return ERROR;
    const signal = gdbSignal === undefined || parseInt(gdbSignal, 16) === 0 ? undefined : linuxSignalFromGdb(parseInt(gdbSignal, 16));
    return this.run({ step, signal });
  }

  private async run(request: ResumeRequest): Promise<string> {
    this.running = true;
    const hook = this.breakpoints.isEmpty ? undefined : this.breakpoints;
    let event = await this.target.resume({ ...request, hook });
    // A client that does not know exec stops would take one for a SIGTRAP: the program goes on instead.
    while (!this.clientTakesExec && event.kind === 'stopped' && event.cause.kind === 'exec') {
      event = await this.target.resume({ ...request, signal: undefined, hook });
    }
    this.running = false;
    this.lastStop = event;
    if (event.kind === 'stopped') {
      this.generalThread = event.thread;
      this.continueThread = undefined;
    }
    if (event.kind === 'failed') this.io.send('O' + Buffer.from(`rvnommu: ${event.message}\n`, 'latin1').toString('hex'));
    return this.stopReply(event);
  }

  private stopReply(event: StopEvent): string {
    switch (event.kind) {
      case 'exited': return `W${hex2(event.code)}`;
      case 'signalled': return `X${hex2(gdbSignalFromLinux(event.signal))}`;
      case 'failed': return `T${hex2(SIGTRAP)}thread:${this.lastStoppedThread().toString(16)};`;
      case 'stopped': {
        const cause = event.cause;
        let reason = '';
        if (cause.kind === 'breakpoint') reason = this.softwareBreakpoints.has(cause.address) ? 'swbreak:;' : 'hwbreak:;';
        else if (cause.kind === 'watchpoint') reason = `${WATCH_REPLY[cause.access]}:${(cause.address >>> 0).toString(16)};`;
        else if (cause.kind === 'exec') reason = `exec:${Buffer.from(cause.path, 'utf8').toString('hex')};`;
        const signal = cause.kind === 'interrupt' ? SIGINT : cause.kind === 'signal' ? gdbSignalFromLinux(cause.signal) : SIGTRAP;
        return `T${hex2(signal)}${reason}thread:${event.thread.toString(16)};`;
      }
    }
  }

  private lastStoppedThread(): ThreadId {
    return this.lastStop.kind === 'stopped' ? this.lastStop.thread : this.generalThread;
  }

  private readRegisters(): string {
    const registers = this.target.registers(this.generalThread);
    if (!registers) return ERROR;
    let out = '';
    for (const value of registers) out += le32(value);
    return out;
  }

  private writeRegisters(body: string): string {
    if (!/^[0-9a-fA-F]*$/.test(body) || body.length < 33 * 8) return ERROR;
    for (let index = 1; index <= GDB_PC; index++) {
      if (!this.target.setRegister(this.generalThread, index, fromLe32(body.slice(index * 8, index * 8 + 8)))) return ERROR;
    }
    return 'OK';
  }

  private readRegister(body: string): string {
    const number = parseHex(body);
    if (number === undefined) return ERROR;
    if (number <= GDB_PC) {
      const registers = this.target.registers(this.generalThread);
      return registers ? le32(registers[number]) : ERROR;
    }
    if (number === GDB_PRIV && this.target.hasPrivilege) return le32(this.target.privilege());
    const csr = number - GDB_FIRST_CSR;
    const value = csr >= 0 && csr < 4096 ? this.target.readCsr(csr) : undefined;
    return value === undefined ? ERROR : le32(value);
  }

  private writeRegister(body: string): string {
    const match = /^([0-9a-fA-F]+)=([0-9a-fA-F]{8})$/.exec(body);
    if (!match) return ERROR;
    const number = parseInt(match[1], 16);
    // x0 is hard-wired: accepting the write (and keeping zero) is what hardware does.
    if (number === 0) return 'OK';
    return number <= GDB_PC && this.target.setRegister(this.generalThread, number, fromLe32(match[2])) ? 'OK' : ERROR;
  }

  private readMemory(body: string): string {
    const range = parseRange(body);
    if (!range) return ERROR;
    const bytes = this.target.readMemory(range.address, Math.min(range.length, MAX_PACKET_SIZE / 2));
    if (bytes.length === 0 && range.length > 0) return ERROR;
    return Buffer.from(bytes).toString('hex');
  }

  private writeMemory(body: string, binary: boolean): string {
    const colon = body.indexOf(':');
    const range = parseRange(colon < 0 ? body : body.slice(0, colon));
    if (!range || colon < 0) return ERROR;
    const data = body.slice(colon + 1);
    let bytes: Buffer;
    if (binary) {
      const raw = unescapeBinary(data);
      if (raw === undefined) return ERROR;
      bytes = Buffer.from(raw, 'latin1');
    } else {
      if (!/^([0-9a-fA-F]{2})*$/.test(data)) return ERROR;
      bytes = Buffer.from(data, 'hex');
    }
    if (bytes.length !== range.length) return ERROR;
    if (bytes.length === 0) return 'OK'; // GDB probes X support with an empty write
    return this.target.writeMemory(range.address, bytes) ? 'OK' : ERROR;
  }

  /** Z/z type,address,kind: 0 and 1 are code breakpoints (both done by the stub), 2-4 watchpoints. */
  private changePoint(body: string, insert: boolean): string {
    const match = /^([0-4]),([0-9a-fA-F]{1,8}),([0-9a-fA-F]{1,8})$/.exec(body);
    if (!match) return ERROR;
    const address = parseInt(match[2], 16);
    const length = parseInt(match[3], 16);
    if (match[1] === '0' || match[1] === '1') {
      const kind = match[1] === '0' ? this.softwareBreakpoints : this.hardwareBreakpoints;
      if (insert) kind.add(address);
      else kind.delete(address);
      if (this.softwareBreakpoints.has(address) || this.hardwareBreakpoints.has(address)) this.breakpoints.addBreakpoint(address);
      else this.breakpoints.removeBreakpoint(address);
      return 'OK';
    }
    if (length === 0 || address + length > 2 ** 32) return ERROR;
    const access = WATCH_KINDS[match[1]];
    if (insert) this.breakpoints.addWatchpoint(address, length, access);
    else this.breakpoints.removeWatchpoint(address, length, access);
    return 'OK';
  }

  private selectThread(body: string): string {
    const which = body[0];
    const thread = body.slice(1);
    if ((which !== 'g' && which !== 'c') || this.threadId(thread) === undefined) return ERROR;
    const named = thread === '0' || thread === '-1' ? undefined : this.threadId(thread);
    if (which === 'c') this.continueThread = named;
    else if (named !== undefined) this.generalThread = named;
    return 'OK';
  }

  /** A thread id from the client: `-1` (all) and `0` (any) mean the current thread; undefined if unknown. */
  private threadId(text: string): ThreadId | undefined {
    if (text === '-1' || text === '0') return this.generalThread;
    const id = parseHex(text);
    return id !== undefined && this.target.threads().some((t) => t.id === id) ? id : undefined;
  }

  private finish(how: SessionEnd): void {
    this.ended = true;
    this.io.end(how);
  }
}

function parseHex(text: string): number | undefined {
  return /^[0-9a-fA-F]{1,8}$/.test(text) ? parseInt(text, 16) : undefined;
}

/** `address,length` in hex, inside the 32-bit space. */
function parseRange(text: string): { address: number; length: number } | undefined {
  const match = /^([0-9a-fA-F]{1,8}),([0-9a-fA-F]{1,8})$/.exec(text);
  if (!match) return undefined;
  const address = parseInt(match[1], 16);
  const length = parseInt(match[2], 16);
  return address + length <= 2 ** 32 ? { address, length } : undefined;
}

/** A register as GDB sends it: four bytes, least significant first. */
function le32(value: number): string {
  return hex2(value) + hex2(value >>> 8) + hex2(value >>> 16) + hex2(value >>> 24);
}

function fromLe32(text: string): number {
  return parseInt(text.slice(6, 8) + text.slice(4, 6) + text.slice(2, 4) + text.slice(0, 2), 16) | 0;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/**
 * qOffsets: how GDB relocates the program file's symbols. Segments that all moved by one displacement (a static
 * PIE) answer with it as the offset of every section. Segments that moved apart (an FDPIC program's text and data)
 * answer with where the first two PT_LOAD segments start: GDB moves the file's first PT_LOAD, with every section
 * in it, to TextSeg and the second to DataSeg.
 */
export function offsetsReply(loadMap: readonly LoadSegment[]): string {
  const displacements = new Set(loadMap.map((segment) => (segment.addr - segment.vaddr) >>> 0));
  if (displacements.size <= 1) {
    const offset = ([...displacements][0] ?? 0).toString(16);
    return `Text=${offset};Data=${offset};Bss=${offset}`;
  }
  const [text, data] = loadMap.map((segment) => (segment.addr >>> 0).toString(16));
  return `TextSeg=${text};DataSeg=${data}`;
}
