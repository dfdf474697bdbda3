// Preloaded with `node -r` in front of servers that bind 0.0.0.0 on their own (fauxqs does):
// every TCP listen of the process is forced onto 127.0.0.1. Unix sockets and handles are left alone.
'use strict';
const net = require('net');

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (first === undefined || typeof first === 'function') {
    // listen([cb]): a random port on every address.
    args.unshift({ port: 0, host: LOOPBACK });
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, cb])
    if (typeof args[1] === 'string') args[1] = LOOPBACK;
    else args.splice(1, 0, LOOPBACK);
  } else if (first !== null && typeof first === 'object' && first.path === undefined &&
             first.fd === undefined && first.handle === undefined && first._handle === undefined) {
    // listen({ port, host, ... }[, cb])
    args[0] = { ...first, host: LOOPBACK };
  }
  return listen.apply(this, args);
};
