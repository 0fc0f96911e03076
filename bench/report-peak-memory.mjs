// Loaded first into a command the bench times (`node --import`): as the process exits, prints its
// peak resident memory (of every thread) for the bench to read. Only on the main thread: a
// worker inherits the option, and ends before the process does.
import { isMainThread } from 'node:worker_threads'

if (isMainThread) process.on('exit', () => process.stderr.write(`peak-rss-kib ${process.resourceUsage().maxRSS}\n`))
