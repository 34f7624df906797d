/*
 * Shared frame of the ISA test programs (bare metal, M-mode start at 0x80000000, see link.ld).
 *
 * A program is TEST_BEGIN, a list of numbered checks, TEST_END. It reports through the HTIF `tohost` word, as
 * riscv-tests do: 1 = every check passed, (n << 1) | 1 = check n failed (`rvnommu bare` exits with status n, and
 * qemu-system-riscv32 -machine spike too). Check numbers are 1..254 and unique within a program, so a failure names
 * one line of the source; 255 means a trap nobody expected before the first check.
 *
 * Registers the frame owns (tests must not use them for anything else):
 *   gp        number of the running check
 *   t6        expected value inside the CHECK/TEST_* macros
 *   t5        clobbered by the trap handler
 *   t0..t3    scratch for the helper macros (SET_TIMER_IN, STOP_TIMER, SPIN, PMP_ALLOW_ALL, ENTER_USER)
 *   s7..s10   mstatus, mcause, mepc, mtval as the last expected trap found them (s8 = -1 until a trap comes)
 *   s11       where the trap handler resumes; 0 = a trap now is unexpected and fails the running check
 */

#define MSTATUS_MIE   0x00000008
#define MSTATUS_MPIE  0x00000080
#define MSTATUS_MPP   0x00001800
#define MIE_MSIE      0x00000008
#define MIE_MTIE      0x00000080
#define MIP_MSIP      0x00000008
#define MIP_MTIP      0x00000080

#define CAUSE_MISALIGNED_FETCH  0
#define CAUSE_FETCH_ACCESS      1
#define CAUSE_ILLEGAL           2
#define CAUSE_BREAKPOINT        3
#define CAUSE_MISALIGNED_LOAD   4
#define CAUSE_LOAD_ACCESS       5
#define CAUSE_MISALIGNED_STORE  6
#define CAUSE_STORE_ACCESS      7
#define CAUSE_ECALL_U           8
#define CAUSE_ECALL_M           11
#define CAUSE_MSI               0x80000003
#define CAUSE_MTI               0x80000007

#define CLINT_MSIP      0x02000000
#define CLINT_MTIMECMP  0x02004000
#define CLINT_MTIME     0x0200bff8

/* No device answers here on rvnommu's bare machine nor on qemu's spike machine. */
#define UNMAPPED_ADDR   0x40000000

#define TESTNUM gp

/* Fails the running check unless \a == \b (a branch reaches only 4 KiB, so jump to fail from afar). */
.macro FAIL_UNLESS_EQ a, b
  beq \a, \b, .Lequal\@
  j fail
.Lequal\@:
.endm

.macro TEST_BEGIN
  .section .text.init, "ax", @progbits
  .globl _start
_start:
  li TESTNUM, 0
  li s11, 0
  la t0, trap_handler
  csrw mtvec, t0
.endm

/* Check n: register \reg holds \value. */
.macro CHECK n, reg, value
  li TESTNUM, \n
  li t6, \value
  FAIL_UNLESS_EQ \reg, t6
.endm

/* Check n: register \reg holds the address \address (a symbol, optionally plus a constant). */
.macro CHECK_ADDR n, reg, address
  li TESTNUM, \n
  la t6, \address
  FAIL_UNLESS_EQ \reg, t6
.endm

/* Check n: `\inst a0, a1, a2` with a1 = \a, a2 = \b gives \expected. */
.macro TEST_RR n, inst, expected, a, b
  li TESTNUM, \n
  li a1, \a
  li a2, \b
  \inst a0, a1, a2
  li t6, \expected
  FAIL_UNLESS_EQ a0, t6
.endm

/* Check n: `\inst a0, a1, \imm` with a1 = \a gives \expected. */
.macro TEST_RI n, inst, expected, a, imm
  li TESTNUM, \n
  li a1, \a
  \inst a0, a1, \imm
  li t6, \expected
  FAIL_UNLESS_EQ a0, t6
.endm

/* The next trap resumes at \resume and records mstatus/mcause/mepc/mtval in s7..s10. */
.macro EXPECT_TRAP resume
  la s11, \resume
  li s8, -1
.endm

/* Check n: \insn traps with mcause \cause and mepc at \insn; mtval is left in s10 for the caller to check. */
.macro TEST_TRAP n, cause, insn:vararg
  li TESTNUM, \n
  EXPECT_TRAP .Ltrap_resume\@
.Ltrap_insn\@:
  \insn
.Ltrap_resume\@:
  li s11, 0
  li t6, \cause
  FAIL_UNLESS_EQ s8, t6
  la t6, .Ltrap_insn\@
  FAIL_UNLESS_EQ s9, t6
.endm

/* Check n: mtval holds the bits of the instruction that trapped (at mepc), as after an illegal instruction. */
.macro CHECK_TVAL_IS_INSN n
  li TESTNUM, \n
  lw t6, 0(s9)
  FAIL_UNLESS_EQ s10, t6
.endm

/*
 * mtimecmp = mtime + \ticks, in the order of the privileged spec (3.2.1): the low word is parked at all ones while
 * the high word changes, so the comparison never matches early.
 */
.macro SET_TIMER_IN ticks
  li t0, CLINT_MTIME
  lw t1, 0(t0)
  lw t2, 4(t0)
  li t3, \ticks
  add t3, t1, t3
  sltu t1, t3, t1
  add t2, t2, t1
  li t0, CLINT_MTIMECMP
  li t1, -1
  sw t1, 0(t0)
  sw t2, 4(t0)
  sw t3, 0(t0)
.endm

/* mtimecmp = all ones: the timer never fires and MTIP clears. */
.macro STOP_TIMER
  li t0, CLINT_MTIMECMP
  li t1, -1
  sw t1, 0(t0)
  sw t1, 4(t0)
.endm

/* Spins for up to \iterations loop passes (two instructions each), so that a pending interrupt can arrive. */
.macro SPIN iterations
  li t0, \iterations
.Lspin\@:
  addi t0, t0, -1
  bnez t0, .Lspin\@
.endm

/*
 * Gives U-mode access to the whole address space through PMP entry 0 (NAPOT over everything, RWX), as M-mode
 * firmware does before it starts less privileged code; without a matching PMP entry U-mode can touch nothing.
 */
.macro PMP_ALLOW_ALL
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
.endm

/* Continues at \label in U-mode (mret with MPP = U, MPIE = 0). */
.macro ENTER_USER label
  la t0, \label
  csrw mepc, t0
  li t0, MSTATUS_MPP | MSTATUS_MPIE
  csrc mstatus, t0
  mret
.endm

/*
 * Start-up sets mtvec here. An expected trap resumes at s11 in M-mode with interrupts disabled (MPIE cleared, so a
 * still-pending interrupt is not taken again), whatever mode it came from.
 */
.macro TRAP_HANDLER
  .balign 4
trap_handler:
  beqz s11, fail
  csrr s7, mstatus
  csrr s8, mcause
  csrr s9, mepc
  csrr s10, mtval
  csrw mepc, s11
  li s11, 0
  li t5, MSTATUS_MPP
  csrs mstatus, t5
  li t5, MSTATUS_MPIE
  csrc mstatus, t5
  mret
.endm

.macro TEST_END
pass:
  li a0, 1
  j write_tohost
fail:
  bnez TESTNUM, 1f
  li TESTNUM, 255
1:
  slli a0, TESTNUM, 1
  ori a0, a0, 1
write_tohost:
  /* The host takes the command when the high word is written, so the low word goes first. */
  la t0, tohost
  sw a0, 0(t0)
  sw zero, 4(t0)
  j write_tohost

  TRAP_HANDLER

  .pushsection .tohost, "aw", @progbits
  .balign 64
  .globl tohost
tohost: .dword 0
  .size tohost, 8
  .globl fromhost
fromhost: .dword 0
  .size fromhost, 8
  .popsection
.endm
