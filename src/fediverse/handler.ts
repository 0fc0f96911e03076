/**
 * The federation as a step before the app (what `@fedify/hono` would be, which the registry does
 * not have): a request it has no route for, or that asks an article page for HTML, goes on to
 * the site as before.
 */
import type { Federation } from '@fedify/fedify'

/** Answers a request, or hands it to `next`. */
export type FederationHandler = (request: Request, next: () => Promise<Response>) => Promise<Response>

export function federationHandler(federation: Federation<void>): FederationHandler {
  return (request, next) => federation.fetch(request, { contextData: undefined, onNotFound: next, onNotAcceptable: next })
}
