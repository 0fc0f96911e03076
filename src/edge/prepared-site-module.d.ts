/** The build's index (build/prepared-site.json), aliased in wrangler.toml and the test bundler. */
declare module 'bylines:prepared-site' {
  const prepared: import('../resources/prepared-site.ts').PreparedSite
  export default prepared
}
