// A bare socket.io server, the yardstick for the hub's call-to-display latency: POST /broadcast
// emits one message to every connected client, nothing else.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/broadcast') {
    io.emit('ping', { at: Date.now() });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  res.writeHead(404).end();
});
const io = new Server(http, { serveClient: false, pingInterval: 10_000, pingTimeout: 8_000 });
http.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ event: 'listening', port: (http.address() as AddressInfo).port })));
