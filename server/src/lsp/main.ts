import { startServer } from './server';

// Entry point of the bundled language server (dist/server.js), spoken to over stdio or IPC.
process.on('uncaughtException', (error) => {
  process.stderr.write(`dvr-hints server: uncaught error: ${error.stack ?? error.message}\n`);
});
startServer();
