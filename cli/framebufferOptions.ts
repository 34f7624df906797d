import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Framebuffer } from '../devices/Framebuffer.js';
import { encodePng } from '../devices/png.js';
import { UsageError } from './Command.js';

/** --fb: WIDTHxHEIGHT, or null for 'none'. */
export function parseFramebufferSize(text: string): { width: number; height: number } | null {
  if (text === 'none') return null;
  const match = /^(\d+)x(\d+)$/.exec(text);
  const [width, height] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!(width >= 1 && width <= 4096 && height >= 1 && height <= 4096)) {
    throw new UsageError(`--fb ${text}: expected WIDTHxHEIGHT (each 1 to 4096, e.g. 640x480) or 'none'`);
  }
  return { width, height };
}

/** Fails before the run, not after it, when the picture could not be saved. */
export function checkWritable(path: string): void {
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch (error) {
    throw new UsageError(`--fb-png ${path}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Writes the picture; a failure (disk full, file removed meanwhile) is reported and the run goes on. */
export function savePicture(picture: Framebuffer, path: string): void {
  try {
    writeFileSync(path, encodePng(picture.width, picture.height, picture.toRgba()));
  } catch (error) {
    process.stderr.write(`rvnommu: --fb-png ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
  }
}
