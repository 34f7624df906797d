// The browser front end (built by build.mjs into dist/term.js, served by `rvnommu serve`): boots the built-in
// system with xterm.js as its console and a canvas showing /dev/fb0.
import '@xterm/xterm/css/xterm.css';
import { Terminal as Xterm } from '@xterm/xterm';
import { bootSystem, signalForegroundGroup, type BootedSystem } from '../kernel/boot.js';
import { HostInput } from '../kernel/tty/HostInput.js';
import type { HostOutput } from '../kernel/tty/HostStreamOperations.js';
import type { HostStdio } from '../kernel/tty/hostStdio.js';
import type { Framebuffer } from '../devices/Framebuffer.js';

/** What the page offers its tests (test/term/browser.test.ts): the console's text as a user reads it. */
export interface PageHooks {
  screenText(): string;
}

declare global {
  interface Window {
    rvnommu?: PageHooks;
  }
}

const IMAGE_URL = 'image.rom';

async function start(): Promise<void> {
  const xterm = new Xterm({ cols: 80, rows: 25, cursorBlink: true, scrollback: 5000 });
  xterm.open(element('console'));
  xterm.focus();
  window.rvnommu = { screenText: () => screenText(xterm) };

  const response = await fetch(IMAGE_URL);
  if (!response.ok) throw new Error(`cannot fetch ${IMAGE_URL}: ${response.status} ${response.statusText}`);
  const image = new Uint8Array(await response.arrayBuffer());

  let system: BootedSystem | undefined;
  const stdin = new HostInput();
  const encoder = new TextEncoder();
  xterm.onData((keys) => stdin.push(encoder.encode(keys)));
  // xterm.js parses later: the kernel may reuse the bytes it hands over.
  const output: HostOutput = { write: (bytes) => xterm.write(bytes.slice()) };
  const stdio: HostStdio = {
    stdin,
    stdout: output,
    stderr: output,
    stdinIsTerminal: true,
    stdoutIsTerminal: true,
    stderrIsTerminal: true,
    terminalHost: { windowSize: () => ({ rows: xterm.rows, columns: xterm.cols }) },
    // The guest's line discipline does echo, editing and ^C: xterm.js passes every key on as it is typed.
    rawTerminal: true,
    signal: (signal) => system && signalForegroundGroup(system, signal),
  };
  const boot = () => bootSystem({ image, stdio, term: 'xterm-256color', log: (line) => xterm.write(`${line}\r\n`) });
  system = boot();
  showFramebuffer(() => system?.kernel.framebuffer ?? null, element('framebuffer') as HTMLCanvasElement);

  // reboot(2) ends each run; the kernel has printed why. A restart is a board's reset: the page boots the image
  // again, and the keys typed go on to the new machine.
  for (;;) {
    await system.kernel.run(system.init);
    system.detachConsole();
    const stop = system.kernel.machineStop;
    if (stop?.kind !== 'restart') break;
    system = boot();
  }
  xterm.write('\r\n[rvnommu: the machine has stopped; reload the page to boot it again]\r\n');
}

/**
 * Redraws the canvas from the video memory of the running machine's framebuffer on every animation frame, as a
 * display scans it out.
 */
function showFramebuffer(current: () => Framebuffer | null, canvas: HTMLCanvasElement): void {
  const context = canvas.getContext('2d');
  if (!context) throw new Error('the browser has no 2D canvas');
  const draw = () => {
    const framebuffer = current();
    if (framebuffer) {
      if (canvas.width !== framebuffer.width || canvas.height !== framebuffer.height) {
        canvas.width = framebuffer.width;
        canvas.height = framebuffer.height;
      }
      const rgba = framebuffer.toRgba();
      // toRgba's array is new and owns a plain ArrayBuffer.
      const pixels = new Uint8ClampedArray(rgba.buffer as ArrayBuffer, rgba.byteOffset, rgba.byteLength);
      context.putImageData(new ImageData(pixels, framebuffer.width), 0, 0);
    }
    requestAnimationFrame(draw);
  };
  requestAnimationFrame(draw);
}

function screenText(xterm: Xterm): string {
  const buffer = xterm.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
  return lines.join('\n');
}

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found;
}

start().catch((error: unknown) => {
  const message = document.createElement('pre');
  message.className = 'error';
  message.textContent = `rvnommu: ${error instanceof Error ? error.message : String(error)}`;
  document.body.append(message);
  throw error;
});
