/**
 * The few of Deno's own APIs the Deno entry calls, typed for the project's compiler, which knows
 * Node's types only.
 */
declare namespace Deno {
  interface ServeOptions {
    port?: number
    hostname?: string
    onListen?: (address: { hostname: string; port: number }) => void
  }
  interface HttpServer {
    shutdown(): Promise<void>
    readonly finished: Promise<void>
  }
  function serve(options: ServeOptions, handler: (request: Request) => Response | Promise<Response>): HttpServer
  enum SeekMode {
    Start = 0,
  }
  interface FsFile {
    read(into: Uint8Array): Promise<number | null>
    seek(offset: number, whence: SeekMode): Promise<number>
    stat(): Promise<{ size: number }>
    close(): void
  }
  function open(path: string): Promise<FsFile>
  function readFile(path: string): Promise<Uint8Array<ArrayBuffer>>
  const env: { get(name: string): string | undefined }
  function addSignalListener(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void
  function exit(code?: number): never
}
