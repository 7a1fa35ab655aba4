// A background worker: a line per job, a clean exit on SIGTERM.
let job = 0;
const timer = setInterval(() => console.log(`job ${++job} done`), 1000);
console.log(`worker up, pid ${process.pid}`);
process.on('SIGTERM', () => {
  clearInterval(timer);
  console.log('SIGTERM: bye');
  process.exit(0);
});
