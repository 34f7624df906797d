import type { AccessWidth, MmioDevice, PhysicalMemory } from '../cpu/PhysicalMemory.js';

/**
 * Where the flash chip sits in the physical address space: below the framebuffer (0x30000000), far from RAM
 * (0x80000000), like the boot flash of a uClinux board.
 */
export const FLASH_BASE = 0x2000_0000;
/** 16 MiB: the chip rvnommu run --rom attaches; an image must fit in it. */
export const FLASH_SIZE = 16 * 1024 * 1024;
/** 64 KiB uniform sectors, as on common CFI parts (S29GL, MX29LV). */
export const FLASH_SECTOR_SIZE = 64 * 1024;

/** Erased NOR flash reads as all ones. */
const ERASED = 0xff;
/** AMD/Spansion status bits (cfi_cmdset_0002): DQ7 data polling, DQ6 toggle, DQ3 erase timer, DQ2 erase toggle. */
const DQ7 = 0x80;
const DQ6 = 0x40;
const DQ3 = 0x08;
const DQ2 = 0x04;

type Operation = { kind: 'erase'; offset: number; length: number } | { kind: 'program'; offset: number; data: Uint8Array };

/**
 * A NOR flash chip (AMD command set) wired linearly into the physical address space. When idle, reads come
 * straight from its bytes: its pages are readable and executable memory, so code runs in place. Writing is an
 * embedded operation: `beginErase` or `beginProgram` starts one, and until `finish` the whole chip answers every
 * read with status words instead of data (DQ6 toggling from read to read), as a real chip in program or erase mode
 * does, and instruction fetches from it fault. Programming can only turn ones into zeros; erasing a sector turns it
 * back to ones. Whoever changes the contents (the finish of an operation) drops the code translated from them.
 */
export class Flash implements MmioDevice {
  readonly name = 'flash';
  private readonly bytes: Uint8Array;
  private operation: Operation | null = null;
  private toggled = false;

  constructor(
    private readonly physical: PhysicalMemory,
    readonly base: number,
    readonly size: number,
    readonly sectorSize: number,
  ) {
    if (size % sectorSize !== 0 || sectorSize % 4096 !== 0) {
      throw new RangeError(`flash of ${size} bytes: must be whole sectors of whole pages`);
    }
    const region = physical.addRom('flash', base, size, this);
    this.bytes = physical.u8.subarray(region.backingOffset, region.backingOffset + size);
    this.bytes.fill(ERASED);
  }

  /** True while an erase or program operation is in progress. */
  get busy(): boolean {
    return this.operation !== null;
  }

  /** Factory programming: the chip leaves the factory holding `image` at offset 0 and ones after it. */
  loadImage(image: Uint8Array): void {
    if (image.length > this.size) throw new RangeError(`image of ${image.length} bytes does not fit in ${this.size} bytes of flash`);
    this.bytes.set(image);
    this.bytes.fill(ERASED, image.length);
    this.physical.hostWrote(this.base, this.size);
  }

  /** The data at [offset, offset+into.length), as the chip's read mode gives it; throws while busy. */
  readData(offset: number, into: Uint8Array): void {
    this.checkIdle();
    this.checkRange(offset, into.length);
    into.set(this.bytes.subarray(offset, offset + into.length));
  }

  /** Starts erasing whole sectors [offset, offset+length). */
  beginErase(offset: number, length: number): void {
    this.checkRange(offset, length);
    if (offset % this.sectorSize !== 0 || length % this.sectorSize !== 0) {
      throw new RangeError(`erase of [${offset}, +${length}) is not whole sectors`);
    }
    this.begin({ kind: 'erase', offset, length });
  }

  /** Starts programming `data` at `offset`. */
  beginProgram(offset: number, data: Uint8Array): void {
    this.checkRange(offset, data.length);
    this.begin({ kind: 'program', offset, data: data.slice() });
  }

  /**
   * Ends the operation in progress and puts the chip back in read mode. For a program, false when some byte did
   * not take its new value because that needed a zero bit to become one (what the chip holds then is old AND new).
   */
  finish(): boolean {
    const operation = this.operation;
    if (!operation) throw new Error('flash: no operation in progress');
    this.operation = null;
    this.physical.divertToDevice(this.base, this.size, false);
    let verified = true;
    if (operation.kind === 'erase') {
      this.bytes.fill(ERASED, operation.offset, operation.offset + operation.length);
      this.physical.hostWrote(this.base + operation.offset, operation.length);
    } else {
      const { offset, data } = operation;
      for (let i = 0; i < data.length; i++) {
        const programmed = this.bytes[offset + i] & data[i];
        if (programmed !== data[i]) verified = false;
        this.bytes[offset + i] = programmed;
      }
      this.physical.hostWrote(this.base + offset, data.length);
    }
    return verified;
  }

  /** A whole operation: erase, then back to read mode. */
  erase(offset: number, length: number): void {
    this.beginErase(offset, length);
    this.finish();
  }

  /** A whole operation: program, then back to read mode; false if some bit needed an erase first. */
  program(offset: number, data: Uint8Array): boolean {
    this.beginProgram(offset, data);
    return this.finish();
  }

  /** Reads while an operation is in progress (the only time the chip's pages go through the device). */
  read(_offset: number, width: AccessWidth): number {
    const operation = this.operation;
    if (!operation) throw new Error('flash: read through the device while idle');
    this.toggled = !this.toggled;
    const toggle = this.toggled ? DQ6 : 0;
    // Data polling shows the complement of bit 7 of what is being written: 0 while erasing (to ones).
    const status =
      operation.kind === 'erase' ? toggle | DQ3 | (this.toggled ? DQ2 : 0) : toggle | (~operation.data[0] & DQ7);
    let word = 0;
    for (let i = 0; i < width; i++) word |= status << (8 * i);
    return word;
  }

  /** Command writes are not modelled: the page map gives the chip no write permission, so stores fault first. */
  write(): void {
    throw new Error('flash: stores never reach the chip');
  }

  private begin(operation: Operation): void {
    this.checkIdle();
    this.operation = operation;
    this.physical.divertToDevice(this.base, this.size, true);
  }

  private checkIdle(): void {
    if (this.operation) throw new Error(`flash: ${this.operation.kind} in progress`);
  }

  private checkRange(offset: number, length: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new RangeError(`flash access [${offset}, +${length}) outside its ${this.size} bytes`);
    }
  }
}
