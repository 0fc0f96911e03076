/**
 * The few of Bun's own APIs the Bun entry calls, typed for the project's compiler, which knows
 * Node's types only.
 */
declare namespace Bun {
  interface BunFile extends Blob {
    exists(): Promise<boolean>
    slice(start?: number, end?: number): BunFile
  }
  interface Server {
    readonly port: number
    stop(closeActiveConnections?: boolean): Promise<void>
  }
  function file(path: string): BunFile
  function serve(options: { hostname?: string; port?: number; fetch: (request: Request) => Response | Promise<Response> }): Server
}
