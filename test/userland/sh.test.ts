import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithOracle } from '../oracle.js';
import { USERLAND, makeSystem, run, sh } from './userland.js';

const system = makeSystem();

describeWithOracle('qemu-riscv32', 'sh compared with qemu-riscv32 (expansion and lists, no child processes)', () => {
  const scripts = [
    `echo 'single $X' "double \\"$HOME\\"" back\\ slash 'a'"b"c; A=1; B="x  y"; echo $A\${A}"$B"$B; echo "[\${U:-default}]" \${#B} "[\${U+set}]" "[\${A+set}]"`,
    'echo $((1 + 2 * 3)) $((7 / 2)) $((-7 % 3)) $(( (1 < 2) && (2 <= 1) )) $((A)) $((10 - 2 - 3)); A=4; echo $((A * A))',
    'false; echo $?; true && echo and; false || echo or; false && echo never; true || echo never; false || false || echo chain; echo a ;echo b',
    'echo "multi\nline" \'new\nline\'; unset A; echo "[$A]"; export E=1; echo $E; X=" lead  trail "; echo [$X] "[$X]"',
    'echo $0 $# "$@"; echo "$1-$2"; shift; echo $# $1; echo ~ ~/x "~"',
    'echo one # a comment\n\necho two \\\n  continued',
    'exit 3',
    'echo before; nosuchvariable=; echo "[$nosuchvariable]"; exit',
  ];
  it.each(scripts)('%s', (script) => {
    const args = ['-c', script, 'name', 'first', 'second word'];
    const ours = run(system, 'sh', args);
    const qemu = spawnSync('qemu-riscv32', [join(USERLAND, 'sh.elf'), ...args], {
      encoding: 'utf8',
      env: { PATH: '/bin', HOME: '/tmp' },
    });
    expect(ours.stderr).toBe('');
    expect(ours.stdout).toBe(qemu.stdout);
    expect(ours.status).toBe(qemu.status);
  });

  it('expands as a POSIX shell does', () => {
    const result = run(system, 'sh', ['-c', scripts[0]]);
    expect(result.stdout).toBe('single $X double "/tmp" back slash abc\n11x  yx y\n[default] 4 [] [set]\n');
  });
});

describe('sh on rvnommu', () => {
  it('runs pipelines, with the last command giving the status', () => {
    const result = sh(system, 'echo hello | cat | cat; false | true; echo $?; true | false; echo $?; echo x | nosuch | cat; echo $?');
    expect(result.stdout).toBe('hello\n0\n1\n0\n');
    expect(result.stderr).toBe('sh: nosuch: not found\n');
  });

  it('redirects to and from files, appends, and sends stderr along', () => {
    const result = sh(
      system,
      'echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f; ls /missing 2> /tmp/err; echo $?; cat /tmp/err; ' +
        'ls /missing 2>&1 | cat; ls /missing > /tmp/out 2>&1; cat /tmp/out; echo lost >&-; cat /missing/x 2>/dev/null || echo failed',
    );
    expect(result.stdout).toBe(
      'one\ntwo\n2\nls: /missing: No such file or directory\nls: /missing: No such file or directory\n' +
        'ls: /missing: No such file or directory\nfailed\n',
    );
    expect(result.status).toBe(0);
  });

  it('runs background jobs, lists them and waits for them with their status', () => {
    const result = sh(system, 'sleep 0.2 & echo started; jobs; wait $!; echo waited $?; sh -c "exit 7" & wait $!; echo $?; ' +
      'sleep 0.1 & sleep 0.1 & wait; echo all; jobs; echo $!');
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual(['started', '[1] Running    sleep 0.2', 'waited 0', '7', 'all']);
    expect(lines[5]).toMatch(/^\d+$/);
    expect(result.status).toBe(0);
  });

  it('propagates exit statuses: exit N, a missing command, a signal', () => {
    expect(sh(system, 'exit 42').status).toBe(42);
    const missing = sh(system, 'nosuch arg');
    expect(missing.status).toBe(127);
    expect(missing.stderr).toBe('sh: nosuch: not found\n');
    const killed = sh(system, 'sleep 5 & kill $!; wait $!; echo $?; sleep 5 & kill -USR1 $!; wait $!; echo $?; sleep 5 & kill -s KILL $!; wait $!');
    expect(killed.stdout).toBe('143\n138\n');
    expect(killed.status).toBe(137);
  });

  it('runs script files with arguments, and . in the current shell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rvnommu-sh-script-'));
    writeFileSync(join(dir, 'script.sh'), '#!/bin/sh\necho script $0 $# "$1"\nV=from-script\nexit 4\n');
    writeFileSync(join(dir, 'lib.sh'), 'V=sourced\ncd /tmp\n');
    const result = sh(system, 'sh /work/script.sh "a b" c; echo status $? "[$V]"; . /work/lib.sh; echo "[$V]" $(pwd)', {
      mounts: [`${dir}:/work`],
    });
    expect(result.stdout).toBe('script /work/script.sh 2 a b\nstatus 4 []\n[sourced] /tmp\n');
  });

  it('has cd, pwd, export, unset, and exports only what is exported', () => {
    const result = sh(system, 'cd /proc; pwd; cd; pwd; cd -; LOCAL=1; export SHARED=2; env; unset SHARED; env; T=3 env');
    const env = result.stdout.split('\n').slice(3);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual(['/proc', '/tmp', '/proc']);
    expect(env).toContain('SHARED=2');
    expect(env).toContain('T=3');
    expect(env.filter((line) => line === 'SHARED=2')).toHaveLength(1);
    expect(env).not.toContain('LOCAL=1');
  });

  it('substitutes command output and runs builtins of a pipeline in a child shell', () => {
    const result = sh(system, 'X=$(echo "a  b"; echo c); echo "[$X]"; echo [$(echo x y)]; cd /proc | cat; pwd; echo built-in | cat');
    expect(result.stdout).toBe('[a  b\nc]\n[x y]\n/\nbuilt-in\n');
  });

  it('gives a child shell (for $( ), a builtin in a pipeline, a background list) the unexported variables, for itself only', () => {
    const result = sh(system, 'L=local; echo $(echo $L $0 $1); echo x | echo $L | cat; true && echo $L-bg & wait; sh -c "echo [\\$L]"; env | cat; echo $(env)');
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual(['local bin/sh', 'local', 'local-bg', '[]']);
    expect(result.stdout).not.toMatch(/L=local|SH_UNEXPORTED/);
  });

  it('does not run a command whose expansion fails', () => {
    const result = sh(system, 'echo $((1/0)); echo $?; echo $((2**3)); echo ${A%x}; echo $? ${A:-ok}');
    expect(result.stdout).toBe('1\n1 ok\n');
    expect(result.stderr).toBe(
      'sh: arithmetic: 1/0: division by zero\nsh: arithmetic: 2**3: syntax error\nsh: ${A%x}: bad substitution\n',
    );
  });

  it('expands unquoted * ? [...] to the sorted paths they match, and leaves a pattern matching nothing', () => {
    const result = sh(system, 'cd /bin; echo [a-c]* e?v; echo "*" \\* no*match /proc/[0-9]; X="/bin/t*"; echo $X "$X"; echo .* /bin/[!a-s]*');
    expect(result.stdout).toBe('cat env\n* * no*match /proc/1\n/bin/test /bin/true /bin/t*\n. .. /bin/[ /bin/test /bin/true /bin/uname\n');
  });

  it('reads commands from stdin a byte at a time, leaving the rest to a command that reads it', () => {
    const result = run(system, 'sh', [], { input: 'echo first\ncat\nfor cat\necho not run by sh\n' });
    expect(result.stdout).toBe('first\nfor cat\necho not run by sh\n');
    expect(result.stderr).toBe('');
  });

  it('asks for more input to finish a quote, and reports a syntax error', () => {
    expect(run(system, 'sh', [], { input: 'echo "open\nclosed"\necho done\n' }).stdout).toBe('open\nclosed\ndone\n');
    const error = sh(system, 'echo a; | cat');
    expect(error.status).toBe(2);
    expect(error.stderr).toBe("sh: syntax error near '|'\n");
    expect(error.stdout).toBe('');
  });

  it('starts every child with vfork, never fork', () => {
    const result = run(system, 'sh', ['-c', 'echo x | cat; ls / > /dev/null & wait; echo $(true)'], { options: ['--strace'] });
    const clones = result.stderr.split('\n').filter((line) => / clone\(/.test(line));
    expect(clones).toHaveLength(4);
    // CLONE_VM | CLONE_VFORK | SIGCHLD
    for (const line of clones) expect(line).toMatch(/clone\(0x4111,/);
  });
});
