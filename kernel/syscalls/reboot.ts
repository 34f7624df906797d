import { Errno } from '../errno.js';
import { isSuperuser } from '../vfs/Credentials.js';
import type { UserMemory } from '../UserMemory.js';
import type { SyscallTable } from './types.js';

/** include/uapi/linux/reboot.h: the magic numbers that keep a stray call from taking the machine down. */
const LINUX_REBOOT_MAGIC1 = 0xfee1dead | 0;
const LINUX_REBOOT_MAGIC2S = new Set([0x28121969, 0x05121996, 0x16041998, 0x20112000]);

export const LINUX_REBOOT_CMD_RESTART = 0x01234567;
export const LINUX_REBOOT_CMD_HALT = 0xcdef0123;
export const LINUX_REBOOT_CMD_CAD_ON = 0x89abcdef;
export const LINUX_REBOOT_CMD_CAD_OFF = 0x00000000;
export const LINUX_REBOOT_CMD_POWER_OFF = 0x4321fedc;
export const LINUX_REBOOT_CMD_RESTART2 = 0xa1b2c3d4;
/** kernel/reboot.c's buffer for RESTART2's command. */
const RESTART2_COMMAND_MAX = 255;

export const rebootSyscalls: SyscallTable = {
  // reboot(2), as kernel/reboot.c: root only (CAP_SYS_BOOT), magic first; halt, power off and restart stop the
  // machine with the line Linux prints (the board can power off, so POWER_OFF is not turned into HALT). KEXEC and
  // SW_SUSPEND are not built in: EINVAL, as for any other command.
  142: (ctx, magic1, magic2, cmd, arg) => {
    const kernel = ctx.kernel;
    if (!isSuperuser(kernel.credentials(ctx.task))) return -Errno.EPERM;
    if (magic1 !== LINUX_REBOOT_MAGIC1 || !LINUX_REBOOT_MAGIC2S.has(magic2)) return -Errno.EINVAL;
    switch (cmd >>> 0) {
      case LINUX_REBOOT_CMD_RESTART:
        kernel.stopMachine({ kind: 'restart' }, 'reboot: Restarting system');
        return 0;
      case LINUX_REBOOT_CMD_RESTART2: {
        const command = restartCommand(ctx.mem, arg >>> 0);
        if (typeof command === 'number') return -Errno.EFAULT;
        kernel.stopMachine({ kind: 'restart', command }, `reboot: Restarting system with command '${command}'`);
        return 0;
      }
      case LINUX_REBOOT_CMD_HALT:
        kernel.stopMachine({ kind: 'halt' }, 'reboot: System halted');
        return 0;
      case LINUX_REBOOT_CMD_POWER_OFF:
        kernel.stopMachine({ kind: 'power-off' }, 'reboot: Power down');
        return 0;
      case LINUX_REBOOT_CMD_CAD_ON:
        kernel.ctrlAltDelRestarts = true;
        return 0;
      case LINUX_REBOOT_CMD_CAD_OFF:
        kernel.ctrlAltDelRestarts = false;
        return 0;
      default:
        return -Errno.EINVAL;
    }
  },
};

/** RESTART2's argument as strncpy_from_user takes it: at most 255 bytes, cut there if it goes on. */
function restartCommand(mem: UserMemory, addr: number): string | number {
  const whole = mem.readCString(addr, RESTART2_COMMAND_MAX - 1);
  if (whole !== -Errno.ENAMETOOLONG) return whole;
  const view = mem.view(addr, RESTART2_COMMAND_MAX);
  return typeof view === 'number' ? view : new TextDecoder().decode(view);
}
