/**
 * Boot time of the built-in system: from spawning `rvnommu boot` on a pseudo-terminal (node-pty, as a user's
 * terminal) to the shell's first prompt on it, node's own start included. The shell prompts only on a terminal,
 * so a pipe would never see the prompt.
 */
const RUNS = 5;
/** The shell's PS1 at the start of a line: the system is up and waiting for a command. */
const PROMPT = /\n\$ $/;
const CTRL_A_X = '\x01x';
const TIMEOUT_MS = 60_000;

type Pty = typeof import('node-pty');

function bootOnce(pty: Pty): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = pty.spawn(process.execPath, ['bin/rvnommu.js', 'boot'], { name: 'xterm', cols: 80, rows: 24, cwd: process.cwd(), env: process.env });
    let received = '';
    let booted: number | undefined;
    const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
    child.onData((data) => {
      received += data;
      if (booted !== undefined || !PROMPT.test(received.replace(/\r/g, ''))) return;
      booted = (performance.now() - start) / 1000;
      child.write(CTRL_A_X);
    });
    child.onExit(() => {
      clearTimeout(timer);
      if (booted === undefined) reject(new Error(`rvnommu boot showed no prompt: ${JSON.stringify(received.slice(-300))}`));
      else resolve(booted);
    });
  });
}

/** The report line: the median of a few boots, and the range. */
export async function measureBootTime(): Promise<string> {
  const pty = await import('node-pty').catch(() => undefined);
  if (!pty) return 'boot to the shell prompt: not measured (node-pty, a devDependency, is not installed)';
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await bootOnce(pty.default ?? pty));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)];
  return `boot to the shell prompt (rvnommu boot, default image, on a pty, process start included): median ${median.toFixed(3)} s of ${RUNS} (${times[0].toFixed(3)} to ${times[RUNS - 1].toFixed(3)} s)`;
}
