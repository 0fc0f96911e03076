/**
 * Makes the variants of the pictures articles show (model/picture-variants.ts) with sharp, once
 * per version of a picture, and keeps them in a cache folder (BYLINES_CACHE_DIR/pictures), so a
 * restart or the next build finds them made. The Node server and the build both make them here;
 * the Worker serves what the build made. A picture that cannot be decoded is remembered as such
 * (a marker file) and shown as it is, without variants.
 *
 * sharp is loaded on first use, so commands that make no variants (new, import) never load
 * libvips; check loads it to say which pictures cannot be decoded. Its work runs in libuv's thread pool, which file reads and compression share: at most
 * MAKING_AT_ONCE pictures are made at once, each on one libvips thread.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { writeFileAtomic } from '../files/atomic-write.ts'
import { GoneError } from '../http/gone.ts'
import type { Article } from '../model/article.ts'
import { isVaried, picturesShownBy, planVariants, WEBP } from '../model/picture-variants.ts'
import type { MadePicture, MadePictures, PictureVariant, PublicFile, PublicFiles } from '../model/public-files.ts'
import { cacheDirOf } from '../settings/environment.ts'

/** Two pictures at once: with libuv's four threads, two stay free for reads and compression. */
const MAKING_AT_ONCE = 2

/**
 * How a variant is encoded. Part of the cache folder's name, so that a change here (or a new
 * sharp, whose version is added) never serves a variant made the old way.
 */
const RECIPE = { webp: { quality: 75 }, jpeg: { quality: 80, progressive: true }, png: { compressionLevel: 9 } } as const

/** What is known of one picture: its variants, or that it cannot be decoded. */
/**
 * A picture's variants; or `broken`, a file that cannot be decoded; or `unmade`, when making
 * them failed for a reason not the file's (sharp missing for the platform, a full disk). Both
 * of the last are shown as they are; only `broken` is the newsroom's to fix.
 */
type Outcome = MadePicture | 'broken' | 'unmade'

export type PictureLog = (line: string, cause: 'file' | 'elsewhere') => void

export type Sharp = typeof import('sharp')

export interface PictureMakerOptions {
  /** The cache folder; without one, variants are held in memory for the life of the process. */
  dir?: string
  /** Told of a picture that cannot be decoded, once per version of it. */
  /** Where lines go; `cause` says whether the file is at fault (it cannot be decoded) or not. */
  log?: PictureLog
}

export class PictureMaker {
  readonly #dir: string | undefined
  readonly #log: PictureLog
  /** Per listed file (a listing keeps a file's entry while it is unchanged): what its bytes gave. */
  readonly #outcomes = new WeakMap<PublicFile, Outcome>()
  readonly #making = new WeakMap<PublicFile, Promise<Outcome>>()
  /** Per source's bytes: two files with the same bytes are made once. */
  readonly #byDigest = new Map<string, Promise<boolean>>()
  readonly #memory = new Map<string, Uint8Array>()
  #queue: Promise<void>[] = []
  #sharp: Promise<{ sharp: Sharp; folder: string }> | undefined

  constructor(options: PictureMakerOptions = {}) {
    this.#dir = options.dir === undefined ? undefined : resolve(options.dir)
    this.#log = options.log ?? ((line) => console.warn(line))
  }

  /**
   * The public files with the variants made so far of the pictures `articles` show: what a
   * snapshot of the content renders with. `complete` says whether every one is known (made, or
   * found broken); `makeFor` makes the rest.
   */
  shown(listing: PublicFiles, articles: readonly Article[], siteUrl: string): { files: PublicFiles; complete: boolean } {
    const shown = new Map<PublicFile, MadePicture>()
    let complete = true
    for (const file of picturesShownBy(articles, listing, siteUrl)) {
      const outcome = this.#outcomes.get(file)
      if (outcome === undefined) complete = false
      else if (typeof outcome === 'object') shown.set(file, outcome)
    }
    const pictures: MadePictures = { of: (file) => shown.get(file), read: (variant) => this.read(variant) }
    return { files: { ...listing, pictures }, complete }
  }

  /** Makes (or finds made) the variants of every picture `articles` show. */
  async makeFor(listing: PublicFiles, articles: readonly Article[], siteUrl: string): Promise<void> {
    await Promise.all(picturesShownBy(articles, listing, siteUrl).map((file) => this.make(file, listing)))
  }

  /** The public files with every picture `articles` show made or found broken. */
  async withPictures(listing: PublicFiles, articles: readonly Article[], siteUrl: string): Promise<PublicFiles> {
    await this.makeFor(listing, articles, siteUrl)
    return this.shown(listing, articles, siteUrl).files
  }

  /** The pictures `articles` show whose variants cannot be made (made or found made first): what `check` warns of. */
  async undecodable(listing: PublicFiles, articles: readonly Article[], siteUrl: string): Promise<ReadonlySet<PublicFile>> {
    const files = picturesShownBy(articles, listing, siteUrl)
    const outcomes = await Promise.all(files.map((file) => this.make(file, listing)))
    return new Set(files.filter((_, i) => outcomes[i] === 'broken'))
  }

  /** One picture's variants, made once per version of the file. */
  make(file: PublicFile, listing: PublicFiles): Promise<Outcome> {
    let making = this.#making.get(file)
    if (!making) {
      making = this.#make(file, listing)
        .catch((error: Error) => {
          // Not the picture's fault (a full disk, sharp missing for this platform): shown as it is until a restart.
          this.#log(`public: smaller copies of ${file.path} could not be made (${error.message}); it is shown as it is`, 'elsewhere')
          return 'unmade' as const
        })
        .then((outcome) => {
          this.#outcomes.set(file, outcome)
          return outcome
        })
      this.#making.set(file, making)
    }
    return making
  }

  async #make(file: PublicFile, listing: PublicFiles): Promise<Outcome> {
    if (!isVaried(file)) return 'broken'
    let bytes: Uint8Array
    try {
      bytes = await listing.read(file)
    } catch (error) {
      // Changed since it was listed: the next listing has its new version, made then.
      if (error instanceof GoneError) return 'broken'
      throw error
    }
    const digest = createHash('sha256').update(bytes).digest('hex')
    const variants = planVariants(file, digest)
    let made = this.#byDigest.get(digest)
    if (!made) {
      made = this.#inTurn(() => this.#makeVariants(bytes, digest, variants, file.path))
      this.#byDigest.set(digest, made)
    }
    return (await made) ? { digest, variants } : 'broken'
  }

  /** A variant's bytes, from the cache. */
  async read(variant: PictureVariant): Promise<Uint8Array> {
    const name = variantName(variant)
    if (!this.#dir) {
      const bytes = this.#memory.get(`${variant.digest}/${name}`)
      if (!bytes) throw new GoneError(`${variant.key}: not made in this process`)
      return bytes
    }
    const { folder } = await this.#loaded()
    try {
      return await readFile(join(folder, variant.digest, name))
    } catch (error) {
      // The cache folder emptied by hand: nothing to serve until the picture is made again.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new GoneError(`${variant.key}: no longer in the cache ${folder}`, { cause: error })
      throw error
    }
  }

  /** Runs `work` when fewer than MAKING_AT_ONCE others run. */
  async #inTurn<T>(work: () => Promise<T>): Promise<T> {
    while (this.#queue.length >= MAKING_AT_ONCE) await Promise.race(this.#queue)
    const running = work()
    const slot = running.then(
      () => {},
      () => {},
    )
    this.#queue.push(slot)
    void slot.then(() => (this.#queue = this.#queue.filter((s) => s !== slot)))
    return running
  }

  /** Whether the variants are in the cache, made now or before; false when the picture cannot be decoded. */
  async #makeVariants(bytes: Uint8Array, digest: string, variants: readonly PictureVariant[], path: string): Promise<boolean> {
    const { sharp, folder } = await this.#loaded()
    const here = join(folder, digest)
    if (this.#dir) {
      if (await exists(join(here, BROKEN))) return false
      const found = await Promise.all(variants.map((variant) => exists(join(here, variantName(variant)))))
      if (found.every(Boolean)) return true
      await mkdir(here, { recursive: true })
    }
    for (const variant of variants) {
      let made: Buffer
      try {
        made = await makeVariant(sharp, bytes, variant)
      } catch (error) {
        this.#log(`public: ${path} cannot be decoded (${(error as Error).message}); it is shown as it is, without smaller copies`, 'file')
        if (this.#dir) await writeFileAtomic(join(here, BROKEN), (error as Error).message)
        return false
      }
      if (this.#dir) await writeFileAtomic(join(here, variantName(variant)), made)
      else this.#memory.set(`${digest}/${variantName(variant)}`, made)
    }
    return true
  }

  #loaded(): Promise<{ sharp: Sharp; folder: string }> {
    this.#sharp ??= import('sharp').then(({ default: sharp }) => {
      // One libvips thread per picture (MAKING_AT_ONCE of them), and no operation cache: each
      // picture is made once, and kept on disk.
      sharp.concurrency(1)
      sharp.cache(false)
      const recipe = createHash('sha256')
        .update(JSON.stringify([RECIPE, sharp.versions]))
        .digest('hex')
        .slice(0, 12)
      return { sharp: sharp as unknown as Sharp, folder: join(this.#dir ?? '', recipe) }
    })
    return this.#sharp
  }
}

/** The marker of a picture that cannot be decoded: its error. */
const BROKEN = 'broken'

function variantName(variant: PictureVariant): string {
  return `${variant.width}x${variant.height}.${variant.type.slice('image/'.length)}`
}

/**
 * One variant from its source's bytes: turned as its EXIF orientation says (browsers show the
 * original so), resized to exactly the planned size, encoded; metadata is left out. A decoder's
 * warning (a few stray bytes) is let pass, as browsers do; an error (a truncated file) is not.
 * @param sharp the sharp module: the native one here, the WebAssembly one too in bench/pictures.ts
 */
export function makeVariant(sharp: Sharp, bytes: Uint8Array, variant: Pick<PictureVariant, 'width' | 'height' | 'type'>): Promise<Buffer> {
  const image = sharp(bytes, { failOn: 'error' }).rotate().resize(variant.width, variant.height, { fit: 'fill' })
  if (variant.type === WEBP) return image.webp(RECIPE.webp).toBuffer()
  if (variant.type === 'image/png') return image.png(RECIPE.png).toBuffer()
  return image.jpeg(RECIPE.jpeg).toBuffer()
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/** The maker a command or the server uses: its cache under BYLINES_CACHE_DIR (default node_modules/.cache/bylines), or in memory when that is empty. */
export function pictureMakerFor(env: Record<string, string | undefined>, log?: PictureLog): PictureMaker {
  const dir = cacheDirOf(env)
  return new PictureMaker({ dir: dir === undefined ? undefined : join(dir, 'pictures'), log })
}
