// The container's web server: prints "listening on <port>" when ready, stops on SIGTERM.
import { createServer } from 'node:http';

const server = createServer((_req, res) => res.end(`hello from ${process.pid}\n`));
server.listen(Number(process.env.PORT ?? 3000), () => {
  console.log(`listening on ${server.address().port}`);
});
process.on('SIGTERM', () => {
  console.log('SIGTERM: closing');
  server.close(() => process.exit(0));
});
