import { buildRomfsImage, readHostTree, RomfsBuildError } from '../kernel/vfs/romfs/RomfsBuilder.js';
import { type Command, parseCommandArgs, UsageError, writeOutputFile } from './Command.js';

export const mkimageCommand: Command = {
  help: `Usage: rvnommu mkimage [options] DIR -o IMAGE

Writes a romfs image (Linux's romfs on-disk format, as genromfs makes it) holding the tree
under DIR: directories, files, hard links, symbolic links, device nodes, FIFOs and sockets.
romfs keeps no owners or times and of the permissions only whether a file is executable.
Entries are stored in name order, so the same tree always gives the same bytes.

Run a program from it with: rvnommu run --rom IMAGE /rom/program.elf

Options:
  -o, --output IMAGE     the image file to write (required)
  -V, --volume NAME      the volume name in the super block (default rvnommu)
  -h, --help             show this help`,

  async run(args) {
    const parsed = parseCommandArgs(this, args, {
      output: { type: 'string', short: 'o' },
      volume: { type: 'string', short: 'V' },
    });
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('expected one directory (see rvnommu mkimage --help)');
    if (values.output === undefined) throw new UsageError('expected -o IMAGE');
    let image: Uint8Array;
    try {
      image = buildRomfsImage(readHostTree(positionals[0]), values.volume);
    } catch (error) {
      throw error instanceof RomfsBuildError ? new UsageError(error.message) : error;
    }
    writeOutputFile(values.output, image);
    return 0;
  },
};
