/** What names mean in an expression: registers (`$pc`, `$a0`, `$mstatus`) and program symbols. */
export interface ExpressionScope {
  register(name: string): number | undefined;
  symbol(name: string): number | undefined;
}

/** A command argument that is not a valid expression; its message is shown to the user as is. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

const TERM = /^\s*(0[xX][0-9a-fA-F]+|\d+|\$[A-Za-z][A-Za-z0-9]*|[A-Za-z_.][A-Za-z0-9_.$]*)\s*/;

/**
 * Evaluates an address expression as the built-in debugger's commands take them: numbers (decimal or 0x hex),
 * `$register`, symbol names, joined by + and -, e.g. `crc_table+0x8` or `$sp-16`. The result is a 32-bit
 * unsigned value; anything else raises ExpressionError.
 */
export function evaluate(text: string, scope: ExpressionScope): number {
  let rest = text.trim();
  if (rest === '') throw new ExpressionError('an address or value is needed');
  let total = 0;
  let sign = 1;
  for (;;) {
    const match = TERM.exec(rest);
    if (!match) throw new ExpressionError(`cannot read '${text.trim()}' as an address (numbers, $registers, symbols, + and -)`);
    total += sign * termValue(match[1], scope);
    rest = rest.slice(match[0].length);
    if (rest === '') return total >>> 0;
    if (rest[0] !== '+' && rest[0] !== '-') throw new ExpressionError(`unexpected '${rest}' in '${text.trim()}'`);
    sign = rest[0] === '+' ? 1 : -1;
    rest = rest.slice(1);
  }
}

function termValue(term: string, scope: ExpressionScope): number {
  if (/^\d/.test(term)) {
    const value = Number(term);
    if (!Number.isSafeInteger(value) || value >= 2 ** 32) throw new ExpressionError(`${term} does not fit in 32 bits`);
    return value;
  }
  if (term.startsWith('$')) {
    const value = scope.register(term.slice(1));
    if (value === undefined) throw new ExpressionError(`no register ${term}`);
    return value >>> 0;
  }
  const value = scope.symbol(term);
  if (value === undefined) throw new ExpressionError(`no symbol '${term}' in the program`);
  return value >>> 0;
}
