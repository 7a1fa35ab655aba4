// A tiny HTTP server on the port given as the first argument (0 = any free port).
// Prints "listening on <port>" once it accepts connections; exits cleanly on SIGTERM.
import { createServer } from 'node:http';

const server = createServer((_req, res) => res.end(`hello from pid ${process.pid}\n`));
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
