import { PAGE_SIZE } from '../../../cpu/PhysicalMemory.js';
import type { Framebuffer } from '../../../devices/Framebuffer.js';
import { Errno } from '../../errno.js';
import type { UserMemory } from '../../UserMemory.js';
import type { CharDevices } from '../CharDevices.js';
import type { FileOperations } from '../FileOperations.js';

/** The fbdev major number; /dev/fb0 is (29, 0). */
export const FB_MAJOR = 29;

export const FBIOGET_VSCREENINFO = 0x4600;
export const FBIOPUT_VSCREENINFO = 0x4601;
export const FBIOGET_FSCREENINFO = 0x4602;
export const FBIOPAN_DISPLAY = 0x4606;
export const FBIOBLANK = 0x4611;

/** sizeof(struct fb_var_screeninfo) and sizeof(struct fb_fix_screeninfo) on a 32-bit kernel. */
export const FB_VAR_SCREENINFO_SIZE = 160;
export const FB_FIX_SCREENINFO_SIZE = 68;

const FB_TYPE_PACKED_PIXELS = 0;
const FB_VISUAL_TRUECOLOR = 2;
const FIX_ID = 'rvnommu-fb';

/** Registers the framebuffer as /dev/fb0. */
export function registerFramebuffer(devices: CharDevices, fb: Framebuffer): void {
  const operations = framebufferOperations(fb);
  devices.register(FB_MAJOR, 0, { open: () => operations }, 'fb0', 0o660);
}

/** struct fb_var_screeninfo of the fixed XRGB8888 mode. */
export function variableScreenInfo(fb: Framebuffer): Uint8Array {
  const bytes = new Uint8Array(FB_VAR_SCREENINFO_SIZE);
  const view = new DataView(bytes.buffer);
  const words = [fb.width, fb.height, fb.width, fb.height, 0, 0, 32, 0];
  words.forEach((word, index) => view.setUint32(index * 4, word, true));
  // red, green, blue, transp bit fields: offset, length, msb_right.
  const fields = [16, 8, 0, 8, 8, 0, 0, 8, 0, 0, 0, 0];
  fields.forEach((word, index) => view.setUint32(32 + index * 4, word, true));
  // Physical size unknown (height and width in mm are -1).
  view.setInt32(88, -1, true);
  view.setInt32(92, -1, true);
  return bytes;
}

/** struct fb_fix_screeninfo: where the video memory is and how a line is laid out. */
export function fixedScreenInfo(fb: Framebuffer): Uint8Array {
  const bytes = new Uint8Array(FB_FIX_SCREENINFO_SIZE);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < FIX_ID.length; i++) bytes[i] = FIX_ID.charCodeAt(i);
  view.setUint32(16, fb.base, true);
  view.setUint32(20, fb.size, true);
  view.setUint32(24, FB_TYPE_PACKED_PIXELS, true);
  view.setUint32(32, FB_VISUAL_TRUECOLOR, true);
  view.setUint32(44, fb.lineLength, true);
  return bytes;
}

function framebufferOperations(fb: Framebuffer): FileOperations {
  const pages = Math.ceil(fb.size / PAGE_SIZE);
  return {
    // Video memory is copied straight to and from the caller's pages.
    pinsUserPages: true,
    // fb_read: a read at or past the end of video memory is end of file.
    read(_file, into, position) {
      if (position >= fb.size) return 0;
      const count = Math.min(into.length, fb.size - position);
      into.set(fb.bytes(position, count));
      return count;
    },
    // fb_write: starting past the end is EFBIG, running over it writes what fits (ENOSPC if nothing does).
    write(_file, data, position) {
      if (position > fb.size) return -Errno.EFBIG;
      const count = Math.min(data.length, fb.size - position);
      if (count === 0) return data.length > 0 ? -Errno.ENOSPC : 0;
      fb.bytes(position, count).set(data.subarray(0, count));
      return count;
    },
    ioctl: (_file, request, arg, mem) => framebufferIoctl(fb, request, arg, mem),
    mmap: {
      ioMemory: true,
      // get_fb_unmapped_area: the mapping is the video memory itself. Linux compares and adds pgoff as a byte
      // offset here, and vm_iomap_memory then refuses anything but a mapping from the start: so do we.
      getUnmappedArea(_file, len, pgoff) {
        const fbSize = pages * PAGE_SIZE;
        if (pgoff > fbSize || len > fbSize - pgoff) return -Errno.EINVAL;
        return fb.base + pgoff;
      },
      // vm_iomap_memory and no-MMU remap_pfn_range: the area must start at the page it maps and fit the memory.
      mmapDirect(_file, start, length, pgoff) {
        if (pgoff > pages || start !== fb.base + pgoff * PAGE_SIZE) return -Errno.EINVAL;
        return Math.ceil(length / PAGE_SIZE) > pages - pgoff ? -Errno.EINVAL : 0;
      },
    },
  };
}

function framebufferIoctl(fb: Framebuffer, request: number, arg: number, mem: UserMemory): number {
  switch (request >>> 0) {
    case FBIOGET_VSCREENINFO:
      return mem.copyOut(arg, variableScreenInfo(fb));
    case FBIOGET_FSCREENINFO:
      return mem.copyOut(arg, fixedScreenInfo(fb));
    case FBIOPUT_VSCREENINFO: {
      // The mode is fixed: a request for it is answered with it, anything else is not a mode we can set.
      const wanted = mem.copyIn(arg, FB_VAR_SCREENINFO_SIZE);
      if (typeof wanted === 'number') return wanted;
      const view = new DataView(wanted.buffer, wanted.byteOffset);
      const [xres, yres, bitsPerPixel] = [view.getUint32(0, true), view.getUint32(4, true), view.getUint32(24, true)];
      if (xres !== fb.width || yres !== fb.height || bitsPerPixel !== 32) return -Errno.EINVAL;
      return mem.copyOut(arg, variableScreenInfo(fb));
    }
    case FBIOPAN_DISPLAY: {
      const pan = mem.copyIn(arg, FB_VAR_SCREENINFO_SIZE);
      if (typeof pan === 'number') return pan;
      const view = new DataView(pan.buffer, pan.byteOffset);
      return view.getUint32(16, true) === 0 && view.getUint32(20, true) === 0 ? 0 : -Errno.EINVAL;
    }
    case FBIOBLANK:
      return 0;
    default:
      return -Errno.ENOTTY;
  }
}
