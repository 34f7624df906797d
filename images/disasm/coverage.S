# Every RV32IMA + Zicsr + Zifencei instruction form the disassembler knows, with the operand values where printing
# changes: zero, one, -1, the extreme immediates, and every alias llvm-objdump-14 prints by default. Never run: it
# exists to be listed by llvm-objdump-14 (images/bin/disasm/coverage.objdump), the oracle of cpu/Disassembler.test.ts.
# Encodings the assembler refuses (reserved fields, F moves, illegal words) are written with .word.

  .text
  .globl _start
_start:

upper_immediates:
  lui zero, 0
  lui a0, 1
  lui a1, 0x7ffff
  lui a2, 0x80000
  lui t6, 0xfffff
  auipc zero, 0
  auipc ra, 1
  auipc sp, 0x80000
  auipc s11, 0xfffff

jumps:
  jal zero, jumps
  jal ra, jumps
  jal t0, upper_immediates
  jal a0, branches
  jal zero, 0xffffe        # the largest forward offset
  jal ra, -0x100000        # the largest backward offset
  jal t6, 2

indirect_jumps:
  jalr zero, 0(ra)         # ret
  jalr zero, 0(a0)         # jr a0
  jalr zero, 0(zero)
  jalr ra, 0(a0)           # jalr a0
  jalr ra, 0(ra)
  jalr t0, 0(a0)           # jalr t0, a0
  jalr zero, 4(a0)         # jr 4(a0)
  jalr zero, -4(ra)
  jalr ra, 2047(a0)        # jalr 2047(a0)
  jalr ra, -2048(a0)
  jalr t0, 1(t1)
  jalr s0, -1(s1)
  jalr zero, 2047(zero)

branches:
  beq a0, a1, branches
  beq a0, zero, branches   # beqz
  beq zero, a0, branches
  beq zero, zero, branches
  bne a0, a1, branches_forward
  bne a0, zero, branches_forward  # bnez
  bne zero, a0, branches_forward
  blt a0, a1, branches
  blt a0, zero, branches   # bltz
  blt zero, a0, branches   # bgtz
  blt zero, zero, branches
  bge a0, a1, branches
  bge a0, zero, branches   # bgez
  bge zero, a0, branches   # blez
  bge zero, zero, branches
  bltu a0, a1, branches
  bltu a0, zero, branches
  bltu zero, a0, branches
  bgeu a0, a1, branches
  bgeu a0, zero, branches
  bgeu zero, a0, branches
  beq t5, t6, 4094         # the largest forward offset
  bne s10, s11, -4096      # the largest backward offset
  bgeu a0, a1, 2
branches_forward:

loads:
  lb a0, 0(a1)
  lh a0, -1(a1)
  lw a0, 2047(sp)
  lbu a0, -2048(sp)
  lhu zero, 1(zero)
  lw t6, 0(t6)

stores:
  sb a0, 0(a1)
  sh a0, -1(a1)
  sw a0, 2047(sp)
  sw zero, -2048(zero)
  sb t6, 1(t6)

immediate_arithmetic:
  addi zero, zero, 0       # nop
  addi a0, zero, 0         # li
  addi a0, zero, 1
  addi a0, zero, -1
  addi a0, zero, 2047
  addi a0, zero, -2048
  addi zero, zero, 1
  addi a0, a1, 0           # mv
  addi zero, a1, 0
  addi a0, a0, 0
  addi a0, a1, 1
  addi sp, sp, -2048
  addi sp, sp, 2047
  slti a0, a1, 0
  slti a0, a1, -1
  slti a0, zero, 2047
  sltiu a0, a1, 1          # seqz
  sltiu a0, a1, 0
  sltiu a0, a1, -1
  sltiu zero, zero, 1
  xori a0, a1, -1          # not
  xori a0, a1, 1
  xori a0, a1, -2048
  xori zero, zero, -1
  ori a0, a1, 0
  ori a0, a1, -1
  ori a0, zero, 2047
  andi a0, a1, 255
  andi a0, a1, -1
  andi a0, a1, -2048
  slli a0, a1, 0
  slli a0, a1, 1
  slli a0, a1, 31
  srli a0, a1, 0
  srli a0, a1, 31
  srai a0, a1, 0
  srai a0, a1, 31
  srai zero, zero, 1

register_arithmetic:
  add a0, a1, a2
  add zero, zero, zero
  sub a0, a1, a2
  sub a0, zero, a1         # neg
  sub a0, a1, zero
  sub zero, zero, zero
  sll a0, a1, a2
  slt a0, a1, a2
  slt a0, a1, zero         # sltz
  slt a0, zero, a1         # sgtz
  slt a0, zero, zero
  sltu a0, a1, a2
  sltu a0, zero, a1        # snez
  sltu a0, a1, zero
  xor a0, a1, a2
  srl a0, a1, a2
  sra a0, a1, a2
  or a0, a1, a2
  and a0, a1, a2
  add t6, s11, t5

multiply_divide:
  mul a0, a1, a2
  mulh a0, a1, a2
  mulhsu a0, a1, a2
  mulhu a0, a1, a2
  div a0, a1, a2
  divu a0, a1, a2
  rem a0, a1, a2
  remu a0, a1, a2
  mul zero, zero, zero
  remu t6, t5, t4

atomics:
  .irp order, , .aq, .rl, .aqrl
  lr.w\order a0, (a1)
  sc.w\order a0, a2, (a1)
  amoswap.w\order a0, a2, (a1)
  amoadd.w\order a0, a2, (a1)
  amoxor.w\order a0, a2, (a1)
  amoand.w\order a0, a2, (a1)
  amoor.w\order a0, a2, (a1)
  amomin.w\order a0, a2, (a1)
  amomax.w\order a0, a2, (a1)
  amominu.w\order a0, a2, (a1)
  amomaxu.w\order a0, a2, (a1)
  .endr
  lr.w zero, (zero)
  amoadd.w zero, zero, (zero)
  sc.w t6, t5, (t4)

fences:
  fence iorw, iorw         # fence
  fence rw, rw
  fence r, r
  fence w, w
  fence r, w
  fence i, o
  fence io, iorw
  fence iorw, rw
  fence ow, ir
  fence.tso
  fence.i
  .word 0x0000000f         # fence with empty sets: llvm-objdump-14 prints "unknown"
  .word 0x0100000f         # fence w, (empty)
  .word 0x0030000f         # fence (empty), rw

system:
  ecall
  ebreak
  uret
  sret
  mret
  dret
  wfi
  unimp
  sfence.vma
  sfence.vma a0
  sfence.vma a0, a1
  sfence.vma zero, a1

csr_forms:
  csrrw a0, mstatus, a1
  csrrw zero, mstatus, a1  # csrw
  csrrw a0, mstatus, zero
  csrrw zero, mscratch, zero
  csrrs a0, mstatus, a1
  csrrs zero, mstatus, a1  # csrs
  csrrs a0, mstatus, zero  # csrr
  csrrs zero, mstatus, zero
  csrrc a0, mstatus, a1
  csrrc zero, mstatus, a1  # csrc
  csrrc a0, mstatus, zero
  csrrwi a0, mstatus, 0
  csrrwi zero, mstatus, 31 # csrwi
  csrrsi a0, mie, 1
  csrrsi zero, mie, 8      # csrsi
  csrrci a0, mie, 31
  csrrci zero, mie, 0      # csrci
  csrrs a0, cycle, zero    # rdcycle
  csrrs a0, time, zero     # rdtime
  csrrs a0, instret, zero  # rdinstret
  csrrs a0, cycleh, zero   # rdcycleh
  csrrs a0, timeh, zero    # rdtimeh
  csrrs a0, instreth, zero # rdinstreth
  csrrs zero, cycle, zero
  csrrs a0, cycle, a1
  csrrc a0, cycle, zero
  csrrs a0, mcycle, zero
  csrrw a0, 0x7c0, a1      # a custom CSR: no name
  csrrs a0, 0x7c0, zero
  csrrwi zero, 0xfff, 1
  csrrw zero, cycle, a0

illegal:
  .word 0xffffffff
  .word 0x00000033 | (2 << 25)          # OP with an unknown funct7
  .word 0x00003003                      # load with funct3 3 (ld, rv64 only)
  .word 0x00004023                      # store with funct3 4
  .word 0x00002063                      # branch with funct3 2
  .word 0x00001067                      # jalr with funct3 1
  .word 0x0000302f                      # AMO with funct3 3
  .word 0x1010202f                      # lr.w with rs2 set
  .word 0x2800202f                      # AMO with an unknown funct5
  .word 0x000040f3                      # SYSTEM funct3 4
  .word 0x30200073 | (1 << 7)           # mret with rd set
  .word 0x12000073 | (1 << 7)           # sfence.vma with rd set
  .word 0x0ff0800f                      # fence with rs1 set
  .word 0x1ff0000f                      # fence with fm 1
  .word 0x8ff0000f                      # fm 8 with sets other than rw, rw
  .word 0x0010100f                      # fence.i with an immediate
  .word 0x02051513                      # slli a0, a0, 32: reserved on rv32, yet llvm-objdump-14 decodes it
  .word 0x42055513                      # srai a0, a0, 32: likewise
  .word 0x20055513                      # shift with an unknown funct6
  .word 0x0000007f                      # a 64-bit encoding
  .word 0xf0058553                      # fmv.w.x fa0, a1: decoded by llvm-objdump-14 even without F
  .word 0xe0058553                      # fmv.x.w a0, fa1: likewise
  .word 0xf0059553                      # fmv.w.x with funct3 1
  .word 0x00b50553                      # fadd.s: unknown without F
  .word 0x0005a507                      # flw: unknown without F
