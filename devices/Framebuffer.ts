import { PAGE_SIZE, type PhysicalMemory } from '../cpu/PhysicalMemory.js';

/** Where the video memory sits in the physical address space: clear of RAM (0x80000000) and the CLINT. */
export const FRAMEBUFFER_BASE = 0x3000_0000;
export const DEFAULT_FRAMEBUFFER_WIDTH = 320;
export const DEFAULT_FRAMEBUFFER_HEIGHT = 240;
/** Pixels are 32-bit XRGB8888: in memory blue, green, red, then an unused byte. */
export const FRAMEBUFFER_BYTES_PER_PIXEL = 4;

/**
 * A linear framebuffer: plain memory the guest draws into (through /dev/fb0's read, write or a direct mapping), and
 * the host reads out as a picture. It has no registers: the mode is fixed when the machine is built.
 */
export class Framebuffer {
  readonly lineLength: number;
  /** Bytes of picture (smem_len); the region behind it is rounded up to whole pages. */
  readonly size: number;
  private readonly pixels: Uint8Array;

  constructor(
    physical: PhysicalMemory,
    readonly base: number,
    readonly width: number,
    readonly height: number,
  ) {
    if (![width, height].every((side) => Number.isInteger(side) && side >= 1 && side <= 4096)) {
      throw new RangeError(`framebuffer ${width}x${height}: width and height must be between 1 and 4096 pixels`);
    }
    this.lineLength = width * FRAMEBUFFER_BYTES_PER_PIXEL;
    this.size = this.lineLength * height;
    const region = physical.addRam('framebuffer', base, Framebuffer.regionSize(width, height));
    this.pixels = physical.u8.subarray(region.backingOffset, region.backingOffset + this.size);
  }

  /** Physical memory a framebuffer of this size takes, for sizing the machine's backing store. */
  static regionSize(width: number, height: number): number {
    return Math.ceil((width * height * FRAMEBUFFER_BYTES_PER_PIXEL) / PAGE_SIZE) * PAGE_SIZE;
  }

  /** The video memory bytes [offset, offset+length), as a view the driver reads and writes through. */
  bytes(offset: number, length: number): Uint8Array {
    return this.pixels.subarray(offset, offset + length);
  }

  /** The picture as RGBA bytes, top row first (what a PNG encoder or a canvas ImageData wants). */
  toRgba(): Uint8Array {
    const rgba = new Uint8Array(this.width * this.height * 4);
    const pixels = this.pixels;
    for (let i = 0; i < rgba.length; i += 4) {
      rgba[i] = pixels[i + 2];
      rgba[i + 1] = pixels[i + 1];
      rgba[i + 2] = pixels[i];
      rgba[i + 3] = 0xff;
    }
    return rgba;
  }
}
