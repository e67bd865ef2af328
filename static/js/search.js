/* search.js: the portal's static search, no dependencies.
 *
 * DOM contract (layouts/partials/search-page.html writes it; docs/search.md):
 *   <html lang="en|nb">
 *   <div id="search" data-search-root="/search/en/">   index directory
 *     <form role="search" action="/search/" method="get">
 *       <label for="q">…</label><input id="q" name="q" type="search"></form>
 *     <div id="search-filters" data-label-section="Section" data-label-sectors="Sectors" …></div>
 *     <p id="search-status" aria-live="polite"></p>
 *     <ol id="search-results"></ol>
 *     <noscript>…</noscript>
 *   </div>
 * The index format is written by internal/search (Go); Reader there mirrors
 * this file step for step (parseQuery, shardsFor, Search). Change both.
 */
(() => {
  const root = document.querySelector('[data-search-root]');
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const input = $('q'), status = $('search-status'), list = $('search-results'), filtersEl = $('search-filters');
  if (!input || !status || !list) return;
  const base = root.dataset.searchRoot || '/search/' + document.documentElement.lang + '/';
  const nb = /^(nb|no|nn)/.test(document.documentElement.lang);
  const T = nb ? {
    n: (n, q) => n + ' treff for «' + q + '»', none: (q) => 'Ingen treff for «' + q + '»',
    stop: ' Prøv mer spesifikke ord.', filt: (n) => n + ' sider passer filtrene',
    err: 'Søket er ikke tilgjengelig akkurat nå. Prøv igjen senere, eller bla i seksjonene.',
    more: 'Vis flere treff'
  } : {
    n: (n, q) => n + (n === 1 ? ' result' : ' results') + ' for “' + q + '”', none: (q) => 'No results for “' + q + '”',
    stop: ' Try more specific words.', filt: (n) => n + (n === 1 ? ' page matches' : ' pages match') + ' the filters',
    err: 'Search is not available right now. Please try again later, or browse the sections.',
    more: 'Show more results'
  };
  const PAGE = 10, MAXQ = 200, MAXTOK = 8, MAXPREFIX = 4;
  // FOLD mirrors `special` in internal/search/normalize.go.
  const FOLD = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ς: 'σ', ħ: 'h', ŧ: 't' };
  const fold = (s) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[æøœßđðłþıςħŧ]/g, (c) => FOLD[c]);
  const WORD = /[\p{L}\p{N}]+/gu;
  const enc = new TextEncoder();

  let man = null, facets = null, seq = 0, shown = 0, hits = [], qtoks = [];
  const cache = new Map(); // 'm', 't<n>', 'r<n>' -> promise

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
  const reader = (b) => {
    let i = 0;
    const next = () => {
      let v = 0, m = 1, c;
      do {
        if (i >= b.length) throw new Error('corrupt');
        c = b[i++]; v += (c & 127) * m; m *= 128;
      } while (c > 127);
      return v;
    };
    return { next, skip: (n) => { i += n; return i - n; }, more: () => i < b.length };
  };

  const loadManifest = () => cached('m', async () => {
    const m = await get('manifest.json');
    if (m.v !== 1 || ![m.shards, m.facets, m.stop].every(Array.isArray) || !(m.chunk > 0)) throw new Error('manifest');
    man = m;
    return m;
  });
  // Shard: [{t: term bytes, s, e: postings range}], see encodeShards in write.go.
  const loadShard = (n) => cached('t' + n, async () => {
    const b = await get('t/' + n + '.bin'), r = reader(b), out = [];
    let prev = new Uint8Array(0);
    while (r.more()) {
      const shared = r.next(), len = r.next(), at = r.skip(len);
      if (shared > prev.length || at + len > b.length) throw new Error('corrupt');
      const t = new Uint8Array(shared + len);
      t.set(prev.subarray(0, shared)); t.set(b.subarray(at, at + len), shared);
      const pl = r.next(), s = r.skip(pl);
      if (s + pl > b.length) throw new Error('corrupt');
      out.push({ t, s, e: s + pl, b });
      prev = t;
    }
    return out;
  });
  const loadFacets = () => facets || (facets = (async () => {
    const r = reader(await get('f.bin'));
    return man.facets.map((f) => f.values.map(() => {
      const a = new Int32Array(r.next());
      for (let i = 0, id = 0; i < a.length; i++) { id += r.next(); if (id >= man.docs) throw new Error('corrupt'); a[i] = id; }
      return a;
    }));
  })().catch((e) => { facets = null; throw e; }));
  const record = async (id, signal) => {
    const c = Math.floor(id / man.chunk);
    const recs = await cached('r' + c, async () => JSON.parse(new TextDecoder().decode(await get('r/' + c + '.bin', signal))));
    const r = recs[id % man.chunk];
    if (!Array.isArray(r)) throw new Error('corrupt');
    return r;
  };

  // parse mirrors parseQuery in reader.go.
  const parse = (q) => {
    q = Array.from(q).slice(0, MAXQ).join('');
    const toks = (fold(q).match(WORD) || []).map((t) => Array.from(t).slice(0, man.max).join(''));
    let open = /[\p{L}\p{N}]$/u.test(q);
    if (open && toks.length && Array.from(toks[toks.length - 1]).length < 3) { toks.pop(); open = false; }
    const out = [], seen = new Set();
    toks.forEach((t, i) => {
      if (out.length >= MAXTOK || seen.has(t) || (man.stop.includes(t) && !(open && i === toks.length - 1))) return;
      seen.add(t);
      out.push({ t, b: enc.encode(t), prefix: Array.from(t).length >= 2 });
    });
    return out;
  };
  const shardsFor = (tok) => {
    const k = man.shards;
    let lo = 0;
    k.forEach((s, i) => { if (s <= tok.t) lo = i; });
    const out = k.length ? [lo] : [];
    for (let i = lo + 1; tok.prefix && i < k.length && k[i].startsWith(tok.t) && out.length < MAXPREFIX; i++) out.push(i);
    return out;
  };
  const bpre = (t, p) => {
    if (t.length < p.length) return false;
    for (let i = 0; i < p.length; i++) if (t[i] !== p[i]) return false;
    return true;
  };
  const fieldScore = (w) => 1 + (w & 1) + (w & 2 ? 3 : 0) + (w & 4 ? 6 : 0);

  // search mirrors Reader.Search: returns {ids, counts} for the query and filters.
  const search = async (toks, sel) => {
    const n = man.docs, hitc = new Uint8Array(n), score = new Float64Array(n);
    const [fac, ...lists] = await Promise.all([loadFacets(), ...toks.map((t) => Promise.all(shardsFor(t).map(loadShard)))]);
    if (!toks.length) hitc.fill(1);
    toks.forEach((tok, ti) => {
      const best = new Float64Array(n);
      for (const terms of lists[ti]) for (const e of terms) {
        const exact = e.t.length === tok.b.length && bpre(e.t, tok.b);
        if (!exact && !(tok.prefix && bpre(e.t, tok.b))) continue;
        const r = reader(e.b.subarray(e.s, e.e)), ps = [];
        while (r.more()) ps.push(r.next());
        const idf = Math.log(1 + n / ps.length), mul = exact ? 1 : 0.5;
        let id = 0;
        for (const p of ps) {
          id += Math.floor(p / 8);
          if (id >= n) throw new Error('corrupt');
          const s = fieldScore(p & 7) * idf * mul;
          if (s > best[id]) best[id] = s;
        }
      }
      best.forEach((s, id) => { if (s > 0) { hitc[id]++; score[id] += s; } });
    });
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
    const ids = [];
    for (let id = 0; id < n; id++) if (hitc[id] && !miss[id]) ids.push(id);
    ids.sort((a, b) => hitc[b] - hitc[a] || score[b] - score[a] || a - b);
    const counts = man.facets.map((f, fi) => fac[fi].map((a) => {
      let c = 0;
      for (const id of a) if (hitc[id] && ok(id, fi)) c++;
      return c;
    }));
    return { ids, counts };
  };

  // el builds an element with text only: index strings never reach innerHTML.
  const el = (tag, props, ...kids) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...kids);
    return e;
  };
  // highlight wraps words that match a query token in <mark>.
  const highlight = (text) => {
    const out = [];
    let last = 0;
    for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
      const ws = fold(m[0]).match(WORD) || [];
      if (!ws.some((w) => qtoks.some((t) => (t.prefix ? w.startsWith(t.t) : w === t.t)))) continue;
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
  const render = (recs) => {
    for (const [url, title, summary, sec] of recs) {
      if (!/^(\/|https?:)/.test(url)) continue; // only site paths and web links
      const label = ((man.facets[0] || {}).labels || [])[sec] || '';
      list.append(el('li', {}, el('a', { href: String(url) }, ...highlight(String(title))),
        label ? el('span', { className: 'search-section' }, ' ' + label) : '',
        summary ? el('p', {}, ...highlight(String(summary))) : ''));
    }
    shown += recs.length;
    if (more) more.hidden = shown >= hits.length;
  };
  const showMore = async () => render(await records(hits.slice(shown, shown + PAGE)));

  // Filters are built once and then only relabelled, so focus and checked
  // state survive every keystroke.
  const sel = {};
  let boxes = null;
  const buildFilters = () => {
    if (!filtersEl || boxes) return;
    boxes = man.facets.map((f) => {
      const fs = el('fieldset', { hidden: true }, el('legend', {}, filtersEl.dataset['label' + f.name.replace(/(^|-)(\w)/g, (_, _d, c) => c.toUpperCase())] || f.name));
      filtersEl.append(fs);
      const vals = f.values.map((v, vi) => {
        const box = el('input', { type: 'checkbox', value: v, onchange: () => {
          (sel[f.name] ||= new Set())[box.checked ? 'add' : 'delete'](v);
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
    boxes.forEach(({ fs, vals }, fi) => {
      let any = false;
      vals.forEach(({ box, text, label }, vi) => {
        const c = counts ? counts[fi][vi] : 0;
        label.hidden = !c && !box.checked;
        any ||= !label.hidden;
        text.textContent = label.dataset.value + ' (' + c + ')';
      });
      fs.hidden = !any;
    });
  };

  const clear = () => { list.textContent = ''; hits = []; shown = 0; if (more) more.hidden = true; };
  const say = (s) => { if (status.textContent !== s) status.textContent = s; };
  // run searches for the box's text. final (Enter, ?q=) means the visitor is
  // done typing, so a short last word counts; it stays final until edited.
  let done = null;
  const run = async (final) => {
    if (final === true) done = input.value;
    const typed = done === input.value ? input.value + ' ' : input.value;
    const my = ++seq, full = input.value.trim(), cut = Array.from(full);
    const q = cut.length > 60 ? cut.slice(0, 60).join('') + '…' : full; // as shown in messages
    ctl.abort();
    ctl = new AbortController();
    try {
      if (typeof DecompressionStream === 'undefined') throw new Error('no DecompressionStream');
      await loadManifest();
      const toks = parse(typed), anySel = Object.values(sel).some((s) => s.size);
      if (!toks.length && !anySel) {
        if (full && parse(full + ' ').length) return; // a word just begun: keep the list until it grows
        clear(); updateFilters(null);
        say(q ? T.none(q) + T.stop : '');
        return;
      }
      buildFilters();
      const r = await search(toks, sel);
      if (my !== seq) return;
      // Fetch the first page before clearing, so the old list stays until
      // the new one can replace it in one go.
      const recs = await records(r.ids.slice(0, PAGE));
      if (my !== seq) return;
      clear(); qtoks = toks; hits = r.ids;
      updateFilters(r.counts);
      render(recs);
      say(!toks.length ? T.filt(hits.length) : hits.length ? T.n(hits.length, q) : T.none(q));
      const u = new URL(location.href);
      if (full) u.searchParams.set('q', full); else u.searchParams.delete('q');
      history.replaceState(null, '', u);
    } catch (e) {
      if (my !== seq) return;
      clear();
      say(T.err);
      console.warn('search:', e); // one warning per failed search, never a loop
    }
  };

  let timer = 0;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 80); });
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
  more = el('button', { type: 'button', hidden: true, className: 'search-more', onclick: () => showMore().catch(() => say(T.err)) }, T.more);
  list.after(more);

  root.classList.add('search-js');
  const q0 = new URLSearchParams(location.search).get('q');
  if (q0) { input.value = q0; run(true); }
  // Fetch the manifest and facets now: every query needs both, and the visitor
  // is still reading the page. Errors surface on the first search.
  else loadManifest().then(loadFacets).catch(() => {});
})();
