/** mmap ABI values (asm-generic mman) and the kernel's VM_* / NOMMU_MAP_* flags (include/linux/mm.h, fs.h). */

export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;

export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_GROWSDOWN = 0x0100;
export const MAP_DENYWRITE = 0x0800;
export const MAP_EXECUTABLE = 0x1000;
export const MAP_UNINITIALIZED = 0x4000000;

export const MREMAP_MAYMOVE = 1;
export const MREMAP_FIXED = 2;

export const VM_READ = 0x1;
export const VM_WRITE = 0x2;
export const VM_EXEC = 0x4;
export const VM_SHARED = 0x8;
export const VM_MAYREAD = 0x10;
export const VM_MAYWRITE = 0x20;
export const VM_MAYEXEC = 0x40;
export const VM_MAYSHARE = 0x80;
export const VM_GROWSDOWN = 0x100;
/** Device memory mapped by remap_pfn_range: not RAM, not for futexes or pinning. */
export const VM_PFNMAP = 0x400;
export const VM_IO = 0x4000;
/** The mapping is a private copy of its backing (no-MMU). */
export const VM_MAPPED_COPY = 0x0100_0000;

/** Backing capabilities a file may offer to no-MMU mmap. */
export const NOMMU_MAP_COPY = 0x1;
export const NOMMU_MAP_DIRECT = 0x8;
export const NOMMU_MAP_READ = VM_MAYREAD;
export const NOMMU_MAP_WRITE = VM_MAYWRITE;
export const NOMMU_MAP_EXEC = VM_MAYEXEC;
export const NOMMU_VMFLAGS = NOMMU_MAP_READ | NOMMU_MAP_WRITE | NOMMU_MAP_EXEC;
