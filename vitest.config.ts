import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every temporary file of the run in one folder, removed at its end.
    globalSetup: ['test/helpers/temporary-folder.ts'],
    // Two test files at a time, not vitest's default of one fewer than the cores (one, on two):
    // most files wait on child processes (servers, browsers, wrangler dev, feedparser and jing)
    // more than they compute. The suite took 14 min 44 s on one in CI, and 9 min 10 s on two.
    maxWorkers: 2,
    // A time limit here only tells a hang from a slow run: on a shared two-core machine running
    // a benchmark beside the suite, a test that takes 5 s alone (feedparser and jing as child
    // processes, the Worker under workerd answering every path five ways) took over 30. What a
    // test asserts about time, it asserts itself, with margin; speed is the benchmarks' to judge.
    testTimeout: 180_000,
    // Setting up and removing a built test site (thousands of files) on a busy disk.
    hookTimeout: 240_000,
  },
})
