//! The feed's XSL stylesheet (issue 17, item 6): written beside each show's feed as `feed.xsl`
//! and linked from the feed with `<?xml-stylesheet type="text/xsl" href="feed.xsl"?>`, so a
//! browser opening `feed.xml` shows a page: the show, its artwork, each episode with an audio
//! player and links to its transcripts and chapters. Podcast apps ignore the processing
//! instruction (XML 1.0 §2.6: it is for applications that know its target), so the feed they read
//! is unchanged. `[build] stylesheet = false` turns both off.
//!
//! XSLT 1.0 (what browsers run), text only: values are never copied as markup
//! (`disable-output-escaping` is not used); an episode's HTML notes show as their text, tags
//! left out, so a feed cannot inject script into the page.

/// The stylesheet's file name, in the show's folder beside `feed.xml`.
pub const STYLESHEET_FILE: &str = "feed.xsl";

/// The processing instruction's data that links the stylesheet from the feed.
pub const STYLESHEET_PI: &str = "xml-stylesheet type=\"text/xsl\" href=\"feed.xsl\"";

/// The stylesheet's path under the output folder for show `id`.
pub fn stylesheet_path(id: &str) -> String {
    format!("{id}/{STYLESHEET_FILE}")
}

/// The stylesheet.
pub const XSL: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<!-- Written by podfeed: shows this feed as a page in a browser. Podcast apps ignore it. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
  xmlns:podcast="https://podcastindex.org/namespace/1.0"
  exclude-result-prefixes="itunes podcast">
  <xsl:output method="html" version="5.0" encoding="utf-8" indent="yes"/>
  <xsl:template match="/">
    <html lang="{/rss/channel/language}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="/rss/channel/title"/> (podcast feed)</title>
        <style>
          body { font: 16px/1.5 system-ui, sans-serif; max-width: 48em; margin: 2em auto; padding: 0 1em; color: #222; }
          header { display: flex; gap: 1.5em; align-items: flex-start; }
          header img { width: 160px; height: 160px; border-radius: 8px; object-fit: cover; }
          .note { background: #eef4fb; border-radius: 6px; padding: .6em 1em; }
          article { border-top: 1px solid #ddd; padding: 1em 0; }
          article h2 { margin: 0 0 .2em; font-size: 1.2em; }
          audio { width: 100%; margin: .5em 0; }
          .meta, .links { color: #555; font-size: .9em; }
          .links a { margin-right: 1em; }
          p.description { white-space: pre-line; }
        </style>
      </head>
      <body>
        <p class="note">This is a podcast feed. To listen, copy its address into your podcast app.</p>
        <xsl:apply-templates select="/rss/channel"/>
      </body>
    </html>
  </xsl:template>
  <xsl:template match="channel">
    <header>
      <xsl:variable name="art" select="itunes:image/@href | image/url"/>
      <xsl:if test="$art">
        <img src="{$art[1]}" alt="Artwork of {title}"/>
      </xsl:if>
      <div>
        <h1><xsl:value-of select="title"/></h1>
        <p class="meta"><xsl:value-of select="itunes:author"/></p>
        <p class="description"><xsl:value-of select="description"/></p>
        <p><a href="{link}">Website</a></p>
      </div>
    </header>
    <main>
      <xsl:apply-templates select="item"/>
    </main>
  </xsl:template>
  <!-- itunes:duration as H:MM:SS or M:SS: whole seconds are written as a clock, other forms as they are. -->
  <xsl:template name="duration">
    <xsl:param name="d"/>
    <xsl:choose>
      <xsl:when test="contains($d, ':') or string(number($d)) = 'NaN'"><xsl:value-of select="$d"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="s" select="floor(number($d))"/>
        <xsl:if test="$s &gt;= 3600"><xsl:value-of select="floor($s div 3600)"/>:</xsl:if>
        <xsl:choose>
          <xsl:when test="$s &gt;= 3600"><xsl:value-of select="format-number(floor($s mod 3600 div 60), '00')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="floor($s div 60)"/></xsl:otherwise>
        </xsl:choose>:<xsl:value-of select="format-number($s mod 60, '00')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="item">
    <article>
      <h2><xsl:value-of select="title"/></h2>
      <p class="meta"><xsl:value-of select="pubDate"/>
        <xsl:if test="itunes:duration"> · <xsl:call-template name="duration"><xsl:with-param name="d" select="itunes:duration"/></xsl:call-template></xsl:if></p>
      <xsl:if test="enclosure/@url">
        <audio controls="controls" preload="none" src="{enclosure/@url}"/>
      </xsl:if>
      <p class="links">
        <xsl:for-each select="podcast:transcript">
          <a class="transcript" href="{@url}">Transcript (<xsl:value-of select="@type"/>)</a>
        </xsl:for-each>
        <xsl:for-each select="podcast:chapters">
          <a class="chapters" href="{@url}">Chapters</a>
        </xsl:for-each>
      </p>
      <p class="description">
        <xsl:call-template name="text">
          <xsl:with-param name="html" select="description"/>
        </xsl:call-template>
      </p>
    </article>
  </xsl:template>
  <!-- Show notes are often HTML: their text, tags left out (never copied as markup). -->
  <xsl:template name="text">
    <xsl:param name="html"/>
    <xsl:choose>
      <xsl:when test="contains($html, '&lt;')">
        <xsl:value-of select="substring-before($html, '&lt;')"/>
        <xsl:call-template name="text">
          <xsl:with-param name="html" select="substring-after(substring-after($html, '&lt;'), '&gt;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$html"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_is_well_formed_xml_and_copies_no_markup() {
        let doc = crate::feed::parse(XSL.as_bytes());
        assert!(!doc.fatal, "{:?}", doc.problems);
        assert!(!XSL.contains("disable-output-escaping"));
        assert_eq!(stylesheet_path("show"), "show/feed.xsl");
        assert!(STYLESHEET_PI.contains(STYLESHEET_FILE));
    }
}
