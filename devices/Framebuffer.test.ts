import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PhysicalMemory } from '../cpu/PhysicalMemory.js';
import { FRAMEBUFFER_BASE, Framebuffer } from './Framebuffer.js';
import { encodePng } from './png.js';

function framebuffer(width: number, height: number) {
  const physical = new PhysicalMemory(Framebuffer.regionSize(width, height));
  return { physical, fb: new Framebuffer(physical, FRAMEBUFFER_BASE, width, height) };
}

describe('Framebuffer', () => {
  it('is physical memory at its base, a whole number of pages, with XRGB8888 pixels read out as RGBA', () => {
    const { physical, fb } = framebuffer(3, 2);
    expect(Framebuffer.regionSize(3, 2)).toBe(PAGE_SIZE);
    expect([fb.lineLength, fb.size]).toEqual([12, 24]);
    physical.write32(FRAMEBUFFER_BASE + 4, 0x00_11_22_33);
    physical.write32(FRAMEBUFFER_BASE + 12 + 8, 0xff_fe_fd_fc);
    const rgba = fb.toRgba();
    expect([...rgba.subarray(4, 8)]).toEqual([0x11, 0x22, 0x33, 0xff]);
    expect([...rgba.subarray(20, 24)]).toEqual([0xfe, 0xfd, 0xfc, 0xff]);
    expect([...rgba.subarray(0, 4)]).toEqual([0, 0, 0, 0xff]);
  });

  it('refuses sizes outside 1 to 4096 pixels a side', () => {
    const physical = new PhysicalMemory(PAGE_SIZE);
    for (const [width, height] of [[0, 10], [10, 4097], [1.5, 2]]) {
      expect(() => new Framebuffer(physical, FRAMEBUFFER_BASE, width, height)).toThrow('width and height must be between 1 and 4096 pixels');
    }
  });
});

describe('encodePng', () => {
  it('writes a PNG whose chunks check out and whose pixels inflate back to the picture', () => {
    const rgba = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 37) & 0xff);
    const png = encodePng(2, 3, rgba);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer);
    const chunks = new Map<string, Uint8Array>();
    for (let offset = 8; offset < png.length; ) {
      const length = view.getUint32(offset);
      const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
      chunks.set(type, png.subarray(offset + 8, offset + 8 + length));
      offset += 12 + length;
    }
    expect([...chunks.keys()]).toEqual(['IHDR', 'IDAT', 'IEND']);
    const header = new DataView(chunks.get('IHDR')!.slice().buffer);
    expect([header.getUint32(0), header.getUint32(4), header.getUint8(8), header.getUint8(9)]).toEqual([2, 3, 8, 6]);
    const raw = inflateSync(chunks.get('IDAT')!);
    for (let y = 0; y < 3; y++) {
      expect(raw[y * 9]).toBe(0);
      expect([...raw.subarray(y * 9 + 1, y * 9 + 9)]).toEqual([...rgba.subarray(y * 8, y * 8 + 8)]);
    }
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow('not a 2x2 RGBA picture');
  });
});
