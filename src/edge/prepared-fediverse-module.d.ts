/** The build's Fediverse manifest (build/prepared-site.fediverse.json), aliased in wrangler.toml and the test bundler. */
declare module 'bylines:prepared-fediverse' {
  const prepared: import('../fediverse/prepared-fediverse.ts').PreparedFediverse
  export default prepared
}
