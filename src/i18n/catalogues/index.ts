/** The built-in message catalogues, by primary language subtag. */
import type { Messages } from '../messages.ts'
import { ar } from './ar.ts'
import { de } from './de.ts'
import { en } from './en.ts'
import { es } from './es.ts'
import { fr } from './fr.ts'
import { uk } from './uk.ts'

export const CATALOGUES: Readonly<Record<string, Messages>> = { en, fr, de, es, uk, ar }

/** The catalogue every other falls back to, key by key, and whose templates define the keys. */
export const BASE_CATALOGUE = en
