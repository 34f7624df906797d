import { readFileSync } from 'node:fs';
import { type Socket, connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BareMachine } from '../cpu/BareMachine.js';
import { BareTarget } from './BareTarget.js';
import { GdbStub, type SessionOutcome } from './GdbStub.js';
import { RspReader, framePacket } from './Rsp.js';
import { targetDescriptionXml } from './TargetDescription.js';

// The stub driven over a real TCP socket on 127.0.0.1 by a scripted client that speaks the protocol the way
// gdb-multiarch does (its packets are in /work/shared/notes/toolchain.md and in the gdb e2e test).
const ELF = 'images/bin/bench/workload-bare.elf';
const WORKLOAD = 0x8000_00f8;

/** A minimal GDB: sends packets, acknowledges replies until no-ack mode, and hands replies out in order. */
class ScriptedGdb {
  private readonly reader = new RspReader();
  private readonly replies: string[] = [];
  private waiting: ((reply: string) => void) | undefined;
  private acknowledging = true;
  readonly closed: Promise<void>;
  acksReceived = 0;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      for (const event of this.reader.feed(chunk)) {
        if (event.kind === 'ack') this.acksReceived++;
        if (event.kind !== 'packet') continue;
        if (this.acknowledging) socket.write('+');
        this.replies.push(event.payload);
        this.deliver();
      }
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static connect(port: number): Promise<ScriptedGdb> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new ScriptedGdb(socket)));
      socket.once('error', reject);
    });
  }

  async request(payload: string): Promise<string> {
    this.socket.write(framePacket(payload));
    const reply = await this.next();
    if (payload === 'QStartNoAckMode' && reply === 'OK') this.acknowledging = false;
    return reply;
  }

  next(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.deliver();
    });
  }

  raw(bytes: string): void {
    this.socket.write(Buffer.from(bytes, 'latin1'));
  }

  close(): void {
    this.socket.end();
  }

  private deliver(): void {
    if (this.waiting && this.replies.length > 0) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(this.replies.shift()!);
    }
  }
}

/** The little-endian register image GDB reads: value at `index` of a `g` reply. */
function registerOf(g: string, index: number): number {
  const bytes = Buffer.from(g.slice(index * 8, index * 8 + 8), 'hex');
  return bytes.readUInt32LE(0);
}

let target: BareTarget;
let stub: GdbStub;
let session: Promise<SessionOutcome>;
let gdb: ScriptedGdb;

beforeEach(async () => {
  const machine = new BareMachine(readFileSync(ELF), ELF, { output: () => {} });
  target = new BareTarget(machine, ELF);
  stub = new GdbStub(target, { port: 0 });
  await stub.listen();
  session = stub.session();
  gdb = await ScriptedGdb.connect(stub.port);
});

afterEach(() => {
  gdb.close();
  stub.close();
});

describe('GDB stub: connection and description', () => {
  it('negotiates features and no-ack mode the way gdb-multiarch does', async () => {
    const supported = await gdb.request('qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+;xmlRegisters=i386');
    expect(supported.split(';')).toEqual(expect.arrayContaining(['qXfer:features:read+', 'swbreak+', 'QStartNoAckMode+', 'PacketSize=4000']));
    expect(await gdb.request('vMustReplyEmpty')).toBe('');
    expect(await gdb.request('QStartNoAckMode')).toBe('OK');
    const acks = gdb.acksReceived;
    expect(await gdb.request('?')).toBe('T05thread:1;');
    expect(await gdb.request('qAttached')).toBe('0');
    expect(await gdb.request('qOffsets')).toBe('Text=0;Data=0;Bss=0');
    expect(gdb.acksReceived).toBe(acks); // no more '+' from the stub after no-ack mode
  });

  it('serves the target description in pieces with m/l markers', async () => {
    const expected = targetDescriptionXml({ csrs: target.csrs, hasPrivilege: true });
    let document = '';
    for (;;) {
      const reply = await gdb.request(`qXfer:features:read:target.xml:${document.length.toString(16)},100`);
      expect(reply[0]).toMatch(/[ml]/);
      document += reply.slice(1);
      if (reply[0] === 'l') break;
    }
    expect(document).toBe(expected);
    expect(document).toContain('<architecture>riscv:rv32</architecture>');
    expect(document).toContain('<reg name="mstatus" bitsize="32" type="int" regnum="833" group="csr"/>');
    expect(await gdb.request('qXfer:features:read:other.xml:0,100')).toBe('E00');
  });

  it('lists the one hart as thread 1', async () => {
    expect(await gdb.request('qfThreadInfo')).toBe('m1');
    expect(await gdb.request('qsThreadInfo')).toBe('l');
    expect(await gdb.request('qC')).toBe('QC1');
    expect(await gdb.request('qXfer:threads:read::0,1000')).toBe('l<?xml version="1.0"?>\n<threads>\n<thread id="1" name="hart0"/>\n</threads>\n');
    expect(await gdb.request('Hg1')).toBe('OK');
    expect(await gdb.request('Hg7')).toBe('E01');
    expect(await gdb.request('T1')).toBe('OK');
    expect(await gdb.request('T2')).toBe('E01');
  });
});

describe('GDB stub: registers and memory', () => {
  it('reads the registers at reset: x0..x31 zero, pc at the entry point, M-mode', async () => {
    const g = await gdb.request('g');
    expect(g).toHaveLength(33 * 8);
    expect(registerOf(g, 32)).toBe(0x8000_0000);
    expect(registerOf(g, 2)).toBe(0);
    expect(await gdb.request('p20')).toBe('00000080');
    expect(await gdb.request(`p${(65 + 0x301).toString(16)}`)).toBe('01111040'); // misa: RV32 AIMU
    expect(await gdb.request(`p${(65 + 4096).toString(16)}`)).toBe('03000000'); // priv: M
    expect(await gdb.request('p21')).toBe('E01'); // f0: this hart has no F
    expect(await gdb.request('pzz')).toBe('E01');
  });

  it('writes registers with P and G; x0 stays zero', async () => {
    expect(await gdb.request('Pa=78563412')).toBe('OK');
    expect(await gdb.request('pa')).toBe('78563412');
    expect(await gdb.request('P0=01000000')).toBe('OK');
    expect(await gdb.request('p0')).toBe('00000000');
    expect(await gdb.request('P341=00000000')).toBe('E01'); // CSRs are read-only from the debugger
    expect(await gdb.request('Pa=123')).toBe('E01');
    const g = await gdb.request('g');
    const changed = g.slice(0, 11 * 8) + 'efbeadde' + g.slice(12 * 8);
    expect(await gdb.request('G' + changed)).toBe('OK');
    expect(await gdb.request('pb')).toBe('efbeadde');
    expect(await gdb.request('G1234')).toBe('E01');
  });

  it('reads memory, and answers E01 where there is none', async () => {
    expect(await gdb.request('m80000000,8')).toBe('1751000013010108');
    expect(await gdb.request('m7ffffffc,4')).toBe('E01');
    // Reads that run off the end of RAM return what exists.
    expect(await gdb.request('m83fffffe,4')).toBe('0000');
    expect(await gdb.request('m80000000,0')).toBe('');
    expect(await gdb.request('mzz,4')).toBe('E01');
    expect(await gdb.request('mffffffff,2')).toBe('E01');
  });

  it('writes memory with M and with escaped binary X', async () => {
    expect(await gdb.request('M80004000,4:01020304')).toBe('OK');
    expect(await gdb.request('m80004000,4')).toBe('01020304');
    // 0x23 ('#') and 0x7d ('}') travel escaped.
    expect(await gdb.request('X80004000,3:}\x03}]\xff')).toBe('OK');
    expect(await gdb.request('m80004000,4')).toBe('237dff04');
    expect(await gdb.request('X80004000,0:')).toBe('OK');
    expect(await gdb.request('M80004000,4:0102')).toBe('E01');
    expect(await gdb.request('M7ffffffe,4:01020304')).toBe('E01');
    expect(await gdb.request('m7ffffffe,2')).toBe('E01');
  });

  it('answers malformed and unknown packets without dropping the connection', async () => {
    expect(await gdb.request('Z0,zz,4')).toBe('E01');
    expect(await gdb.request('Z9,80000000,4')).toBe('E01');
    expect(await gdb.request('Z2,80000000,0')).toBe('E01');
    expect(await gdb.request('qFooBar')).toBe('');
    expect(await gdb.request('vFooBar')).toBe('');
    expect(await gdb.request('vCont;x')).toBe('E01');
    expect(await gdb.request('vCont;s:9')).toBe('E01');
    expect(await gdb.request('Hx1')).toBe('E01');
    expect(await gdb.request('')).toBe('');
    expect(await gdb.request('p20')).toBe('00000080');
  });
});

describe('GDB stub: execution', () => {
  it('stops at a software breakpoint before the instruction, and steps one instruction', async () => {
    expect(await gdb.request(`Z0,${WORKLOAD.toString(16)},4`)).toBe('OK');
    expect(await gdb.request('vCont;c')).toBe('T05swbreak:;thread:1;');
    expect(registerOf(await gdb.request('g'), 32)).toBe(WORKLOAD);
    expect(await gdb.request(`z0,${WORKLOAD.toString(16)},4`)).toBe('OK');
    // workload begins with `addi sp, sp, -64`.
    const sp = registerOf(await gdb.request('g'), 2);
    expect(await gdb.request('vCont;s:1')).toBe('T05thread:1;');
    const g = await gdb.request('g');
    expect(registerOf(g, 32)).toBe(WORKLOAD + 4);
    expect(registerOf(g, 2)).toBe((sp - 64) >>> 0);
    expect(await gdb.request('s')).toBe('T05thread:1;');
    expect(registerOf(await gdb.request('g'), 32)).toBe(WORKLOAD + 8);
  });

  it('reports a write watchpoint before the store, with the old value still in memory', async () => {
    // crc_init fills crc_table early on; entry 2 is its first non-zero word past the first ones.
    const entry = (target.symbols.lookup('crc_table')!.address + 8).toString(16);
    expect(await gdb.request(`Z2,${entry},4`)).toBe('OK');
    expect(await gdb.request('c')).toBe(`T05watch:${entry};thread:1;`);
    const pc = registerOf(await gdb.request('g'), 32);
    const store = Buffer.from(await gdb.request(`m${pc.toString(16)},4`), 'hex').readUInt32LE(0);
    expect(store & 0x707f).toBe(0x2023); // sw
    expect(await gdb.request(`m${entry},4`)).toBe('00000000');
    // What GDB does next: remove the watchpoint, step the store, compare.
    expect(await gdb.request(`z2,${entry},4`)).toBe('OK');
    expect(await gdb.request('vCont;s:1')).toBe('T05thread:1;');
    expect(registerOf(await gdb.request('g'), 32)).toBe(pc + 4);
    expect(await gdb.request(`m${entry},4`)).not.toBe('00000000');
  });

  it('reports read and access watchpoints on the accesses that touch the bytes', async () => {
    // crc32 reads crc_table; the round loop writes buffer[] byte by byte before that.
    const table = target.symbols.lookup('crc_table')!.address;
    const buffer = target.symbols.lookup('buffer')!.address;
    expect(await gdb.request(`Z3,${table.toString(16)},400`)).toBe('OK');
    const read = await gdb.request('c');
    expect(read).toMatch(/^T05rwatch:([0-9a-f]+);thread:1;$/);
    const address = parseInt(/rwatch:([0-9a-f]+)/.exec(read)![1], 16);
    expect(address - table).toBeGreaterThanOrEqual(0);
    expect(address - table).toBeLessThan(0x400);
    expect(await gdb.request(`z3,${table.toString(16)},400`)).toBe('OK');
    expect(await gdb.request(`Z4,${(buffer + 1).toString(16)},1`)).toBe('OK');
    expect(await gdb.request('c')).toBe(`T05awatch:${(buffer + 1).toString(16)};thread:1;`);
  });

  it('stops a running program on ^C with SIGINT', async () => {
    const stop = gdb.request('vCont;c');
    await new Promise((resolve) => setTimeout(resolve, 100));
    gdb.raw('\x03');
    expect(await stop).toBe('T02thread:1;');
    expect(registerOf(await gdb.request('g'), 32)).not.toBe(0x8000_0000);
  });

  it('runs to the exit, reports W00, and ends the session on kill', async () => {
    expect(await gdb.request('c')).toBe('W00');
    expect(await gdb.request('?')).toBe('W00');
    gdb.raw('$k#6b');
    await gdb.closed;
    expect(await session).toEqual({ how: 'kill', last: { kind: 'exited', code: 0 } });
  });

  it('tells the user why a machine cannot go on (console output), then reports a stop', async () => {
    // pc 0 has no memory and mtvec is 0: every fetch faults into another fetch fault.
    expect(await gdb.request('P20=00000000')).toBe('OK');
    const console = await gdb.request('c');
    expect(console[0]).toBe('O');
    expect(Buffer.from(console.slice(1), 'hex').toString()).toBe(
      'rvnommu: hart is stuck in a trap loop: instruction access fault at pc 0x0, mtval 0x0, mtvec 0x0\n',
    );
    expect(await gdb.next()).toBe('T05thread:1;');
  });

  it('resumes at the address a legacy c packet names', async () => {
    expect(await gdb.request('P2=00500080')).toBe('OK'); // sp, which _start would have set
    expect(await gdb.request(`Z0,${(WORKLOAD + 8).toString(16)},4`)).toBe('OK');
    expect(await gdb.request(`c${WORKLOAD.toString(16)}`)).toBe('T05swbreak:;thread:1;');
    expect(registerOf(await gdb.request('g'), 32)).toBe(WORKLOAD + 8);
  });

  it('ends the session on detach and leaves the program stopped for the caller to resume', async () => {
    expect(await gdb.request('D')).toBe('OK');
    const outcome = await session;
    expect(outcome.how).toBe('detach');
    expect(await target.resume({})).toEqual({ kind: 'exited', code: 0 });
  });
});
