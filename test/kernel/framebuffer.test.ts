import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const PROGRAM = 'images/bin/programs/nommu/framebuffer.elf';

function rvnommu(args: string[]) {
  return spawnSync('node', ['bin/rvnommu.js', 'run', ...args], { encoding: 'utf8', timeout: 60_000 });
}

/** The RGBA pixels of a PNG written by rvnommu (8-bit RGBA, filter 0 on every row). */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const data: Buffer[] = [];
  for (let offset = 8; offset < png.length; offset += 12 + png.readUInt32BE(offset)) {
    if (png.toString('latin1', offset + 4, offset + 8) === 'IDAT') data.push(png.subarray(offset + 8, offset + 8 + png.readUInt32BE(offset)));
  }
  const raw = inflateSync(Buffer.concat(data));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) rgba.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  return { width, height, rgba };
}

describe('rvnommu run: the framebuffer', () => {
  it('saves what the program drew through its /dev/fb0 mapping as a PNG', () => {
    const png = join(mkdtempSync(join(tmpdir(), 'rvnommu-fb-')), 'screen.png');
    const run = rvnommu(['--fb', '40x30', '--fb-png', png, PROGRAM]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('rvnommu-fb: 40x30, 32 bits per pixel, 160 bytes per line\n');
    expect(run.stdout).toContain('framebuffer: ok');
    expect(run.status).toBe(0);
    const { width, height, rgba } = decodePng(readFileSync(png));
    expect([width, height]).toEqual([40, 30]);
    // The program's gradient: red grows to the right, green downwards, blue is 0x80.
    for (const [x, y] of [[0, 0], [39, 0], [20, 15], [39, 29]]) {
      const at = (y * width + x) * 4;
      expect([...rgba.subarray(at, at + 4)]).toEqual([Math.floor((x * 255) / 39), Math.floor((y * 255) / 29), 0x80, 0xff]);
    }
  });

  it('saves the picture on SIGUSR1 while the program runs', async () => {
    const png = join(mkdtempSync(join(tmpdir(), 'rvnommu-fb-')), 'now.png');
    // stdin.elf waits for its input (strace says when), which gives time to ask for a picture.
    const child = spawn('node', ['bin/rvnommu.js', 'run', '--strace', '--fb', '8x4', '--fb-png', png, 'images/bin/programs/stdin.elf']);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => {
      let trace = '';
      child.stderr.on('data', (chunk: Buffer) => {
        trace += chunk.toString();
        if (trace.includes('read(0, @1, 1024) <blocked ...>')) resolve();
      });
    });
    expect(existsSync(png)).toBe(false);
    child.kill('SIGUSR1');
    for (let i = 0; i < 50 && !existsSync(png); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(decodePng(readFileSync(png)).width).toBe(8);
    child.stdin.end('');
    await exited;
  });

  it('runs without a framebuffer on --fb none: /dev/fb0 is not there', () => {
    const run = rvnommu(['--fb', 'none', PROGRAM]);
    expect(run.stdout).toMatch(/^FAILED line \d+: fd >= 0$/m);
    expect(run.status).toBe(1);
  });

  it('reports bad framebuffer options in one line', () => {
    for (const args of [['--fb', '0x10'], ['--fb', 'big'], ['--fb-png', '/nonexistent-dir/x.png'], ['--fb', 'none', '--fb-png', '/tmp/x.png']]) {
      const run = rvnommu([...args, PROGRAM]);
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^rvnommu run: .*--fb/);
    }
  });
});
