// A healthy worker: prints a tick every 500 ms and exits cleanly on SIGTERM.
let n = 0;
const timer = setInterval(() => console.log(`tick ${++n}`), 500);
process.on('SIGTERM', () => {
  clearInterval(timer);
  console.log('ticker: got SIGTERM, bye');
  process.exit(0);
});
console.log(`ticker up, pid ${process.pid}`);
