/**
 * The CSS that makes an RSS or Atom feed opened in a browser a readable page: the feed's title,
 * the note on what a feed is (XHTML inside the feed, whose links work), and each item's title,
 * date and summary; everything else a reader needs (ids, full content, credits as markup) is
 * hidden. CSS for XML is a standard every browser keeps; XSLT, the usual way, is being removed
 * from browsers. Nothing here changes what a feed reader sees.
 */

export const FEED_STYLESHEET = `@namespace atom url(http://www.w3.org/2005/Atom);
@namespace h url(http://www.w3.org/1999/xhtml);

/* Hidden unless named below: metadata, full content, Media RSS, links as text. */
* { display: none; }

rss, channel, item, atom|feed, atom|entry { display: block; }
rss, atom|feed {
  font: 17px/1.6 Georgia, serif; color: #222; background: #fff;
  max-inline-size: 42rem; margin-block: 2rem; margin-inline: auto; padding-inline: 1rem;
}
channel > title, atom|feed > atom|title {
  display: block; font-size: 2rem; font-weight: bold; line-height: 1.2; margin: 0 0 .25rem;
}
channel > description, atom|feed > atom|subtitle { display: block; color: #555; margin: 0 0 1rem; }

h|div, h|p { display: block; }
h|a { display: inline; color: #0645ad; }
h|div {
  font: 15px/1.5 system-ui, sans-serif; background: #f4f1ea; border-inline-start: 4px solid #c0392b;
  padding: .75rem 1rem; margin: 0 0 2rem;
}
h|p { margin: .25rem 0; }

item, atom|entry { margin: 0 0 1.5rem; padding: 0 0 1.5rem; border-bottom: 1px solid #ddd; }
item > title, atom|entry > atom|title { display: block; font-size: 1.25rem; font-weight: bold; line-height: 1.3; }
item > pubDate, atom|entry > atom|published {
  display: block; font: 14px/1.5 system-ui, sans-serif; color: #555; margin: .25rem 0;
}
item > description, atom|entry > atom|summary { display: block; }

/* The reader's dark mode, as the site's pages follow it; the root's colour-scheme darkens the
   canvas and scrollbars too. */
rss, atom|feed { color-scheme: light dark; }
@media (prefers-color-scheme: dark) {
  rss, atom|feed { color: #e6e6e6; background: #121417; }
  channel > description, atom|feed > atom|subtitle, item > pubDate, atom|entry > atom|published { color: #a9b0b8; }
  h|a { color: #8ab4f8; }
  h|div { background: #1f2329; border-inline-start-color: #e0675a; }
  item, atom|entry { border-bottom-color: #33373d; }
}
`
