// Runs for a while, then crashes with exit code 1: supervised, it is restarted each time.
console.log(`crasher up, pid ${process.pid}; crashing in 1.5 s`);
setTimeout(() => {
  console.error('crasher: something went wrong');
  process.exit(1);
}, 1500);
