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
    var out = [], value = 0, scale = 1, previous = 0, isDoc = true;
    for (var i = 0; i < text.length; i++) {
      var digit = digitValue[text.charCodeAt(i)];
      if (digit >= 32) { value += (digit - 32) * scale; scale *= 32; continue; }
      value += digit * scale;
      if (isDoc) { previous += value; out.push(previous); } else { out.push(value); }
      isDoc = !isDoc; value = 0; scale = 1;
    }
    return out;
  }

  // Posts that have every token (AND), with their scores added up, best first. Common
  // bigrams list thousands of posts, so the counting happens in typed arrays indexed
  // by post number (no maps), and only posts that can reach the first hundred are sorted.
  function rank(postings, documents) {
    if (!postings.length) return [];
    if (documents === undefined) {
      documents = 0;
      postings.forEach(function (p) { for (var i = 0; i < p.length; i += 2) documents = Math.max(documents, p[i] + 1); });
    }
    var matched = new Uint16Array(documents), scores = new Float64Array(documents);
    postings.forEach(function (p, t) {
      for (var i = 0; i < p.length; i += 2) {
        var doc = p[i];
        if (doc < documents && matched[doc] === t) { matched[doc] = t + 1; scores[doc] += p[i + 1]; }
      }
    });
    var entries = [];
    for (var doc = 0; doc < documents; doc++) if (matched[doc] === postings.length) entries.push([doc, scores[doc]]);
    if (entries.length > 200) {
      var values = Float64Array.from(entries, function (e) { return -e[1]; }).sort();
      var threshold = -values[99];
      entries = entries.filter(function (e) { return e[1] >= threshold; });
    }
    return entries.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { normalize: normalize, tokens: tokens, shardOf: shardOf, decode: decode, rank: rank };
    return;
  }

  var root = document.getElementById("search");
  if (!root) return;
  var base = root.dataset.index;
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var cache = {};
  var transferred = 0; // bytes downloaded for the current query (cached files count once)
  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.text() : "{}"; })
        .then(function (text) { transferred += text.length; return JSON.parse(text); });
    }
    return cache[path];
  }

  function escapeHTML(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  // Finds matches in the normalized text and shows the original text around the
  // first one, with every match marked. (When normalizing changed the length, as
  // full-width letters can, the normalized text is shown instead.)
  function snippet(text, phrases) {
    var original = Array.from(text);
    var folded = Array.from(normalize(text));
    var shown = folded.length === original.length ? original : folded;
    var marked = new Array(folded.length).fill(false);
    var first = -1;
    phrases.forEach(function (p) {
      var needle = Array.from(p);
      for (var i = 0; i + needle.length <= folded.length; i++) {
        var same = true;
        for (var j = 0; j < needle.length && same; j++) same = folded[i + j] === needle[j];
        if (same) {
          if (first < 0 || i < first) first = i;
          for (var k = 0; k < needle.length; k++) marked[i + k] = true;
        }
      }
    });
    var start = Math.max(0, first - 40), end = Math.min(shown.length, start + 110);
    var html = "", open = false;
    for (var i = start; i < end; i++) {
      if (marked[i] && !open) { html += "<mark>"; open = true; }
      if (!marked[i] && open) { html += "</mark>"; open = false; }
      html += escapeHTML(shown[i]);
    }
    if (open) html += "</mark>";
    return (start > 0 ? "…" : "") + html + (end < shown.length ? "…" : "");
  }

  // The small index description is fetched as the page opens, so a query's time is
  // spent on its own shards and posts only.
  get("index.json");

  var latest = 0;
  async function search(query) {
    var ticket = ++latest;
    var started = performance.now();
    transferred = 0;
    var normalized = normalize(query.trim());
    var phrases = normalized.split(/\s+/).filter(function (p) { return tokens(p).length > 0; });
    var wanted = Array.from(new Set(tokens(normalized)));
    if (!wanted.length) { list.innerHTML = ""; status.textContent = ""; return; }
    var manifest = await get("index.json");
    var postings = await Promise.all(wanted.map(function (t) {
      return get("s/" + shardOf(t, manifest.shards) + ".json").then(function (s) { return decode(s[t] || ""); });
    }));
    var ranked = rank(postings, manifest.documents);
    // Bigrams can match in pieces; keep the posts that contain each phrase exactly.
    // Posts are fetched ten at a time, and only until ten are shown: they are most
    // of what a query downloads.
    var shown = 10, results = [], checked = 0;
    while (checked < ranked.length && results.length < shown && checked < 100) {
      var docs = await Promise.all(ranked.slice(checked, checked + shown).map(function (r) { return get("d/" + r[0] + ".json"); }));
      checked += docs.length;
      docs.forEach(function (d) {
        var haystack = normalize(d.t + " " + d.g + " " + d.x);
        if (results.length < shown && phrases.every(function (p) { return haystack.indexOf(p) >= 0; })) results.push(d);
      });
    }
    var more = results.length === shown && checked < ranked.length;
    if (ticket !== latest) return;
    list.innerHTML = results.map(function (d) {
      return "<li class=\"search__result\"><a href=\"" + escapeHTML(d.u) + "\">" + escapeHTML(d.t) + "</a> <time datetime=\"" +
        escapeHTML(d.i) + "\">" + escapeHTML(d.d) + "</time><p>" + snippet(d.x, phrases) + "</p></li>";
    }).join("");
    status.textContent = !results.length ? root.dataset.empty
      : (more ? root.dataset.more : root.dataset.count).replace("{n}", String(results.length));
    list.dataset.ms = String(Math.round(performance.now() - started));
    list.dataset.bytes = String(transferred);
  }

  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 120);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; search(initial); }
})();
