/**
 * Loads Fedify's modules without letting them slow the rest of the process. Its JSON-LD library
 * is a browser build that bundles core-js, which, where the runtime lacks a newer proposal or
 * has an old engine bug, replaces built-ins with its own JavaScript: on Node 20 it replaces
 * `JSON.stringify` and `Array.prototype.push`, which every feed, page and build uses (Node 22
 * and later keep their own). bylines uses none of what the replacements add, so the runtime's
 * own are put back; what core-js only adds is left as it is (what it cost before: docs/performance.md,
 * "Figures behind the code").
 */

/** The objects whose built-ins the replacements touch, and those code everywhere calls. */
const GUARDED: object[] = [
  JSON,
  Array,
  Array.prototype,
  Object,
  String.prototype,
  Promise,
  Promise.prototype,
  Map.prototype,
  Set.prototype,
  RegExp.prototype,
  Number.prototype,
  Function.prototype,
]

export async function keepingBuiltins<T>(load: () => Promise<T>): Promise<T> {
  const saved = GUARDED.map((target) => ({ target, properties: Object.getOwnPropertyDescriptors(target) }))
  try {
    return await load()
  } finally {
    for (const { target, properties } of saved) {
      for (const [name, descriptor] of Object.entries(properties)) {
        const now = Object.getOwnPropertyDescriptor(target, name)
        if (now && (now.value !== descriptor.value || now.get !== descriptor.get) && descriptor.configurable)
          Object.defineProperty(target, name, descriptor)
      }
    }
  }
}
