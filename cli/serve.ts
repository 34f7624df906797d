import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEFAULT_IMAGE } from './boot.js';
import { type Command, parseCommandArgs, UsageError, parseCount, readInputFile } from './Command.js';

const DEFAULT_PORT = 8080;
const HOST = '127.0.0.1';

/** The page and its bundle (build.mjs), found from the CLI bundle in dist/ or from its source in cli/ alike. */
const PAGE_FILES: Record<string, { path: string; type: string }> = {
  '/': { path: fileURLToPath(new URL('../term/index.html', import.meta.url)), type: 'text/html; charset=utf-8' },
  '/term.js': { path: fileURLToPath(new URL('../dist/term.js', import.meta.url)), type: 'text/javascript; charset=utf-8' },
  '/term.js.map': { path: fileURLToPath(new URL('../dist/term.js.map', import.meta.url)), type: 'application/json' },
  '/term.css': { path: fileURLToPath(new URL('../dist/term.css', import.meta.url)), type: 'text/css; charset=utf-8' },
  '/term.css.map': { path: fileURLToPath(new URL('../dist/term.css.map', import.meta.url)), type: 'application/json' },
};

/** Where the page fetches the image it boots (term/main.ts). */
const IMAGE_PATH = '/image.rom';

export const serveCommand: Command = {
  help: `Usage: rvnommu serve [options] [image.rom]

Serves a web page that boots the no-MMU machine in the browser, as 'rvnommu boot' does on a terminal:
the console is an xterm.js terminal, and a canvas shows the /dev/fb0 framebuffer (try fbdemo 100).
Without an image, the page boots the built-in system. Listens on ${HOST} only and prints the URL;
Ctrl-C stops the server.

Options:
  --port N               the TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  -h, --help             show this help`,

  async run(args) {
    const parsed = parseCommandArgs(this, args, {
      port: { type: 'string' },
    });
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length > 1) throw new UsageError('serve: expected at most one image (see rvnommu serve --help)');
    const port = values.port === undefined ? DEFAULT_PORT : parseCount(values.port, '--port');
    if (port > 65535) throw new UsageError(`--port: ${port} is not a TCP port`);
    const imagePath = positionals[0] ?? DEFAULT_IMAGE;
    const image = readInputFile(imagePath);

    const server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', `http://${HOST}`).pathname;
      const send = (status: number, type: string, body: Uint8Array | string) => {
        response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
        response.end(request.method === 'HEAD' ? undefined : body);
      };
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
      if (path === IMAGE_PATH) return send(200, 'application/octet-stream', image);
      const file = PAGE_FILES[path === '/index.html' ? '/' : path];
      if (!file) return send(404, 'text/plain', `${path}: not found\n`);
      // Read for each request, so that a rebuilt bundle is served without a restart.
      readFile(file.path).then(
        (body) => send(200, file.type, body),
        () => send(500, 'text/plain', `${path}: ${file.path} is missing (run 'npm run build')\n`),
      );
    });
    await listen(server, port);
    const { port: bound } = server.address() as AddressInfo;
    console.log(`rvnommu: serving ${imagePath} at http://${HOST}:${bound}/ (Ctrl-C stops)`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => {
        server.close(() => resolve());
        // A browser keeps its connections open: close() alone would wait for them.
        server.closeAllConnections();
      });
    });
    return 0;
  },
};

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UsageError(`port ${port} on ${HOST} is in use`) : error),
    );
    server.listen(port, HOST, resolve);
  });
}
