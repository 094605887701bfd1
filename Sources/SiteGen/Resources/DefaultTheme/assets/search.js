// sitegen: search that understands Japanese, with no server.
// Tokenizes exactly like Sources/SiteGen/Search/SearchTokenizer.swift: NFKC and
// lowercase; words for Latin text; overlapping bigrams for Japanese/Chinese runs.
// Downloads only the index shards the query's tokens live in, then the few posts it
// shows, and keeps only posts that really contain the query.
(function () {
  "use strict";

  function isCJK(v) {
    return (v >= 0x3040 && v <= 0x309F) || (v >= 0x30A0 && v <= 0x30FF && v !== 0x30FB) || (v >= 0x31F0 && v <= 0x31FF)
      || (v >= 0x3005 && v <= 0x3007) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF)
      || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xAC00 && v <= 0xD7AF) || (v >= 0x20000 && v <= 0x2FA1F);
  }
  var wordChar = /[\p{L}\p{N}\p{M}]/u;

  function normalize(text) { return text.normalize("NFKC").toLowerCase(); }

  function tokens(normalized) {
    var out = [], cjk = [], word = "";
    function flushCJK() {
      if (cjk.length === 1) out.push(cjk[0]);
      for (var i = 0; i + 1 < cjk.length; i++) out.push(cjk[i] + cjk[i + 1]);
      cjk = [];
    }
    function flushWord() { if (word) out.push(word); word = ""; }
    for (var ch of normalized) {
      if (isCJK(ch.codePointAt(0))) { flushWord(); cjk.push(ch); }
      else if (wordChar.test(ch)) { flushCJK(); word += ch; }
      else { flushCJK(); flushWord(); }
    }
    flushCJK(); flushWord();
    return out;
  }

  function shardOf(token, shards) {
    var hash = 0x811c9dc5;
    for (var byte of new TextEncoder().encode(token)) {
      hash ^= byte;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % shards;
  }

  // Postings as the index stores them (SearchIndex.encode): per post, the gap from the
  // previous post's number and the score, as base-32 numbers whose digits from the
  // second half of the alphabet say "more digits follow".
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var digitValue = new Int8Array(128).fill(-1);
  for (var d = 0; d < DIGITS.length; d++) digitValue[DIGITS.charCodeAt(d)] = d;
  function decode(text) {
    // Typed output (a common bigram lists thousands of posts); every number takes a digit at least.
    var out = new Int32Array(text.length), n = 0, value = 0, scale = 1, previous = 0, isDoc = true;
    for (var i = 0; i < text.length; i++) {
      var digit = digitValue[text.charCodeAt(i)];
      if (digit >= 32) { value += (digit - 32) * scale; scale *= 32; continue; }
      value += digit * scale;
      if (isDoc) { previous += value; out[n++] = previous; } else { out[n++] = value; }
      isDoc = !isDoc; value = 0; scale = 1;
    }
    return out.subarray(0, n);
  }

  // A shard's value for a token very common in the posts (SearchIndex.postingsJSON):
  // [bitmap, boosts]. The bitmap says which posts have it (six to a digit); boosts lists,
  // as `decode` reads, the posts with it in their title or tags; every other post scores 1.
  function decodeCommon(value, documents) {
    var bits = new Uint32Array(((documents + 31) >> 5) + 1), text = value[0];
    for (var k = 0, doc = 0; k < text.length; k++, doc += 6) {
      var digit = digitValue[text.charCodeAt(k)] & 63, shift = doc & 31;
      bits[doc >> 5] |= digit << shift;
      if (shift > 26) bits[(doc >> 5) + 1] |= digit >>> (32 - shift); // the digit's bits cross into the next word
    }
    return { bits: bits, boosts: decode(value[1]) };
  }
  function decodePostings(value, documents) {
    return typeof value === "string" ? decode(value) : Array.isArray(value) ? decodeCommon(value, documents) : new Int32Array(0);
  }

  // Posts that have every token (AND), with their scores added up, best first. Lists are
  // counted in typed arrays indexed by post number, common tokens' bitmaps are ANDed a
  // word at a time, and only posts that can reach the first hundred are sorted.
  function rank(postings, documents) {
    if (!postings.length) return [];
    var t, i, k, p, doc;
    var lists = postings.filter(function (x) { return !x.bits; }), common = postings.filter(function (x) { return x.bits; });
    if (documents === undefined) {
      documents = 0;
      for (t = 0; t < lists.length; t++) for (p = lists[t], i = 0; i < p.length; i += 2) documents = Math.max(documents, p[i] + 1);
    }
    function has(bits, doc) { return (bits[doc >> 5] & (1 << (doc & 31))) !== 0; }
    var all = null;
    if (common.length) {
      all = common[0].bits.slice();
      for (t = 1; t < common.length; t++) for (i = 0; i < all.length; i++) all[i] &= common[t].bits[i];
    }
    var scores = new Float64Array(documents), hits = [];
    if (lists.length) {
      var matched = new Uint16Array(documents);
      for (t = 0; t < lists.length; t++) {
        for (p = lists[t], i = 0; i < p.length; i += 2) {
          doc = p[i];
          if (doc < documents && matched[doc] === t) { matched[doc] = t + 1; scores[doc] += p[i + 1]; }
        }
      }
      // A post with every list's token is in the last list: walk that one, not every post.
      for (p = lists[lists.length - 1], i = 0; i < p.length; i += 2) {
        doc = p[i];
        if (doc < documents && matched[doc] === lists.length && (!all || has(all, doc))) hits.push(doc);
      }
    }
    if (common.length) {
      var boosted = [];
      for (t = 0; t < common.length; t++) {
        for (p = common[t].boosts, i = 0; i < p.length; i += 2) {
          doc = p[i];
          if (doc >= documents || !has(all, doc)) continue;
          if (!lists.length && scores[doc] === 0) boosted.push(doc);
          scores[doc] += p[i + 1] - 1;
        }
      }
      if (lists.length) {
        for (k = 0; k < hits.length; k++) scores[hits[k]] += common.length;
      } else {
        // Only common tokens: every post scores the same but those with a token in their
        // title or tags, so the first hundred others (in post order) are all that can show.
        hits = boosted;
        var others = 0;
        for (i = 0; i < all.length && others < 100; i++) {
          for (var word = all[i]; word && others < 100; word &= word - 1) {
            doc = i * 32 + 31 - Math.clz32(word & -word);
            if (doc < documents && scores[doc] === 0) { hits.push(doc); others++; }
          }
        }
        for (k = 0; k < hits.length; k++) scores[hits[k]] += common.length;
      }
    }
    var threshold = -Infinity;
    if (hits.length > 200) {
      var sorted = new Float64Array(hits.length);
      for (k = 0; k < hits.length; k++) sorted[k] = -scores[hits[k]];
      threshold = -sorted.sort()[99];
    }
    var entries = [];
    for (k = 0; k < hits.length; k++) if (scores[hits[k]] >= threshold) entries.push([hits[k], scores[hits[k]]]);
    return entries.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }

  // The tokens of text still being typed that the finished query will need too: CJK
  // bigrams, and words already followed by a space (a word being typed may grow).
  function settledTokens(normalized) {
    var all = tokens(normalized), last = Array.from(normalized).pop() || " ";
    var typingWord = !isCJK(last.codePointAt(0)) && wordChar.test(last);
    return all.filter(function (token, index) {
      if (isCJK(token.codePointAt(0))) return Array.from(token).length === 2;
      return !(typingWord && index === all.length - 1);
    });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { normalize: normalize, tokens: tokens, settledTokens: settledTokens, shardOf: shardOf, decode: decode, decodePostings: decodePostings, rank: rank,
      snippet: snippet };
    return;
  }

  var root = document.getElementById("search");
  if (!root) return;
  var base = root.dataset.index;
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var cache = {}, sizes = {};
  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.text() : "{}"; })
        .then(function (text) { sizes[path] = text.length; return JSON.parse(text); });
    }
    return cache[path];
  }
  function shardPath(token, manifest) { return "s/" + shardOf(token, manifest.shards) + ".json"; }

  function escapeHTML(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  // Shows the original text around the first match, every match marked. Matches are
  // found in the normalized text (`folded`, from the same text); when normalizing changed
  // the length, as full-width letters can, the normalized text is shown instead.
  function snippet(text, folded, phrases) {
    var shown = folded.length === text.length ? text : folded;
    var first = -1;
    phrases.forEach(function (p) {
      var at = folded.indexOf(p);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = Math.max(0, first - 40), end = Math.min(shown.length, start + 110);
    // Never cut a character written as two UTF-16 units (𠮷, emoji) in half.
    if (start > 0 && isTrailSurrogate(shown.charCodeAt(start))) start--;
    if (end < shown.length && isTrailSurrogate(shown.charCodeAt(end))) end++;
    var marked = new Uint8Array(end - start);
    phrases.forEach(function (p) {
      for (var at = folded.indexOf(p, Math.max(0, start - p.length + 1)); at >= 0 && at < end; at = folded.indexOf(p, at + 1)) {
        for (var k = Math.max(at, start); k < Math.min(at + p.length, end); k++) marked[k - start] = 1;
      }
    });
    var html = "";
    for (var i = start; i < end;) {
      var j = i;
      while (j < end && marked[j - start] === marked[i - start]) j++;
      var piece = escapeHTML(shown.slice(i, j));
      html += marked[i - start] ? "<mark>" + piece + "</mark>" : piece;
      i = j;
    }
    return (start > 0 ? "…" : "") + html + (end < shown.length ? "…" : "");
  }
  function isTrailSurrogate(unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

  // The small index description is fetched as the page opens, so a query's time is
  // spent on its own shards and posts only.
  get("index.json");

  var latest = 0;
  async function search(query) {
    var ticket = ++latest;
    var started = performance.now();
    var normalized = normalize(query.trim());
    var phrases = normalized.split(/\s+/).filter(function (p) { return tokens(p).length > 0; });
    var wanted = Array.from(new Set(tokens(normalized)));
    if (!wanted.length) { list.innerHTML = ""; status.textContent = ""; return; }
    var manifest = await get("index.json");
    var used = wanted.map(function (t) { return shardPath(t, manifest); });
    var postings = (await Promise.all(used.map(get))).map(function (shard, i) {
      return decodePostings(shard[wanted[i]] || "", manifest.documents);
    });
    var ranked = rank(postings, manifest.documents);
    // Bigrams can match in pieces; keep the posts that contain each phrase exactly.
    // Posts are fetched ten at a time, and only until ten are shown: they are most
    // of what a query downloads.
    var shown = 10, results = [], checked = 0;
    while (checked < ranked.length && results.length < shown && checked < 100) {
      var paths = ranked.slice(checked, checked + shown).map(function (r) { return "d/" + r[0] + ".json"; });
      var docs = await Promise.all(paths.map(get));
      used = used.concat(paths);
      checked += docs.length;
      docs.forEach(function (d) {
        var text = normalize(d.x), heading = normalize(d.t + " " + d.g);
        var found = phrases.every(function (p) { return text.indexOf(p) >= 0 || heading.indexOf(p) >= 0; });
        if (results.length < shown && found) results.push({ doc: d, folded: text });
      });
    }
    var more = results.length === shown && checked < ranked.length;
    if (ticket !== latest) return;
    list.innerHTML = results.map(function (r) {
      var d = r.doc;
      return "<li class=\"search__result\"><a href=\"" + escapeHTML(d.u) + "\">" + escapeHTML(d.t) + "</a> <time datetime=\"" +
        escapeHTML(d.i) + "\">" + escapeHTML(d.d) + "</time><p>" + snippet(d.x, r.folded, phrases) + "</p></li>";
    }).join("");
    status.textContent = !results.length ? root.dataset.empty
      : (more ? root.dataset.more : root.dataset.count).replace("{n}", String(results.length));
    // For scripts/measure-search: time from the search starting, and the bytes of every
    // file the query needed (whether fetched while typing or now).
    list.dataset.ms = String(Math.round(performance.now() - started));
    list.dataset.bytes = String(Array.from(new Set(used)).reduce(function (sum, path) { return sum + (sizes[path] || 0); }, 0));
  }

  // While the reader types, the shards of the tokens already settled are fetched at
  // once; the search itself waits for a pause in typing, so a half-typed word costs nothing.
  var timer;
  input.addEventListener("input", function () {
    var settled = settledTokens(normalize(input.value));
    if (settled.length) get("index.json").then(function (manifest) { settled.forEach(function (t) { get(shardPath(t, manifest)); }); });
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 120);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; search(initial); }
})();
