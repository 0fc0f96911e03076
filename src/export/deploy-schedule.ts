/**
 * When the deploy workflows in `deploy/` run (their `cron`): every 15 minutes, away from the
 * start of the hour, GitHub's busiest moment. A scheduled article reaches a deployed site at
 * the first run after its time, which is what `bylines build` tells the newsroom.
 */

/** The minutes past each hour the workflows start, in UTC. */
export const DEPLOY_MINUTES = [7, 22, 37, 52] as const

/** The workflows' schedule, as written in them. */
export const DEPLOY_CRON = `${DEPLOY_MINUTES.join(',')} * * * *`

/** The first scheduled run at or after `moment`. */
export function nextDeployRun(moment: Date): Date {
  const run = new Date(moment)
  run.setUTCSeconds(0, 0)
  if (run < moment) run.setUTCMinutes(run.getUTCMinutes() + 1)
  const minute = DEPLOY_MINUTES.find((m) => m >= run.getUTCMinutes())
  if (minute === undefined) run.setUTCHours(run.getUTCHours() + 1, DEPLOY_MINUTES[0])
  else run.setUTCMinutes(minute)
  return run
}
