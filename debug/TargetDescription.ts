import { csrName } from '../cpu/Disassembler.js';

/**
 * GDB's register numbering for RISC-V (gdb/riscv-tdep.h): x0..x31, pc, f0..f31, then the 4096 CSRs, then the
 * virtual `priv` register. A target description gives every register its number explicitly, so a hart without F
 * simply leaves 33..64 out.
 */
export const GDB_PC = 32;
export const GDB_FIRST_CSR = 65;
export const GDB_PRIV = GDB_FIRST_CSR + 4096;

/** The names GDB's own features/riscv/32bit-cpu.xml gives x0..x31 (x8 is `fp`). */
const CPU_REGISTERS = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 'fp', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];
const CODE_POINTERS = new Set(['ra']);
const DATA_POINTERS = new Set(['sp', 'gp', 'tp', 'fp']);

export interface DescribedMachine {
  /** CSR numbers to describe (org.gnu.gdb.riscv.csr). */
  readonly csrs: readonly number[];
  /** Whether to describe the virtual `priv` register (org.gnu.gdb.riscv.virtual). */
  readonly hasPrivilege: boolean;
  /** `GNU/Linux` for programs under the kernel; absent for bare metal. */
  readonly osabi?: string;
}

/** The target.xml GDB reads with qXfer:features:read. */
export function targetDescriptionXml(machine: DescribedMachine): string {
  const lines = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE target SYSTEM "gdb-target.dtd">',
    '<target version="1.0">',
    '  <architecture>riscv:rv32</architecture>',
  ];
  if (machine.osabi) lines.push(`  <osabi>${machine.osabi}</osabi>`);
  lines.push('  <feature name="org.gnu.gdb.riscv.cpu">');
  CPU_REGISTERS.forEach((name, index) => {
    const type = CODE_POINTERS.has(name) ? 'code_ptr' : DATA_POINTERS.has(name) ? 'data_ptr' : 'int';
    lines.push(`    <reg name="${name}" bitsize="32" type="${type}" regnum="${index}"/>`);
  });
  lines.push(`    <reg name="pc" bitsize="32" type="code_ptr" regnum="${GDB_PC}"/>`, '  </feature>');
  if (machine.csrs.length > 0) {
    lines.push('  <feature name="org.gnu.gdb.riscv.csr">');
    for (const csr of machine.csrs) {
      lines.push(`    <reg name="${csrName(csr)}" bitsize="32" type="int" regnum="${GDB_FIRST_CSR + csr}" group="csr"/>`);
    }
    lines.push('  </feature>');
  }
  if (machine.hasPrivilege) {
    lines.push(
      '  <feature name="org.gnu.gdb.riscv.virtual">',
      `    <reg name="priv" bitsize="32" type="int" regnum="${GDB_PRIV}" group="general"/>`,
      '  </feature>',
    );
  }
  lines.push('</target>', '');
  return lines.join('\n');
}
