import { defineConfig } from 'vitest/config'

/** Lighthouse's scores follow the CPU time the page gets: measured with nothing else running. */
const MEASURED_ALONE = ['test/browser/quality.test.ts']

export default defineConfig({
  test: {
    // Every temporary file of the run in one folder, removed at its end.
    globalSetup: ['test/helpers/temporary-folder.ts'],
    // Two test files at a time, not vitest's default of one fewer than the cores (one, on two):
    // most files wait on child processes (servers, browsers, wrangler dev, feedparser and jing)
    // more than they compute. The suite took 14 min 44 s on one in CI, and 7 min 25 s on two.
    maxWorkers: 2,
    // A time limit here only tells a hang from a slow run: on a shared two-core machine running
    // a benchmark beside the suite, a test that takes 5 s alone (feedparser and jing as child
    // processes, the Worker under workerd answering every path five ways) took over 30. What a
    // test asserts about time, it asserts itself, with margin; speed is the benchmarks' to judge.
    testTimeout: 180_000,
    // Setting up and removing a built test site (thousands of files) on a busy disk.
    hookTimeout: 240_000,
    // The measured files run after the rest, alone (groups run one after the other): beside
    // another test file, Lighthouse's total blocking time on the home page rose to 290 ms.
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: MEASURED_ALONE, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'measured', include: MEASURED_ALONE, sequence: { groupOrder: 1 } } },
    ],
  },
})
