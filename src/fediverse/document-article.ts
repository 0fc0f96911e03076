/**
 * An `Article` that serialises as the JSON-LD document it was read from, in every form Fedify
 * asks of it. Fedify keeps the document an object was read from and returns it from
 * `toJsonLd()`; but an object inside an activity is serialised from its known properties
 * (`toJsonLd({ format: 'expand' })`, which `Create`, `Update` and every delivery's
 * `format: 'compact'` use), and that drops what Fedify has no property for: the attribution.
 * Here the expanded and compacted forms are made from the document itself.
 */
import { Article } from '@fedify/vocab'
import { getDocumentLoader } from '@fedify/vocab-runtime'
import jsonld from '@fedify/vocab-runtime/jsonld'

type ToJsonLdOptions = NonNullable<Parameters<Article['toJsonLd']>[0]>

export class DocumentArticle extends Article {
  override async toJsonLd(options: ToJsonLdOptions = {}): Promise<unknown> {
    const document = this._cachedJsonLd as { '@context'?: ToJsonLdOptions['context'] } | undefined
    // A clone made with other values has no document: Fedify writes it from its properties.
    if (options.format === undefined || document === undefined) return super.toJsonLd(options)
    const documentLoader = options.contextLoader ?? getDocumentLoader()
    const expanded = await jsonld.expand(document, { documentLoader })
    if (options.format === 'expand') return expanded
    return jsonld.compact(expanded, options.context ?? document['@context'] ?? {}, { documentLoader })
  }
}
