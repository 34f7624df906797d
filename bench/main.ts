/**
 * `npm run bench`: speed of rvnommu, with its block translator and with the interpreter alone, against qemu-riscv32
 * on the same work in the same run.
 * The CPU workload (images/bench) is built twice from one source: bare-metal for rvnommu, a static Linux program for
 * qemu-riscv32. Then the kernel benchmarks (images/bench/kernel: integer, memory-bound, syscall-heavy and
 * process-heavy and many-threads programs on our libc) run unchanged under `rvnommu run` and qemu-riscv32, process
 * start included on both sides. Every pair of runs prints the same checksum, which is checked, so they provably did
 * the same work. Each side runs several times and the best time counts (the least disturbed by the rest of the
 * machine); a run of several seconds, which the rest of the machine disturbs relatively little, is not repeated.
 * Last, the boot time of the built-in system (bench/bootTime.ts) and the host memory a guest process costs
 * (bench/processMemory.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BareMachine } from '../cpu/BareMachine.js';
import { measureBootTime } from './bootTime.js';
import { measureProcessMemory, PROBE_FLAG, probeProcessMemory } from './processMemory.js';

const RUNS = 3;
/** A run at least this long is not repeated (qemu-riscv32's vfork is slow: its processes row takes tens of seconds). */
const LONG_RUN_SECONDS = 5;
const BARE = 'images/bin/bench/workload-bare.elf';
const LINUX = 'images/bin/bench/workload-linux.elf';

interface Timing {
  seconds: number;
  output: string;
}

function best<T extends Timing>(run: () => T): T {
  let fastest: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const timing = run();
    if (!fastest || timing.seconds < fastest.seconds) fastest = timing;
    if (timing.seconds >= LONG_RUN_SECONDS) break;
  }
  return fastest!;
}

let instructions = 0;
/** Times a whole run of the bare workload, translation included: a fresh machine starts with an empty code cache. */
function rvnommu(translate: boolean): Timing {
  const chunks: Uint8Array[] = [];
  const machine = new BareMachine(readFileSync(BARE), BARE, { output: (bytes) => chunks.push(bytes) });
  if (!translate) machine.hart.setTranslation(false);
  const start = performance.now();
  const result = machine.run();
  const seconds = (performance.now() - start) / 1000;
  if (result.exitCode !== 0) throw new Error(`${BARE} exited with ${result.exitCode}`);
  if (instructions !== 0 && result.instructions !== instructions) {
    throw new Error(`${BARE}: ${result.instructions} instructions with translation ${translate}, ${instructions} before`);
  }
  instructions = result.instructions;
  return { seconds, output: Buffer.concat(chunks).toString() };
}

/** The bare workload under rvnommu (translator, interpreter) and qemu-riscv32. */
function cpuBenchmark(): void {
  const translator = best(() => rvnommu(true));
  const interpreter = best(() => rvnommu(false));

  const qemu = best(() => {
    const start = performance.now();
    const run = spawnSync('qemu-riscv32', [LINUX], { encoding: 'utf8' });
    const seconds = (performance.now() - start) / 1000;
    if (run.error || run.status !== 0) {
      throw new Error(`qemu-riscv32 ${LINUX} failed: ${run.error?.message ?? run.stderr} (apt-get install qemu-user)`);
    }
    return { seconds, output: run.stdout };
  });

  for (const [name, ours] of [['translator', translator], ['interpreter', interpreter]] as const) {
    if (ours.output !== qemu.output) {
      throw new Error(`the runs disagree: rvnommu's ${name} printed ${JSON.stringify(ours.output)}, qemu ${JSON.stringify(qemu.output)}`);
    }
  }

  const mips = (seconds: number) => (instructions / seconds / 1e6).toFixed(1).padStart(7);
  const ratio = (seconds: number) => `${(qemu.seconds / seconds).toFixed(3)}x qemu-riscv32`;
  console.log(`workload: ${instructions} instructions, ${qemu.output.trim()}`);
  console.log(`rvnommu translator    ${translator.seconds.toFixed(3)} s ${mips(translator.seconds)} MIPS   ${ratio(translator.seconds)}`);
  console.log(`rvnommu interpreter   ${interpreter.seconds.toFixed(3)} s ${mips(interpreter.seconds)} MIPS   ${ratio(interpreter.seconds)}`);
  console.log(`qemu-riscv32          ${qemu.seconds.toFixed(3)} s ${mips(qemu.seconds)} MIPS   (process start included)`);
}

/**
 * The kernel benchmarks and how many times each repeats its work (its one argument, the same on both sides): enough
 * that qemu-riscv32 works for about a second or more and rvnommu for over NET_MINIMUM beyond one repetition, so
 * that the net times give a ratio for every row. (processes: qemu-riscv32's vfork is a host fork, far slower than ours.)
 */
const KERNEL_BENCHMARKS: readonly { name: string; repetitions: number }[] = [
  { name: 'integer', repetitions: 16 },
  { name: 'memory', repetitions: 16 },
  { name: 'syscalls', repetitions: 4 },
  { name: 'processes', repetitions: 32 },
  { name: 'threads', repetitions: 16 },
];
/** GNU time reports a command's peak resident memory; without it the column stays empty. */
const GNU_TIME = '/usr/bin/time';

interface ProcessTiming extends Timing {
  stderr: string;
  /** Peak resident host memory of the whole process, in KiB. */
  peakKib?: number;
}

function timeProcess(command: string, args: string[]): ProcessTiming {
  const measured = existsSync(GNU_TIME);
  const start = performance.now();
  const run = measured
    ? spawnSync(GNU_TIME, ['-f', '%M', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (run.error || run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.error?.message ?? run.stderr}`);
  const stderrLines = run.stderr.trimEnd().split('\n');
  const peakKib = measured ? Number(stderrLines.pop()) : undefined;
  return { seconds, output: run.stdout, stderr: stderrLines.join('\n'), peakKib };
}

/** Seconds of work below which a net time is mostly noise. */
const NET_MINIMUM = 0.1;

interface BenchmarkRun {
  ours: ProcessTiming;
  theirs: ProcessTiming;
  /** Instructions rvnommu executed (run --count). */
  executed: number;
}

/** One kernel benchmark at `repetitions` under rvnommu and qemu-riscv32, which must print the same checksum. */
function runBoth(name: string, repetitions: number): BenchmarkRun {
  const program = [`images/bin/bench/${name}.elf`, String(repetitions)];
  const ours = best(() => timeProcess('node', ['bin/rvnommu.js', 'run', '--count', ...program]));
  const theirs = best(() => timeProcess('qemu-riscv32', program));
  if (ours.output !== theirs.output) {
    throw new Error(`${name} x${repetitions}: rvnommu printed ${JSON.stringify(ours.output)}, qemu-riscv32 ${JSON.stringify(theirs.output)}`);
  }
  return { ours, theirs, executed: Number.parseInt(ours.stderr, 10) };
}

/**
 * The kernel benchmarks under `rvnommu run` and qemu-riscv32. Starting node and loading rvnommu takes far longer
 * than starting qemu, so each row also gives the times net of what does not grow with the work (process start,
 * loading the program, warming up): the time of the same benchmark with one repetition taken off the time with
 * all of them, on each side.
 */
function kernelBenchmarks(): void {
  console.log('kernel benchmarks: rvnommu run against qemu-riscv32, process start included, peak host memory;');
  console.log('then net of process start and warm-up: the time of one repetition (x1) taken off, on each side');
  for (const { name, repetitions } of KERNEL_BENCHMARKS) {
    const once = runBoth(name, 1);
    const { ours, theirs, executed } = runBoth(name, repetitions);
    const memory = (timing: ProcessTiming) => (timing.peakKib === undefined ? '' : `${(timing.peakKib / 1024).toFixed(0)} MiB`.padStart(8));
    // Net times shorter than NET_MINIMUM are mostly the noise of starting a process: no ratio is drawn from them.
    const ourNet = ours.seconds - once.ours.seconds;
    const theirNet = theirs.seconds - once.theirs.seconds;
    const netMips = ourNet >= NET_MINIMUM ? `${((executed - once.executed) / ourNet / 1e6).toFixed(1)} MIPS` : 'too short';
    const netRatio = ourNet >= NET_MINIMUM && theirNet >= NET_MINIMUM ? `${(theirNet / ourNet).toFixed(3)}x qemu-riscv32` : 'no ratio (too short)';
    const net = `rvnommu ${Math.max(0, ourNet).toFixed(3)} s ${netMips}, qemu-riscv32 ${Math.max(0, theirNet).toFixed(3)} s, ${netRatio}`;
    console.log(
      `${`${name} x${repetitions}`.padEnd(13)} rvnommu ${ours.seconds.toFixed(3)} s ${(executed / ours.seconds / 1e6).toFixed(1).padStart(7)} MIPS ${memory(ours)}` +
        `   qemu-riscv32 ${theirs.seconds.toFixed(3)} s ${memory(theirs)}   ${(theirs.seconds / ours.seconds).toFixed(3)}x qemu-riscv32` +
        `\n              x1 (rvnommu ${once.ours.seconds.toFixed(3)} s, qemu-riscv32 ${once.theirs.seconds.toFixed(3)} s) taken off: ${net}`,
    );
  }
}

if (process.argv[2] === PROBE_FLAG) {
  await probeProcessMemory(Number(process.argv[3]));
} else {
  cpuBenchmark();
  console.log('');
  kernelBenchmarks();
  console.log('');
  console.log(await measureBootTime());
  console.log('');
  for (const line of measureProcessMemory(fileURLToPath(import.meta.url))) console.log(line);
}
