import { describe, expect, it } from 'vitest';
import type { LoadSegment } from '../binfmt/ElfLoader.js';
import type { DebugTarget, ResumeRequest, StopEvent, ThreadInfo } from './DebugTarget.js';
import { GdbSession, offsetsReply, type SessionEnd } from './GdbSession.js';
import { gdbSignalFromLinux, linuxSignalFromGdb } from './GdbSignals.js';
import { SymbolTable } from './SymbolTable.js';

/**
 * What the kernel's debug target will look like to the stub: several threads, a load map (one displacement), an
 * auxv, Linux signals. The session is driven packet by packet; the fake records how it was resumed and answers
 * with scripted stop events.
 */
class FakeTaskTarget implements DebugTarget {
  readonly name = 'fake';
  readonly symbols = SymbolTable.empty();
  readonly csrs: readonly number[] = [];
  readonly hasPrivilege = false;
  readonly osabi = 'GNU/Linux';
  readonly resumes: ResumeRequest[] = [];
  readonly stops: StopEvent[] = [];
  private readonly regs = new Map<number, Int32Array>([
    [100, Int32Array.from({ length: 33 }, (_, i) => i)],
    [101, Int32Array.from({ length: 33 }, (_, i) => 1000 + i)],
  ]);

  threads(): readonly ThreadInfo[] {
    return [
      { id: 100, name: 'main' },
      { id: 101, name: 'worker' },
    ];
  }
  registers(thread: number): Int32Array | undefined {
    return this.regs.get(thread)?.slice();
  }
  setRegister(thread: number, index: number, value: number): boolean {
    const regs = this.regs.get(thread);
    if (!regs || index < 1 || index > 32) return false;
    regs[index] = value;
    return true;
  }
  readCsr(): number | undefined {
    return undefined;
  }
  privilege(): number {
    return 0;
  }
  readMemory(): Uint8Array {
    return new Uint8Array(0);
  }
  writeMemory(): boolean {
    return false;
  }
  loadMap(): readonly LoadSegment[] {
    return [
      { addr: 0x8012_3000, vaddr: 0, memsz: 0x2000 },
      { addr: 0x8012_5000, vaddr: 0x2000, memsz: 0x400 },
    ];
  }
  auxv(): Uint8Array {
    // AT_ENTRY (9) = 0x80123456, AT_NULL
    return new Uint8Array([9, 0, 0, 0, 0x56, 0x34, 0x12, 0x80, 0, 0, 0, 0, 0, 0, 0, 0]);
  }
  async resume(request: ResumeRequest): Promise<StopEvent> {
    this.resumes.push(request);
    return this.stops.shift() ?? { kind: 'exited', code: 0 };
  }
  interrupt(): void {}
}

function sessionWith(target: FakeTaskTarget): { request: (packet: string) => Promise<string[]>; ends: SessionEnd[] } {
  const sent: string[] = [];
  const ends: SessionEnd[] = [];
  const session = new GdbSession(target, { send: (payload) => sent.push(payload), end: (how) => ends.push(how) });
  return {
    request: async (packet) => {
      sent.length = 0;
      await session.handle(packet);
      return [...sent];
    },
    ends,
  };
}

describe('GdbSession with a multi-threaded Linux target', () => {
  it('describes the Linux ABI, lists the threads and reads each thread\'s registers', async () => {
    const target = new FakeTaskTarget();
    const { request } = sessionWith(target);
    expect((await request('qSupported'))[0]).toContain('qXfer:auxv:read+');
    const xml = (await request('qXfer:features:read:target.xml:0,3000'))[0];
    expect(xml).toContain('<osabi>GNU/Linux</osabi>');
    expect(xml).not.toContain('org.gnu.gdb.riscv.csr');
    expect(xml).not.toContain('priv');
    expect(await request('qfThreadInfo')).toEqual(['m64,65']);
    expect(await request('qXfer:threads:read::0,1000')).toEqual([
      'l<?xml version="1.0"?>\n<threads>\n<thread id="64" name="main"/>\n<thread id="65" name="worker"/>\n</threads>\n',
    ]);
    expect(await request('qThreadExtraInfo,65')).toEqual([Buffer.from('worker').toString('hex')]);
    expect(await request('p1')).toEqual(['01000000']);
    expect(await request('Hg65')).toEqual(['OK']);
    expect(await request('p1')).toEqual(['e9030000']); // 1001
    expect(await request('P1=02000000')).toEqual(['OK']);
    expect(target.registers(101)![1]).toBe(2);
    expect(target.registers(100)![1]).toBe(1);
  });

  it('reports one displacement for all segments with qOffsets and the auxv with qXfer:auxv:read', async () => {
    const { request } = sessionWith(new FakeTaskTarget());
    expect(await request('qOffsets')).toEqual(['Text=80123000;Data=80123000;Bss=80123000']);
    expect(await request('qXfer:auxv:read::0,8')).toEqual(['m\x09\x00\x00\x00\x56\x34\x12\x80']);
    expect(await request('qXfer:auxv:read::8,100')).toEqual(['l\x00\x00\x00\x00\x00\x00\x00\x00']);
  });

  it('answers qOffsets for segments moved apart (FDPIC) with where the text and data segments start', () => {
    const text = { addr: 0x2000_0080, vaddr: 0, memsz: 0x2908 };
    const data = { addr: 0x8000_0908, vaddr: 0x3908, memsz: 0xfd8 };
    expect(offsetsReply([text, data])).toBe('TextSeg=20000080;DataSeg=80000908');
    expect(offsetsReply([text, { ...data, addr: 0x2000_3988 }])).toBe('Text=20000080;Data=20000080;Bss=20000080');
    expect(offsetsReply([])).toBe('Text=0;Data=0;Bss=0');
  });

  it('steps the thread vCont names while the others run, and selects the thread that stopped', async () => {
    const target = new FakeTaskTarget();
    const { request } = sessionWith(target);
    target.stops.push({ kind: 'stopped', thread: 101, cause: { kind: 'step' } });
    expect(await request('vCont;s:65;c')).toEqual(['T05thread:65;']);
    expect(target.resumes[0]).toMatchObject({ step: 101, signal: undefined });
    expect(await request('qC')).toEqual(['QC65']);
    expect(await request('p1')).toEqual(['e9030000']);
  });

  it('steps the thread Hc names with a legacy s', async () => {
    const target = new FakeTaskTarget();
    const { request } = sessionWith(target);
    expect(await request('Hc65')).toEqual(['OK']);
    target.stops.push({ kind: 'stopped', thread: 101, cause: { kind: 'step' } });
    expect(await request('s')).toEqual(['T05thread:65;']);
    expect(target.resumes[0]).toMatchObject({ step: 101 });
  });

  it('reports whether a software (Z0) or hardware (Z1) breakpoint was hit, and keeps one while the other goes', async () => {
    const target = new FakeTaskTarget();
    const { request } = sessionWith(target);
    expect(await request('Z1,80000010,4')).toEqual(['OK']);
    target.stops.push({ kind: 'stopped', thread: 100, cause: { kind: 'breakpoint', address: 0x8000_0010 } });
    expect(await request('c')).toEqual(['T05hwbreak:;thread:64;']);
    expect(await request('Z0,80000010,4')).toEqual(['OK']);
    expect(await request('z1,80000010,4')).toEqual(['OK']);
    target.stops.push({ kind: 'stopped', thread: 100, cause: { kind: 'breakpoint', address: 0x8000_0010 } });
    expect(await request('c')).toEqual(['T05swbreak:;thread:64;']);
    expect(target.resumes[1].hook).toBeDefined(); // the Z0 breakpoint is still armed
    expect(await request('z0,80000010,4')).toEqual(['OK']);
    await request('c');
    expect(target.resumes[2].hook).toBeUndefined(); // nothing armed: full speed
  });

  it('translates signals between Linux and GDB numbering in both directions', async () => {
    const target = new FakeTaskTarget();
    const { request } = sessionWith(target);
    // The worker faults with SIGBUS (Linux 7, GDB 10); GDB passes it on with C0a.
    target.stops.push({ kind: 'stopped', thread: 101, cause: { kind: 'signal', signal: 7 } });
    expect(await request('c')).toEqual(['T0athread:65;']);
    target.stops.push({ kind: 'signalled', signal: 7 });
    expect(await request('vCont;C0a:65')).toEqual(['X0a']);
    expect(target.resumes[1]).toMatchObject({ signal: 7 });
    // C00 delivers nothing; a legacy S with a signal steps the selected thread.
    target.stops.push({ kind: 'stopped', thread: 100, cause: { kind: 'step' } });
    await request('S00');
    expect(target.resumes[2]).toMatchObject({ signal: undefined });
    expect(await request('Cxyz')).toEqual(['E01']);
    for (let linux = 1; linux <= 31; linux++) {
      const gdb = gdbSignalFromLinux(linux);
      expect(linux === 16 ? gdb === 143 : linuxSignalFromGdb(gdb) === linux).toBe(true);
    }
    expect(gdbSignalFromLinux(10)).toBe(30); // SIGUSR1
    expect(gdbSignalFromLinux(17)).toBe(20); // SIGCHLD
  });

  it('reports an exec to a client that takes exec events, and runs on through one for a client that does not', async () => {
    const exec: StopEvent = { kind: 'stopped', thread: 100, cause: { kind: 'exec', pid: 100, path: '/bin/sh' } };
    const target = new FakeTaskTarget();
    const { request } = sessionWith(target);
    expect((await request('qSupported:multiprocess+;swbreak+;exec-events+;vContSupported+'))[0]).toContain(';exec-events+');
    target.stops.push(exec);
    expect(await request('c')).toEqual([`T05exec:${Buffer.from('/bin/sh').toString('hex')};thread:64;`]);

    const older = new FakeTaskTarget();
    const legacy = sessionWith(older);
    await legacy.request('qSupported:swbreak+');
    older.stops.push(exec, { kind: 'stopped', thread: 100, cause: { kind: 'breakpoint', address: 0x8000_0010 } });
    expect(await legacy.request('Z0,80000010,4')).toEqual(['OK']);
    expect(await legacy.request('c')).toEqual(['T05swbreak:;thread:64;']);
    expect(older.resumes).toHaveLength(2);
  });

  it('ends on kill and on vKill, answering vKill with OK', async () => {
    const first = sessionWith(new FakeTaskTarget());
    expect(await first.request('k')).toEqual([]);
    expect(first.ends).toEqual(['kill']);
    expect(await first.request('g')).toEqual([]); // nothing is handled after the end
    const second = sessionWith(new FakeTaskTarget());
    expect(await second.request('vKill;64')).toEqual(['OK']);
    expect(second.ends).toEqual(['kill']);
  });
});
