/**
 * One autocannon run in a process of its own, for bench/run.ts: the client then shares nothing
 * with the benchmark's own work (its timers, the servers' logs it reads), only the machine, as
 * a real client would. Options as JSON in argv[2]; the result as JSON on stdout.
 */
import autocannon from 'autocannon'

const result = await autocannon(JSON.parse(process.argv[2]))
process.stdout.write(JSON.stringify(result))
