import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Framebuffer } from '../devices/Framebuffer.js';
import { encodePng } from '../devices/png.js';
import { hostErrorName, UsageError } from './Command.js';

export interface FramebufferOptions {
  /** The --fb size; null for 'none', undefined for the default. */
  readonly framebuffer: { width: number; height: number } | null | undefined;
  /** --fb-png's file, already checked to be writable. */
  readonly pngPath: string | undefined;
}

/** --fb and --fb-png as `command` (run, boot) takes them. */
export function parseFramebufferOptions(command: string, values: { fb?: string; 'fb-png'?: string }): FramebufferOptions {
  const framebuffer = values.fb === undefined ? undefined : parseFramebufferSize(values.fb);
  const pngPath = values['fb-png'];
  if (pngPath !== undefined && framebuffer === null) throw new UsageError(`${command}: --fb-png needs a framebuffer, not --fb none`);
  if (pngPath !== undefined) checkWritable(pngPath);
  return { framebuffer, pngPath };
}

/** --fb: WIDTHxHEIGHT, or null for 'none'. */
function parseFramebufferSize(text: string): { width: number; height: number } | null {
  if (text === 'none') return null;
  const match = /^(\d+)x(\d+)$/.exec(text);
  const [width, height] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!(width >= 1 && width <= 4096 && height >= 1 && height <= 4096)) {
    throw new UsageError(`--fb ${text}: expected WIDTHxHEIGHT (each 1 to 4096, e.g. 640x480) or 'none'`);
  }
  return { width, height };
}

/** Fails before the run, not after it, when the picture could not be saved. */
function checkWritable(path: string): void {
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch (error) {
    throw new UsageError(`--fb-png ${path}: cannot write there (${hostErrorName(error)})`);
  }
}

/** Writes the picture; a failure (disk full, file removed meanwhile) is reported and the run goes on. */
export function savePicture(picture: Framebuffer, path: string): void {
  try {
    writeFileSync(path, encodePng(picture.width, picture.height, picture.toRgba()));
  } catch (error) {
    process.stderr.write(`rvnommu: --fb-png ${path}: ${hostErrorName(error)}\n`);
  }
}
