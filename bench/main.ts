/**
 * `npm run bench`: speed of rvnommu against qemu-riscv32 on the same work in the same run.
 * The workload (images/bench) is built twice from one source: bare-metal for rvnommu, a static Linux program for
 * qemu-riscv32. Both print the same checksum, which is checked, so the runs provably did the same work. Each side
 * runs several times and the best time counts (the least disturbed by the rest of the machine).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BareMachine } from '../cpu/BareMachine.js';

const RUNS = 3;
const BARE = 'images/bin/bench/workload-bare.elf';
const LINUX = 'images/bin/bench/workload-linux.elf';

interface Timing {
  seconds: number;
  output: string;
}

function best(run: () => Timing): Timing {
  let fastest: Timing | undefined;
  for (let i = 0; i < RUNS; i++) {
    const timing = run();
    if (!fastest || timing.seconds < fastest.seconds) fastest = timing;
  }
  return fastest!;
}

let instructions = 0;
const ours = best(() => {
  const chunks: Uint8Array[] = [];
  const machine = new BareMachine(readFileSync(BARE), BARE, { output: (bytes) => chunks.push(bytes) });
  const start = performance.now();
  const result = machine.run();
  const seconds = (performance.now() - start) / 1000;
  if (result.exitCode !== 0) throw new Error(`${BARE} exited with ${result.exitCode}`);
  instructions = result.instructions;
  return { seconds, output: Buffer.concat(chunks).toString() };
});

const qemu = best(() => {
  const start = performance.now();
  const run = spawnSync('qemu-riscv32', [LINUX], { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (run.error || run.status !== 0) {
    throw new Error(`qemu-riscv32 ${LINUX} failed: ${run.error?.message ?? run.stderr} (apt-get install qemu-user)`);
  }
  return { seconds, output: run.stdout };
});

if (ours.output !== qemu.output) {
  throw new Error(`the two runs disagree: rvnommu printed ${JSON.stringify(ours.output)}, qemu ${JSON.stringify(qemu.output)}`);
}

const mips = (seconds: number) => (instructions / seconds / 1e6).toFixed(1);
console.log(`workload: ${instructions} instructions, ${ours.output.trim()}`);
console.log(`rvnommu interpreter   ${ours.seconds.toFixed(3)} s   ${mips(ours.seconds)} MIPS`);
console.log(`qemu-riscv32          ${qemu.seconds.toFixed(3)} s   ${mips(qemu.seconds)} MIPS (process start included)`);
console.log(`ratio rvnommu/qemu    ${(qemu.seconds / ours.seconds).toFixed(3)}x`);
