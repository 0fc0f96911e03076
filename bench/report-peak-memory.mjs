// Loaded first into a command the bench times (`node --import`): as the process exits, prints its
// peak resident memory (of every thread) for the bench to read.
process.on('exit', () => process.stderr.write(`peak-rss-kib ${process.resourceUsage().maxRSS}\n`))
