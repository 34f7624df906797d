import { describe, expect, it } from 'vitest';
import { KernelLog, LOG_INFO, LOG_WARNING } from './KernelLog.js';

describe('KernelLog', () => {
  it('keeps messages as syslog(2) returns them: level, time since boot, text', () => {
    const log = new KernelLog();
    log.add(LOG_INFO, 0, 'Memory: 65536K');
    log.add(LOG_WARNING, 1.5, 'unknown syscall');
    expect(log.contents).toBe('<6>[    0.000000] Memory: 65536K\n<4>[    1.500000] unknown syscall\n');
    log.clear();
    expect(log.contents).toBe('');
  });

  it('drops the oldest whole messages when full', () => {
    const log = new KernelLog(64);
    for (let i = 0; i < 5; i++) log.add(LOG_INFO, i, `message ${i}`);
    expect(log.contents.length).toBeLessThanOrEqual(64);
    expect(log.contents).toBe('<6>[    3.000000] message 3\n<6>[    4.000000] message 4\n');
  });
});
