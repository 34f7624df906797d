import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithOracle } from '../oracle.js';
import type { PageHooks } from '../../term/main.js';

const WAIT_MS = 30_000;

/** `rvnommu serve --port 0`, with the URL it printed. */
async function startServer(): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(process.execPath, ['bin/rvnommu.js', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(printed);
      if (match) resolve(match[0]);
    });
    server.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    server.on('exit', (code) => reject(new Error(`rvnommu serve exited (${code}) before printing its URL:\n${printed}`)));
  });
  return { server, url };
}

/** Stops the server as a user does (Ctrl-C); resolves with its exit code. */
function stopServer(server: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    server.on('exit', (code) => resolve(code));
    server.kill('SIGINT');
  });
}

describe('rvnommu serve', () => {
  let server: ChildProcess;
  let url: string;
  beforeAll(async () => ({ server, url } = await startServer()));

  it('serves the page, its bundle and the built-in image on 127.0.0.1, and nothing else', async () => {
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<script type="module" src="term.js"></script>');
    const bundle = await fetch(new URL('term.js', url));
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await bundle.text()).toContain('bootSystem');
    const image = new Uint8Array(await (await fetch(new URL('image.rom', url))).arrayBuffer());
    expect(Buffer.from(image).equals(readFileSync('images/bin/rootfs/default.rom'))).toBe(true);
    expect((await fetch(new URL('package.json', url))).status).toBe(404);
    expect((await fetch(new URL('../cli/serve.ts', url))).status).toBe(404);
  });

  it('stops on Ctrl-C with status 0', async () => {
    expect(await stopServer(server)).toBe(0);
  });
});

/** Whether any pixel of the framebuffer's canvas is not black: runs in the page. */
function canvasHasColour(): boolean {
  const canvas = document.getElementById('framebuffer') as HTMLCanvasElement;
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  return data.some((value, index) => index % 4 !== 3 && value !== 0);
}

describeWithOracle('chromium', 'the browser front end (playwright-core driving chromium)', () => {
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;

  /** The text of the xterm.js console, through the page's test hook. */
  const waitForScreen = (pattern: RegExp) =>
    page.waitForFunction(
      (source) => new RegExp(source, 'm').test((window as { rvnommu?: PageHooks }).rvnommu?.screenText() ?? ''),
      pattern.source,
      { timeout: WAIT_MS },
    );

  beforeAll(async () => {
    const started = await startServer();
    server = started.server;
    const executablePath = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(started.url);
    await waitForScreen(/^\$ *$/).catch((error: Error) => {
      throw new Error(`${error.message}\npage errors: ${errors.join('\n')}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server);
  });

  it('boots the built-in image to a shell prompt in the xterm.js console and runs `ls /` typed on the keyboard', async () => {
    await page.keyboard.type('ls /\n');
    await waitForScreen(/^bin\s+dev\s+etc\s+proc\s+sbin\s+tmp\s+usr *$/);
  });

  it('shows the framebuffer on the canvas: black at first, fbdemo draws on it', async () => {
    expect(await page.evaluate(canvasHasColour)).toBe(false);
    await page.keyboard.type('fbdemo && echo drawn\n');
    await waitForScreen(/^drawn *$/);
    // The canvas is redrawn on the next animation frame.
    await page.waitForFunction(canvasHasColour, undefined, { timeout: WAIT_MS });
  });

  it('reboots in the page on `reboot` (a black framebuffer again), and stops with a line on `poweroff`', async () => {
    await page.keyboard.type('reboot\n');
    await waitForScreen(/reboot: Restarting system\n(.*\n)*Welcome to rvnommu(.*\n)*\$ *$/);
    // A new machine's video memory: black until fbdemo draws again.
    await page.waitForFunction(`!(${canvasHasColour.toString()})()`, undefined, { timeout: WAIT_MS });
    await page.keyboard.type('echo second boot\n');
    await waitForScreen(/^second boot *$/);
    await page.keyboard.type('poweroff\n');
    await waitForScreen(/reboot: Power down *\n\n?\[rvnommu: the machine has stopped; reload the page to boot it again\] *$/);
  });
});
