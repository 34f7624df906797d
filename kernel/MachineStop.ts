/**
 * How a booted machine stopped, where Linux's machine_halt, machine_power_off and machine_restart (reboot(2)) or
 * panic() take the board out of the kernel's hands: what the host does next (rvnommu boot: exit, or boot again).
 */
export type MachineStop =
  | { readonly kind: 'halt' }
  | { readonly kind: 'power-off' }
  /** LINUX_REBOOT_CMD_RESTART, or RESTART2 with its command string (which this board has no use for). */
  | { readonly kind: 'restart'; readonly command?: string }
  /** panic(): the message after "Kernel panic - not syncing: ". */
  | { readonly kind: 'panic'; readonly message: string };
