/**
 * Lets the host's event loop run (input, timers, a page's drawing) and resumes as soon as it has. Node has
 * setImmediate; a browser does not, and its setTimeout(0) waits at least 4 ms once nested, so there the kernel
 * posts itself a message instead.
 */
export const yieldToHost: () => Promise<void> =
  typeof setImmediate === 'function' ? () => new Promise((resolve) => setImmediate(resolve)) : messageLoopYield();

function messageLoopYield(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}
