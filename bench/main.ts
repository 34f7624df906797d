/**
 * `npm run bench`: speed of rvnommu, with its block translator and with the interpreter alone, against qemu-riscv32
 * on the same work in the same run.
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
