// Starts fauxqs (the SQS-compatible server) like its own cli.js does, but with request logging only when
// GRID_SERVERS_VERBOSE is set (cli.js always logs every request). The port comes from FAUXQS_PORT.
// fauxqs listens on 0.0.0.0: start.sh preloads force-loopback.cjs (`node -r`) to bind 127.0.0.1 instead.
import { startFauxqs } from 'fauxqs';

const port = Number.parseInt(process.env.FAUXQS_PORT ?? '', 10);
if (!Number.isInteger(port) || port <= 0) {
  console.error('fauxqs.mjs: set FAUXQS_PORT to the port to listen on');
  process.exit(2);
}
const server = await startFauxqs({ port, logger: Boolean(process.env.GRID_SERVERS_VERBOSE) });
console.log(`fauxqs listening on ${server.address}`);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.stop().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
