import { createInterface } from 'node:readline';
import type { Debugger } from './Debugger.js';

export interface ReplOptions {
  readonly input: NodeJS.ReadableStream;
  readonly write: (text: string) => void;
  /** Stops a running command (^C at a terminal). */
  readonly interrupt: () => void;
  /** Show a prompt and keep line editing (a terminal); off when commands come from a pipe or file. */
  readonly interactive: boolean;
}

const PROMPT = '(rvnommu) ';

/**
 * The built-in debugger's command loop: one command per line until `quit` or the end of input. An empty line
 * repeats the previous command, as in GDB, so stepping is one key press.
 */
export async function runDebugRepl(debug: Debugger, options: ReplOptions): Promise<void> {
  const lines = createInterface({ input: options.input, terminal: options.interactive, output: options.interactive ? process.stdout : undefined });
  lines.on('SIGINT', options.interrupt);
  let previous = '';
  if (options.interactive) lines.setPrompt(PROMPT);
  lines.prompt();
  try {
    for await (const line of lines) {
      const command = line.trim() === '' ? previous : line;
      previous = command;
      const output = await debug.execute(command);
      if (output !== '') options.write(`${output}\n`);
      if (debug.done) break;
      lines.prompt();
    }
  } finally {
    lines.close();
  }
}
