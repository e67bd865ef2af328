/* search.js: the portal's static search, no dependencies but the Snowball
 * stemmers of the site's languages in /search/snowball.js (self.PortalStem,
 * written by the build: internal/search StemmerScript), loaded before it.
 *
 * DOM contract (layouts/partials/search-page.html writes it; docs/search.md):
 *   <html lang="…">
 *   <div id="search" data-locale="en-GB" data-search-root="/search/en/" data-lang-en="English" …
 *        data-miss="/api/search-miss">   CLDR locale, index directory, language names, miss endpoint
 *     <form role="search" action="/search/" method="get">
 *       <label for="q">…</label><input id="q" name="q" type="search"></form>
 *     <div id="search-filters" data-label-section="Section" data-label-sectors="Sectors" …></div>
 *     <p id="search-status" aria-live="polite"></p>
 *     <ol id="search-results"></ol>
 *     <noscript>…</noscript>
 *   </div>
 *   <script type="application/json" id="search-text">{"more": "…", "results": {"one": "…", "other": "…"}, …}</script>
 * The index format is written by internal/search (Go); Reader there mirrors
 * this file step for step (parseQuery, units, matches, score, splits,
 * search in query.go; understand in precision.go; splitter in compound.go;
 * correction in typo.go).
 * Change both.
 */
(() => {
  const root = document.querySelector('[data-search-root]');
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const input = $('q'), status = $('search-status'), list = $('search-results'), filtersEl = $('search-filters');
  if (!input || !status || !list) return;
  const base = root.dataset.searchRoot; // the build writes it: the language's index folder
  // The texts, in the page's language: the theme strings the build wrote
  // into #search-text (search-page.html). A text takes its values with
  // %s/%d in order, or %[n]s by number, as the theme strings do in Go; a
  // count's text is the plural form the locale's CLDR rules choose.
  let T = {};
  try { T = JSON.parse(($('search-text') || {}).textContent || '{}'); } catch (e) { console.warn('search: texts', e); }
  const locale = root.dataset.locale || document.documentElement.lang;
  const plural = new Intl.PluralRules(locale);
  // fill returns text with its values in place, as a list of strings and
  // the values themselves (nodes stay nodes, arrays are spread).
  const fill = (text, ...vals) => {
    const out = [];
    let i = 0, at = 0;
    String(text || '').replace(/%(?:\[(\d+)\])?[sd]/g, (m, n, off, all) => {
      out.push(all.slice(at, off));
      const v = vals[n ? n - 1 : i++];
      out.push(...(Array.isArray(v) ? v : [v === undefined ? '' : v]));
      at = off + m.length;
      return m;
    });
    out.push(String(text || '').slice(at));
    return out.filter((x) => x !== '');
  };
  const txt = (key, ...vals) => fill(T[key], ...vals).join('');
  const count = (key, n, ...vals) => {
    const f = T[key] || {};
    return fill(f[plural.select(n)] || f.other, n, ...vals).join('');
  };
  // anyOf lists words as the locale does ("“a” or “b”"): CLDR's list
  // patterns, from the browser's Intl.
  const or = new Intl.ListFormat(locale, { type: 'disjunction' });
  const anyOf = (ws) => or.format(ws.map((w) => txt('word', w)));
  const PAGE = 10, MAXQ = 200, MAXTOK = 8, MAXPREFIX = 4;
  // Multipliers and limits: query.go, compound.go and typo.go.
  const M = { exact: 1, prefix: 0.5, stem: 0.4, part: 0.35, stemPrefix: 0.3, group: 0.9, typo: 0.6, split: 0.4 };
  const MIN_STEM_PREFIX = 5, MIN_LEARNT = 5, MIN_PREFIX_HEAD = 5, ONE_TYPO = 5, TWO_TYPOS = 9;
  const K = { word: 0, stem: 1, part: 2, group: 3 };
  // FOLD mirrors `special` in internal/search/normalize.go.
  const FOLD = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ς: 'σ', ħ: 'h', ŧ: 't' };
  // bare mirrors Fold: every diacritic folded.
  const bare = (s) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[æøœßđðłþıςħŧ]/g, (c) => FOLD[c]);
  // fold mirrors FoldIn for the index's language: its letters (man.keep) are kept.
  const fold = (s) => {
    const keep = man.keep;
    if (!keep) return bare(s);
    return Array.from(s.normalize('NFC').toLowerCase(), (c) => (keep.includes(c) ? c : bare(c))).join('');
  };
  const WORD = /[\p{L}\p{N}]+/gu;
  const runes = (s) => Array.from(s);
  const len = (s) => runes(s).length;
  const stemmers = self.PortalStem || {};
  const stem = (l, w) => (stemmers[l] && w ? stemmers[l](w) : w);
  const dec = new TextDecoder();

  let man = null, stopSet = null, stopBare = null, facets = null, words = null, seq = 0, shown = 0, hits = [], marks = () => false;
  let heads = [], langOf = [], weightOf = [];
  const cache = new Map(); // 'm', 't<n>', 'r<n>', 'v' -> promise
  const shards = new Map(); // n -> decoded shard, once loaded
  const splitters = new Map();

  // get fetches an index file as bytes, inflating .bin files; failures are
  // not cached, so the next keystroke retries instead of a retry loop.
  const get = async (path, signal) => {
    const res = await fetch(base + path + (man ? '?v=' + man.id : ''), man ? { signal } : { cache: 'no-cache' });
    if (!res.ok) throw new Error(path + ': ' + res.status);
    if (!path.endsWith('.bin')) return res.json();
    const s = res.body.pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(s).arrayBuffer());
  };
  const cached = (key, load) => {
    if (!cache.has(key)) cache.set(key, load().catch((e) => { cache.delete(key); throw e; }));
    return cache.get(key);
  };
  // varint reader over a byte array.
  const reader = (b, i = 0) => {
    const next = () => {
      let v = 0, m = 1, c;
      do {
        if (i >= b.length) throw new Error('corrupt');
        c = b[i++]; v += (c & 127) * m; m *= 128;
      } while (c > 127);
      return v;
    };
    return { next, skip: (n) => { if (i + n > b.length) throw new Error('corrupt'); i += n; return i - n; }, more: () => i < b.length };
  };
  // front decodes front-coded strings (appendFront in terms.go): fn gets the
  // string, the low bits kept with its length, and the reader after it.
  const front = (b, bits, fn) => {
    const r = reader(b);
    let prev = new Uint8Array(0);
    while (r.more()) {
      const shared = r.next(), sl = r.next(), n = Math.floor(sl / (1 << bits)), at = r.skip(n);
      if (shared > prev.length) throw new Error('corrupt');
      const t = new Uint8Array(shared + n);
      t.set(prev.subarray(0, shared)); t.set(b.subarray(at, at + n), shared);
      // Nearly every term is ASCII, which needs no decoder.
      fn(t.every((c) => c < 128) ? String.fromCharCode.apply(null, t) : dec.decode(t), sl % (1 << bits), r);
      prev = t;
    }
  };

  const loadManifest = () => cached('m', async () => {
    const m = await get('manifest.json');
    if (m.v !== 3 || typeof m.keep !== 'string' || ![m.shards, m.facets, m.stop, m.langs, m.glossary, m.others].every(Array.isArray) || !(m.chunk > 0) || typeof m.split !== 'object' || !m.split) throw new Error('manifest');
    man = m;
    stopSet = new Set(m.stop);
    stopBare = new Set(m.stop.map(bare));
    return m;
  });
  // A shard: [{t, k, s, e}]: string, kind and postings range (terms.go).
  const loadShard = (n) => cached('t' + n, async () => {
    const b = await get('t/' + n + '.bin'), out = [];
    front(b, 2, (t, k, r) => {
      const pl = r.next(), s = r.skip(pl);
      out.push({ t, k, s, e: s + pl, b });
    });
    shards.set(n, out);
    return out;
  });
  // postings decodes an entry's postings once: ids, fields and headings.
  const postings = (e) => {
    if (e.p) return e.p;
    const r = reader(e.b.subarray(0, e.e), e.s), ids = [], ws = [], hs = [];
    let id = 0;
    while (r.more()) {
      const v = r.next();
      id += Math.floor(v / 16);
      if (id >= man.docs) throw new Error('corrupt');
      ids.push(id); ws.push(v & 7); hs.push(v & 8 ? r.next() : 0);
    }
    return (e.p = { ids, ws, hs });
  };
  const loadFacets = () => facets || (facets = (async () => {
    const r = reader(await get('f.bin'));
    const fac = man.facets.map((f) => f.values.map(() => {
      const a = new Int32Array(r.next());
      for (let i = 0, id = 0; i < a.length; i++) { id += r.next(); if (id >= man.docs) throw new Error('corrupt'); a[i] = id; }
      return a;
    }));
    langOf = new Array(man.docs).fill(''); weightOf = new Float64Array(man.docs).fill(1);
    man.facets.forEach((f, fi) => {
      if (!f.hidden) return;
      f.values.forEach((v, vi) => {
        for (const id of fac[fi][vi]) {
          if (f.name === 'lang') langOf[id] = v;
          else if (f.name === 'weight' && parseFloat(v) >= 0) weightOf[id] = parseFloat(v);
        }
      });
    });
    return fac;
  })().catch((e) => { facets = null; throw e; }));
  // v.bin: the words (for typos) and what is known (words and stems);
  // vocab mirrors Reader.vocabFile.
  const vocab = async (path) => {
    const b = await get(path), list = [], known = new Set();
    front(b, 1, (t, isStem, r) => {
      const df = r.next();
      if (!isStem) list.push({ t, df });
      known.add(t);
    });
    return { list, known };
  };
  const loadWords = () => cached('v', async () => (words = await vocab('v.bin')));
  // The other languages' v.bin, read only to know a word is not a typo.
  const others = new Map();
  const loadOthers = () => cached('o', async () => {
    for (const l of man.others) others.set(l, await vocab('../' + l + '/v.bin'));
  });
  const record = async (id, signal) => {
    const c = Math.floor(id / man.chunk);
    const recs = await cached('r' + c, async () => JSON.parse(dec.decode(await get('r/' + c + '.bin', signal))));
    const r = recs[id % man.chunk];
    if (!Array.isArray(r)) throw new Error('corrupt');
    return r;
  };

  // parse mirrors parseQuery in query.go.
  const parse = (q) => {
    q = runes(q).slice(0, MAXQ).join('');
    const toks = (fold(q).match(WORD) || []).map((t) => runes(t).slice(0, man.max).join(''));
    let open = /[\p{L}\p{N}]$/u.test(q);
    if (open && toks.length && len(toks[toks.length - 1]) < 3) { toks.pop(); open = false; }
    const out = [], seen = new Set();
    for (let i = 0; i < toks.length && out.length < MAXTOK; i++) {
      const t = toks[i], isOpen = open && i === toks.length - 1;
      if (seen.has(t) || (stopBare.has(bare(t)) && !isOpen) || len(t) < 2) continue;
      seen.add(t);
      out.push({ t, prefix: len(t) >= 2, open: isOpen, pos: i });
    }
    return out;
  };
  const alt = (term, kind, prefix, mul) => ({ term, kind, prefix, mul });
  // wordAlts mirrors wordAlts in query.go.
  const wordAlts = (t, prefix, langs) => {
    const out = [alt(t, K.word, false, M.exact)];
    if (prefix) out.push(alt(t, K.word, true, M.prefix));
    for (const l of langs) {
      const s = stem(l, t);
      out.push(alt(s, K.stem, false, M.stem));
      if (s !== t) {
        out.push(alt(s, K.word, false, M.stem));
        if (len(s) >= MIN_STEM_PREFIX) out.push(alt(s, K.word, true, M.stemPrefix));
      }
      out.push(alt(s, K.part, false, M.part));
    }
    return out.filter((a, i) => out.findIndex((b) => b.term === a.term && b.kind === a.kind && b.prefix === a.prefix) === i);
  };
  const cut = (s) => runes(s).slice(0, man.max).join('');
  // units mirrors Reader.units.
  const units = (toks) => {
    const out = toks.map((t, i) => ({ covers: [i], alts: wordAlts(t.t, t.prefix, man.langs) }));
    for (let i = 0; i + 1 < toks.length; i++) {
      if (toks[i + 1].pos === toks[i].pos + 1) out.push({ covers: [i, i + 1], alts: wordAlts(cut(toks[i].t + toks[i + 1].t), toks[i + 1].prefix, man.langs) });
    }
    const seen = new Set();
    for (const g of man.glossary) for (const ph of g.p) for (let i = 0; i + ph.length <= toks.length; i++) {
      const key = g.id + '\0' + i + '\0' + ph.length;
      if (ph.length && ph.every((s, j) => stem(g.lang, toks[i + j].t) === s) && !seen.has(key)) {
        seen.add(key);
        out.push({ covers: ph.map((_, j) => i + j), alts: [alt(g.id, K.group, false, M.group)] });
      }
    }
    return out;
  };
  const shardsFor = (a) => {
    const k = man.shards;
    let lo = 0;
    k.forEach((s, i) => { if (s <= a.term) lo = i; });
    const out = k.length ? [lo] : [];
    for (let i = lo + 1; a.prefix && i < k.length && k[i].startsWith(a.term) && out.length < MAXPREFIX; i++) out.push(i);
    return out;
  };
  const altsOf = (us) => us.flatMap((u) => u.parts ? u.parts.flat() : u.alts);
  const loadFor = (us) => Promise.all([...new Set(altsOf(us).flatMap(shardsFor))].map(loadShard));
  const fieldScore = (w) => 1 + (w & 1) + (w & 2 ? 3 : 0) + (w & 4 ? 6 : 0);

  // matches mirrors Reader.matches.
  const matches = (alts) => {
    const n = man.docs, best = new Float64Array(n), sec = new Int32Array(n);
    for (const a of alts) for (const sn of shardsFor(a)) {
      // A shard is sorted by term: start at the first entry not below a.term.
      const es = shards.get(sn) || [];
      let lo = 0, hi = es.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (es[mid].t < a.term) lo = mid + 1; else hi = mid; }
      for (let i = lo; i < es.length && (es[i].t === a.term || (a.prefix && es[i].t.startsWith(a.term))); i++) {
        const e = es[i];
        if (e.k !== a.kind) continue;
      const p = postings(e), idf = Math.log(1 + n / p.ids.length);
      p.ids.forEach((id, j) => {
        const s = fieldScore(p.ws[j]) * idf * a.mul;
        if (s > best[id]) { best[id] = s; sec[id] = p.hs[j]; }
      });
      }
    }
    return [best, sec];
  };
  // score mirrors Reader.score.
  const score = (us, ntok) => {
    const n = man.docs, best = [], sec = [];
    for (let i = 0; i < ntok; i++) { best.push(new Float64Array(n)); sec.push(new Int32Array(n)); }
    for (const u of us) {
      let s, h;
      if (!u.parts) [s, h] = matches(u.alts);
      else {
        s = new Float64Array(n); h = new Int32Array(n);
        u.parts.forEach((p, pi) => {
          const [ps, ph] = matches(p);
          for (let id = 0; id < n; id++) {
            if (pi > 0 && s[id] === 0) continue;
            if (ps[id] === 0) s[id] = 0;
            else { s[id] += ps[id]; if (h[id] === 0) h[id] = ph[id]; }
          }
        });
        for (let id = 0; id < n; id++) s[id] = s[id] * M.split / u.parts.length;
      }
      for (const i of u.covers) for (let id = 0; id < n; id++) if (s[id] > best[i][id]) { best[i][id] = s[id]; sec[i][id] = h[id]; }
    }
    return [best, sec];
  };
  const hasWord = (t) => shardsFor(alt(t, K.word, false, 1)).some((sn) => (shards.get(sn) || []).some((e) => e.k === K.word && e.t === t));

  // The compound splitter (splitter in compound.go), over v.bin, with the
  // rules of language l from the manifest (none: l's compounds are not split).
  const splitter = (l) => {
    if (splitters.has(l)) return splitters.get(l);
    const r = man.split[l], known = (x) => words.known.has(x);
    // stemTails: a tail whose stem is known counts too (queries only, not learning)
    const each = (w, fn, stemTails) => {
      const rs = runes(w), n = rs.length;
      if (n < r.h + r.t) return;
      for (let i = n - r.t; i >= r.h; i--) {
        const tail = rs.slice(i).join('');
        if ((known(tail) || (stemTails && known(stem(l, tail)))) && fn(rs.slice(0, i).join(''), tail)) return;
      }
    };
    const learnt = new Set();
    if (r && r.learn) {
      const tails = new Map();
      for (const { t: w } of words.list) each(w, (head, tail) => {
        if (len(head) < MIN_LEARNT) return false;
        const st = stem(l, tail);
        if (!tails.has(head)) tails.set(head, st); else if (tails.get(head) !== st) learnt.add(head);
        return false;
      });
    }
    const headOf = (head, prefixOK) => {
      const cands = [head], last = runes(head).pop();
      if (len(head) > r.h) for (const c of r.links || '') if (c === last) cands.push(head.slice(0, -1));
      for (const c of cands) if (known(c)) return c;
      const h = cands[cands.length - 1];
      if (learnt.has(head)) return h;
      if (prefixOK && len(head) >= MIN_PREFIX_HEAD && prefixOK(h)) return h;
      return null;
    };
    const sp = r ? (w, prefixOK) => {
      let out = null;
      each(w, (h, t) => { const hw = headOf(h, prefixOK); if (hw !== null) out = [hw, t]; return out !== null; }, true);
      return out;
    } : () => null;
    splitters.set(l, sp);
    return sp;
  };
  // startsWord mirrors its Go namesake: h starts a longer word of ws (v.bin's by default).
  const startsWord = (h, ws = words.list) => {
    let lo = 0, hi = ws.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (ws[mid].t < h) lo = mid + 1; else hi = mid; }
    for (let i = lo; i < ws.length && ws[i].t.startsWith(h); i++) if (ws[i].t !== h) return true;
    return false;
  };
  // editDistance mirrors diag.DistanceWithin (internal/diag/suggest.go), corrections typo.go.
  const editDistance = (a, w, k, prefix) => {
    const n = a.length, m = w.length;
    if ((!prefix && (m - n > k || n - m > k)) || (prefix && m < n - k)) return k + 1;
    let prev2 = new Array(m + 1).fill(0), prev = Array.from({ length: m + 1 }, (_, j) => j), cur = new Array(m + 1).fill(0);
    for (let i = 1; i <= n; i++) {
      cur[0] = i;
      let low = cur[0];
      for (let j = 1; j <= m; j++) {
        const cost = a[i - 1] === w[j - 1] ? 0 : 1;
        let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === w[j - 2] && a[i - 2] === w[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        cur[j] = d;
        low = Math.min(low, d);
      }
      if (low > k) return k + 1;
      [prev2, prev, cur] = [prev, cur, prev2];
    }
    if (!prefix) return Math.min(prev[m], k + 1);
    let best = k + 1;
    for (let j = Math.max(0, n - k); j <= Math.min(m, n + k); j++) best = Math.min(best, prev[j]);
    return best;
  };
  // skeleton mirrors typo.go: a word as Norwegian spells loanwords.
  const skeleton = (w) => {
    const rs = runes(w), out = [];
    const push = (...cs) => { for (const c of cs) if (!out.length || out[out.length - 1] !== c) out.push(c); };
    for (let i = 0; i < rs.length; i++) {
      const c = rs[i], next = rs[i + 1];
      if (c === 'p' && next === 'h') { push('f'); i++; } else if (c === 't' && next === 'h') { push('t'); i++; } else if (c === 'c' && next === 'h') { push('k'); i++; } else if (c === 'q' && next === 'u') { push('k', 'v'); i++; } else if (c === 'c' && (next === 'e' || next === 'i' || next === 'y')) push('s');
      else if (c === 'c') push('k');
      else if (c === 'x') push('k', 's');
      else if (c === 'z') push('s');
      else if (c === 'y') push('i');
      else if (c === 'w') push('v');
      else push(c);
    }
    return out;
  };
  // pick mirrors typo.go: the closest, then most frequent, candidate; a tie keeps the word.
  const pick = (cs) => {
    if (!cs.length) return null;
    cs.sort((x, y) => x.d - y.d || y.n - x.n || (x.w < y.w ? -1 : x.w > y.w ? 1 : 0));
    if (cs.length > 1 && cs[1].d === cs[0].d) return cs[1].n === cs[0].n ? null : { w: cs[0].w, guess: true };
    return { w: cs[0].w, guess: false };
  };
  // alike mirrors typo.go: t's spelling with the language's letters, when typed without them.
  const alike = (t) => {
    if (bare(t) !== t) return null;
    const n = new Map();
    for (const w of words.list) {
      w.b ??= /[^\0-\x7f]/.test(w.t) ? bare(w.t) : w.t;
      if (w.b === w.t || stopSet.has(w.t) || !w.b.startsWith(t)) continue;
      const p = keptPrefix(w.t, t.length);
      if (p !== t && !stopSet.has(p)) n.set(p, (n.get(p) || 0) + w.df);
    }
    return pick([...n].map(([w, df]) => ({ w, d: 0, n: df })));
  };
  // keptPrefix mirrors typo.go: the start of w whose bare form is size long.
  const keptPrefix = (w, size) => {
    let folded = 0, out = '';
    for (const c of w) {
      if (folded >= size) return out;
      folded += bare(c).length;
      out += c;
    }
    return out;
  };
  // correction mirrors typo.go: {w, guess} or null.
  const correction = (t, open) => {
    const a = runes(t), k = a.length >= TWO_TYPOS ? 2 : a.length >= ONE_TYPO ? 1 : 0;
    if (!k) return null;
    const sa = skeleton(t), cs = [];
    for (const w of words.list) {
      if (w.t === t || stopSet.has(w.t)) continue;
      const wr = runes(w.t);
      let d = k + 1;
      if (open || Math.abs(wr.length - a.length) <= k) d = editDistance(a, wr, k, open);
      w.s ||= skeleton(w.t);
      if (d > k && (open || Math.abs(w.s.length - sa.length) <= k)) d = editDistance(sa, w.s, k, open);
      if (d <= k) cs.push({ w: w.t, d, n: w.df });
    }
    return pick(cs);
  };
  // splits mirrors Reader.splits.
  const splits = (toks, weak) => {
    const out = [];
    toks.forEach((t, i) => {
      if (!weak[i]) return;
      for (const l of man.langs) {
        const sp = splitter(l)(t.t, startsWord);
        if (sp) {
          const head = [alt(sp[0], K.word, false, M.exact), alt(sp[0], K.word, true, M.prefix), alt(stem(l, sp[0]), K.stem, false, M.stem)];
          out.push({ covers: [i], parts: [head, wordAlts(sp[1], true, [l])] });
          break;
        }
      }
    });
    return out;
  };
  const found = (b) => { let c = 0; for (const s of b) if (s > 0) c++; return c; };
  const anyHasAll = (best) => {
    for (let id = 0; id < best[0].length; id++) if (best.every((b) => b[id] > 0)) return true;
    return false;
  };
  // knownElsewhere mirrors Reader.knownElsewhere.
  const knownElsewhere = async (t) => {
    await loadOthers();
    return man.others.some((l) => { const v = others.get(l); return v.known.has(t) || v.known.has(stem(l, t)) || startsWord(t, v.list); });
  };
  // understand mirrors Reader.understand (precision.go): [best, sec, fixed, guess, missing].
  const understand = async (toks, us, typos) => {
    let [best, sec] = score(us, toks.length), fixed = '', guess = false;
    const weak = toks.map((t, i) => found(best[i]) < 2 && !hasWord(t.t));
    if (weak.some(Boolean)) {
      await loadWords();
      const more = splits(toks, weak);
      if (more.length) {
        us = us.concat(more);
        await loadFor(more);
        [best, sec] = score(us, toks.length);
      }
      const fix = toks.map(() => ''), typoUnits = [];
      for (let i = 0; i < toks.length; i++) {
        if (found(best[i]) > 0 || !typos) continue;
        const a = alike(toks[i].t);
        if (a) { fix[i] = a.w; guess ||= a.guess; typoUnits.push({ covers: [i], alts: [alt(a.w, K.word, false, M.typo), alt(a.w, K.word, true, M.typo * M.prefix)] }); continue; }
        const c = !(await knownElsewhere(toks[i].t)) && correction(toks[i].t, toks[i].open);
        if (c) { fix[i] = c.w; guess ||= c.guess; typoUnits.push({ covers: [i], alts: [alt(c.w, K.word, false, M.typo)] }); }
      }
      if (typoUnits.length) {
        await loadFor(typoUnits);
        const [b2, s2] = score(us.concat(typoUnits), toks.length);
        if (anyHasAll(b2)) { fixed = toks.map((t, i) => fix[i] || t.t).join(' '); best = b2; sec = s2; }
        else guess = false;
      }
    }
    const missing = toks.filter((_, i) => found(best[i]) === 0).map((t) => t.t);
    return [best, sec, fixed, fixed ? guess : false, missing];
  };
  const heading = (best, sec, id) => {
    const count = new Map();
    let top = 0, most = 0;
    for (let i = 0; i < best.length; i++) {
      if (!(best[i][id] > 0 && sec[i][id] > 0)) continue;
      const h = sec[i][id], c = (count.get(h) || 0) + 1;
      count.set(h, c);
      if (c > most || (c === most && h < top)) { top = h; most = c; }
    }
    return top;
  };

  // search mirrors Reader.search: returns {ids, partial, counts, heads, fixed, guess, missing} for the query and filters.
  const search = async (toks, sel, typos) => {
    const n = man.docs, hitc = new Uint8Array(n), total = new Float64Array(n), target = new Int32Array(n);
    const us = units(toks), need = Math.max(toks.length, 1); // every meaningful word must match
    const [fac] = await Promise.all([loadFacets(), loadFor(us)]);
    let fixed = '', guess = false, missing = [];
    if (!toks.length) hitc.fill(1);
    else {
      let best, sec;
      [best, sec, fixed, guess, missing] = await understand(toks, us, typos);
      best.forEach((b) => b.forEach((s, id) => { if (s > 0) { hitc[id]++; total[id] += s; } }));
      for (let id = 0; id < n; id++) if (hitc[id]) target[id] = heading(best, sec, id);
    }
    for (let id = 0; id < n; id++) total[id] *= weightOf[id];
    // miss[id] counts the selected facets that reject doc id, so "passes all
    // facets but fi" is a constant-time test in the count loops below.
    const miss = new Uint8Array(n);
    const pass = man.facets.map((f, fi) => {
      const chosen = sel[f.name];
      if (!chosen || !chosen.size) return null;
      const m = new Uint8Array(n);
      f.values.forEach((v, vi) => { if (chosen.has(v)) for (const id of fac[fi][vi]) m[id] = 1; });
      for (let id = 0; id < n; id++) miss[id] += 1 - m[id];
      return m;
    });
    const ok = (id, fi) => !miss[id] || (miss[id] === 1 && pass[fi] !== null && !pass[fi][id]);
    const ids = [], partial = [];
    for (let id = 0; id < n; id++) if (hitc[id] === need && !miss[id]) ids.push(id);
    // No page has every word: the pages with all the words that match something.
    if (!ids.length && missing.length && missing.length < toks.length) {
      for (let id = 0; id < n; id++) if (hitc[id] === toks.length - missing.length && !miss[id]) partial.push(id);
    }
    const rank = (a, b) => (langOf[a] === '') !== (langOf[b] === '') ? (langOf[a] === '' ? -1 : 1) : total[b] - total[a] || a - b;
    ids.sort(rank); partial.sort(rank);
    const counts = man.facets.map((f, fi) => fac[fi].map((a) => {
      let c = 0;
      for (const id of a) if (hitc[id] === need && ok(id, fi)) c++;
      return c;
    }));
    return { ids, partial, counts, heads: ids.map((id) => target[id]), pheads: partial.map((id) => target[id]), fixed, guess, missing };
  };

  // el builds an element with text only: index strings never reach innerHTML.
  const el = (tag, props, ...kids) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...kids);
    return e;
  };
  // matcher returns whether a folded word of a result is one the query
  // found: a word typed (or its start), a correction, or the same stem.
  const matcher = (toks, fixed) => {
    const ts = toks.concat(fixed ? fixed.split(' ').map((t) => ({ t, prefix: len(t) >= 2 })) : []);
    const stems = new Set(man.langs.flatMap((l) => ts.map((t) => l + ':' + stem(l, t.t))));
    return (w) => ts.some((t) => (t.prefix ? w.startsWith(t.t) : w === t.t)) || man.langs.some((l) => stems.has(l + ':' + stem(l, w)));
  };
  // highlight wraps words that the query found in <mark>.
  const highlight = (text) => {
    const out = [];
    let last = 0;
    for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
      const ws = fold(m[0]).match(WORD) || [];
      if (!ws.some(marks)) continue;
      out.push(text.slice(last, m.index), el('mark', {}, m[0]));
      last = m.index + m[0].length;
    }
    out.push(text.slice(last));
    return out;
  };

  let more = null;
  // Each search aborts the record downloads of the one before, so a fast
  // typist's last list is not queued behind lists already replaced. A chunk
  // shared with an aborted search is fetched again (retry below).
  let ctl = new AbortController();
  const records = (ids) => {
    const sig = ctl.signal;
    return Promise.all(ids.map((id) => record(id, sig).catch((e) => {
      if (e.name === 'AbortError' && !sig.aborted) return record(id, sig);
      throw e;
    })));
  };
  // item is one result: the record of doc id, linking to heading h (0: the page).
  const item = ([url, title, summary, sec, hs], id, hd) => {
    const h = hd > 0 && Array.isArray(hs) ? hs[hd - 1] : null;
    if (!/^(\/|https?:)/.test(url)) return ''; // only site paths and web links
    const label = ((man.facets[0] || {}).labels || [])[sec] || '';
    const other = langOf[id], name = other && root.dataset['lang' + other.charAt(0).toUpperCase() + other.slice(1)];
    const a = el('a', { href: String(url) + (h ? '#' + encodeURIComponent(String(h[0])) : '') }, ...highlight(String(title)));
    if (other) a.lang = other;
    return el('li', {}, a,
      label ? el('span', { className: 'search-section' }, ' ' + label) : '',
      other ? el('span', { className: 'search-lang', lang: other }, ' ' + (name || other)) : '',
      h ? el('p', { className: 'search-in' }, ...fill(T.in, highlight(String(h[1])))) : '',
      summary ? el('p', other ? { lang: other } : {}, ...highlight(String(summary))) : '');
  };
  const render = (recs) => {
    recs.forEach((rec, k) => list.append(item(rec, hits[shown + k], heads[shown + k])));
    shown += recs.length;
    if (more) more.hidden = shown >= hits.length;
  };
  const showMore = async () => render(await records(hits.slice(shown, shown + PAGE)));

  // Filters are built once and then only relabelled, so focus and checked
  // state survive every keystroke. Hidden facets (language, weight) are not filters.
  const sel = {};
  let boxes = null;
  // On a phone the filters fold behind a button that says how many are
  // chosen, so the first result is on the first screen (site.css shows
  // both, and hides the button, on wider screens).
  const toggle = filtersEl && el('button', { type: 'button', className: 'search-filter-toggle', hidden: true, onclick: () => {
    const open = filtersEl.classList.toggle('folded') === false;
    toggle.setAttribute('aria-expanded', String(open));
  } });
  if (toggle) {
    filtersEl.classList.add('folded');
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', filtersEl.id);
    filtersEl.before(toggle);
  }
  const labelToggle = () => {
    const n = Object.values(sel).reduce((c, v) => c + v.size, 0);
    toggle.textContent = (filtersEl.dataset.label || 'Filters') + (n ? ' (' + n + ')' : '');
  };
  const buildFilters = () => {
    if (!filtersEl || boxes) return;
    boxes = man.facets.map((f) => {
      if (f.hidden) return null;
      const fs = el('fieldset', { hidden: true }, el('legend', {}, filtersEl.dataset['label' + f.name.replace(/(^|-)(\w)/g, (_, _d, c) => c.toUpperCase())] || f.name));
      filtersEl.append(fs);
      const vals = f.values.map((v, vi) => {
        const box = el('input', { type: 'checkbox', value: v, onchange: () => {
          (sel[f.name] ||= new Set())[box.checked ? 'add' : 'delete'](v);
          labelToggle();
          run();
        } });
        const text = el('span');
        const label = el('label', {}, box, text);
        label.dataset.value = (f.labels && f.labels[vi]) || v;
        fs.append(label);
        return { box, text, label };
      });
      return { fs, vals };
    });
  };
  const updateFilters = (counts) => {
    if (!boxes) return;
    let shownAny = false;
    boxes.forEach((b, fi) => {
      if (!b) return;
      let any = false;
      b.vals.forEach(({ box, text, label }, vi) => {
        const c = counts ? counts[fi][vi] : 0;
        label.hidden = !c && !box.checked;
        any ||= !label.hidden;
        text.textContent = label.dataset.value + ' (' + c + ')';
      });
      b.fs.hidden = !any;
      shownAny ||= any;
    });
    toggle.hidden = !shownAny;
    labelToggle();
  };

  // "Showing results for …", with a link to search for exactly what was typed.
  const fix = el('p', { className: 'search-fix', hidden: true });
  status.after(fix);
  // A guess (another word was as close) asks "Did you mean …?" instead.
  const showFix = (fixed, typed, guess) => {
    fix.textContent = '';
    fix.hidden = !fixed;
    if (!fixed) return;
    const u = new URL(location.href);
    u.searchParams.set('q', typed); u.searchParams.set('exact', '1');
    const link = el('a', { href: u.pathname + u.search, onclick: (e) => {
      e.preventDefault(); exact = true; input.value = typed; run(true);
    } }, txt('instead', typed));
    fix.append(...fill(guess ? T.guess : T.fixed, el('strong', {}, fixed), link));
  };

  // When no page has every word: the pages with the others, under a
  // heading naming what they lack, and the way on (#search-none: the
  // contact form, given the query, and the pathways).
  const PARTIAL = 5;
  const partialList = el('ol', { className: 'search-results' });
  const partialHead = el('h2', { id: 'search-partial-title' });
  const partialEl = el('section', { className: 'search-partial', hidden: true }, partialHead, partialList);
  partialEl.setAttribute('aria-labelledby', partialHead.id);
  list.after(partialEl);
  const none = $('search-none'), ask = $('search-ask');
  const askURL = ask ? ask.getAttribute('href') : '';
  const showNone = (q, missing, recs, ids, hs) => {
    partialList.textContent = '';
    partialEl.hidden = !recs.length;
    if (recs.length) {
      partialHead.textContent = txt('without', anyOf(missing));
      recs.forEach((rec, k) => partialList.append(item(rec, ids[k], hs[k])));
    }
    if (!none) return;
    none.hidden = !q;
    if (ask) ask.href = askURL + (q ? (askURL.includes('?') ? '&' : '?') + 'q=' + encodeURIComponent(q) : '');
  };

  // The searches that found nothing: once the visitor has stopped typing
  // on "no results", the normalised query, the language and the day go to
  // the miss endpoint, once per query and page. No cookie is sent or set,
  // and nothing is sent when the browser asks not to be tracked.
  const missURL = root.dataset.miss || '';
  const private_ = navigator.globalPrivacyControl === true || navigator.doNotTrack === '1' || window.doNotTrack === '1';
  const reported = new Set();
  let missTimer = 0, missing = '';
  const sendMiss = () => {
    clearTimeout(missTimer);
    const q = missing;
    missing = '';
    if (!q || reported.has(q) || reported.size >= 20) return;
    reported.add(q);
    const d = new Date(), day = d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
    fetch(missURL, { method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'omit', keepalive: true,
      referrerPolicy: 'no-referrer', body: JSON.stringify({ q, lang: man.lang, day }) }).catch(() => {});
  };
  const noteMiss = (toks) => {
    clearTimeout(missTimer);
    missing = '';
    if (!missURL || private_ || !toks.length) return;
    missing = toks.map((t) => t.t).join(' ');
    missTimer = setTimeout(sendMiss, 2000);
  };
  addEventListener('pagehide', sendMiss);

  const clear = () => { list.textContent = ''; hits = []; heads = []; shown = 0; if (more) more.hidden = true; showNone('', [], [], [], []); };
  const say = (s) => { if (status.textContent !== s) status.textContent = s; };
  // run searches for the box's text. final (Enter, ?q=) means the visitor is
  // done typing, so a short last word counts; it stays final until edited.
  let done = null, exact = new URLSearchParams(location.search).get('exact') === '1';
  const run = async (final) => {
    if (final === true) done = input.value;
    const typed = done === input.value ? input.value + ' ' : input.value;
    const my = ++seq, full = input.value.trim(), cut = runes(full);
    const q = cut.length > 60 ? cut.slice(0, 60).join('') + '…' : full; // as shown in messages
    ctl.abort();
    ctl = new AbortController();
    noteMiss([]);
    try {
      if (typeof DecompressionStream === 'undefined') throw new Error('no DecompressionStream');
      await loadManifest();
      const toks = parse(typed), anySel = Object.values(sel).some((s) => s.size);
      if (!toks.length && !anySel) {
        if (full && parse(full + ' ').length) return; // a word just begun: keep the list until it grows
        clear(); updateFilters(null); showFix('', '');
        // Only stop words ("the", "og"): nothing to search, but the way on
        // (a person, the pathways) is offered as for any search that found nothing.
        showNone(full, [], [], [], []);
        say(q ? txt('noneStop', q) : '');
        return;
      }
      buildFilters();
      const r = await search(toks, sel, !exact);
      if (my !== seq) return;
      // Fetch the first page before clearing, so the old list stays until
      // the new one can replace it in one go.
      const [recs, precs] = await Promise.all([records(r.ids.slice(0, PAGE)), records(r.partial.slice(0, PARTIAL))]);
      if (my !== seq) return;
      clear(); hits = r.ids; heads = r.heads; marks = matcher(toks, r.fixed);
      updateFilters(r.counts);
      render(recs);
      showFix(r.fixed, full, r.guess);
      if (toks.length && !hits.length) showNone(full, r.missing, precs, r.partial, r.pheads);
      const nothing = toks.length < 2 ? txt('none', q) : r.missing.length ? txt('noneLacks', q, anyOf(r.missing)) : txt('noneNotAll', q);
      say(!toks.length ? count('filtered', hits.length) : hits.length ? count('results', hits.length, r.fixed || q) : nothing);
      if (toks.length && !hits.length) noteMiss(toks);
      const u = new URL(location.href);
      if (full) u.searchParams.set('q', full); else u.searchParams.delete('q');
      if (exact) u.searchParams.set('exact', '1'); else u.searchParams.delete('exact');
      history.replaceState(null, '', u);
    } catch (e) {
      if (my !== seq) return;
      clear(); showFix('', '');
      say(txt('err'));
      console.warn('search:', e); // one warning per failed search, never a loop
    }
  };

  let timer = 0;
  input.addEventListener('input', () => { exact = false; clearTimeout(timer); timer = setTimeout(run, 80); });
  input.form && input.form.addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(timer); run(true); });
  // Keyboard: ArrowDown from the box enters the results, arrows move between
  // them, Escape (or ArrowUp from the first) returns to the box; Enter follows
  // the focused link as links do.
  const links = () => Array.from(list.querySelectorAll('a'));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && links().length) { e.preventDefault(); links()[0].focus(); }
  });
  list.addEventListener('keydown', (e) => {
    const ls = links(), i = ls.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === 'ArrowDown' && i + 1 < ls.length) ls[i + 1].focus();
    else if (e.key === 'ArrowUp' && i > 0) ls[i - 1].focus();
    else if (e.key === 'ArrowUp' || e.key === 'Escape') input.focus();
    else return;
    e.preventDefault();
  });
  more = el('button', { type: 'button', hidden: true, className: 'search-more', onclick: () => showMore().catch(() => say(txt('err'))) }, txt('more'));
  list.after(more);

  root.classList.add('search-js');
  const q0 = new URLSearchParams(location.search).get('q');
  if (q0) { input.value = q0; run(true); }
  // Fetch the manifest and facets now: every query needs both, and the visitor
  // is still reading the page. Errors surface on the first search.
  else loadManifest().then(loadFacets).catch(() => {});
})();
