// The consumer projects' server: HTTP on 127.0.0.1 (any free port), prints
// "listening on <port>" once it accepts connections, exits cleanly on SIGTERM.
const { createServer } = require('node:http');

const server = createServer((_req, res) => res.end(`hello from ${process.pid}\n`));
server.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
