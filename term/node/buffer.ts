// Injected into the browser bundle (build.mjs) as the global Buffer that binfmt/ElfFile.ts and elfy use.
export { Buffer } from 'buffer';
