/** Linux's default printk level for messages without one (KERN_DEFAULT ends up as KERN_WARNING's 4, or info 6). */
export const LOG_EMERG = 0;
export const LOG_INFO = 6;
export const LOG_WARNING = 4;

/**
 * The kernel's message ring (printk's log buffer) that syslog(2) and dmesg read: each message is stored as
 * syslog(2) returns it, "<level>[seconds.micros] text\n", and the oldest are dropped once the buffer is full.
 */
export class KernelLog {
  private text = '';

  constructor(
    /** CONFIG_LOG_BUF_SHIFT: the buffer's size in bytes. */
    readonly capacity = 16384,
  ) {}

  /** Stores a message; returns it as a console prints it, "[seconds.micros] text" (CONFIG_PRINTK_TIME). */
  add(level: number, secondsSinceBoot: number, message: string): string {
    const line = `[${secondsSinceBoot.toFixed(6).padStart(12)}] ${message}`;
    this.text += `<${level}>${line}\n`;
    if (this.text.length > this.capacity) {
      // Drop whole messages from the front, as the ring overwrites its oldest records.
      const cut = this.text.indexOf('\n', this.text.length - this.capacity);
      this.text = this.text.slice(cut + 1);
    }
    return line;
  }

  /** Everything held (SYSLOG_ACTION_READ_ALL gives the newest part that fits the reader's buffer). */
  get contents(): string {
    return this.text;
  }

  clear(): void {
    this.text = '';
  }
}
