// Exits at once: it never stays up for startSecs, so it backs off 1 s, 2 s, 3 s and goes FATAL.
console.error('flapper: missing configuration, exiting');
process.exit(2);
