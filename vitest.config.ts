import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Python's feedparser and jing run as child processes; give them room on a shared machine.
    testTimeout: 30_000,
    // Setting up and removing a built test site (thousands of files) on a busy disk.
    hookTimeout: 60_000,
  },
})
