/** Listening on a port, with the one-line errors a person can act on instead of a stack trace. */
import type { Server } from 'node:http'

/** Resolves with the port listened on; exits the process with one line if it cannot listen. */
export function listenOrExit(server: Server, port: number, name: string): Promise<number> {
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      console.error(`${name}: ${listenProblem(error, port)}`)
      process.exit(1)
    })
    server.listen(port, () => {
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}

export function listenProblem(error: NodeJS.ErrnoException, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} is in use (another bylines, or another server?); stop it, or set PORT to a free port, e.g. PORT=${port === 3000 ? 3001 : 3000}`
    case 'EACCES':
      return `port ${port} needs privileges this user has not; use a port above 1023, e.g. PORT=3000`
    default:
      return `cannot listen on port ${port} (${error.code ?? error.message})`
  }
}

/** PORT as a port number, or one line saying what is wrong and exit. */
export function portFromEnv(value: string | undefined, fallback: number, name: string): number {
  const port = Number(value ?? fallback)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name}: PORT "${value}" is not a port number; use a whole number from 1 to 65535, e.g. PORT=3000`)
    process.exit(1)
  }
  return port
}
