// A pool worker: reports its slot (from SLOT, set by the pool's environment template) every second.
const slot = process.env.SLOT;
console.log(`worker ${slot} up, pid ${process.pid}`);
const timer = setInterval(() => console.log(`worker ${slot} working`), 1000);
process.on('SIGTERM', () => {
  clearInterval(timer);
  process.exit(0);
});
