/*
 * Waarborg's cookie notice for a provider's own website. Put on every page:
 *   <link rel="stylesheet" href="https://WAARBORG/consent/banner.css">
 *   <script src="https://WAARBORG/consent/banner.js" defer></script>
 * and mark every script that sets a non-essential cookie so the browser does not run it until the visitor allows it:
 *   <script type="text/plain" data-waarborg-category="marketing" data-waarborg-cookies="_ads,_ads_id" src="..."></script>
 * The wording comes from Waarborg's register; each choice is recorded in its consent ledger under a random visitor id.
 * Global Privacy Control (navigator.globalPrivacyControl, Sec-GPC) keeps marketing off.
 */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || window.WaarborgConsent) {
    return;
  }
  var base = me.src.replace(/\/consent\/banner\.js(\?.*)?$/, '');
  var lang = (me.getAttribute('data-lang') || document.documentElement.lang || 'nl').slice(0, 2) === 'en' ? 'en' : 'nl';
  var STORE = 'waarborg_consent';
  var DAY = 24 * 60 * 60;
  var config = null;
  var stored = read();
  var gpc = navigator.globalPrivacyControl === true;

  function read() {
    var m = document.cookie.match(/(?:^|;\s*)waarborg_consent=([^;]*)/);
    if (!m) {
      return null;
    }
    try {
      var v = JSON.parse(decodeURIComponent(m[1]));
      return v && typeof v.id === 'string' && typeof v.c === 'object' ? v : null;
    } catch (e) {
      return null;
    }
  }

  // Remembering the choice is necessary for the site to respect it: this cookie needs no consent (half a year).
  function write(choice) {
    document.cookie = STORE + '=' + encodeURIComponent(JSON.stringify(choice)) + '; path=/; max-age=' + (182 * DAY) +
      '; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
  }

  function visitorId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var s = '';
    for (var i = 0; i < bytes.length; i++) {
      s += String.fromCharCode(bytes[i]);
    }
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function blocked(kind) {
    return document.querySelectorAll('script[type="text/plain"][data-waarborg-category="' + kind + '"]');
  }

  /** Runs the scripts of an allowed kind: a copy with a runnable type replaces the marked one. */
  function activate(kind) {
    blocked(kind).forEach(function (old) {
      var s = document.createElement('script');
      for (var i = 0; i < old.attributes.length; i++) {
        var a = old.attributes[i];
        if (a.name !== 'type') {
          s.setAttribute(a.name, a.value);
        }
      }
      s.setAttribute('data-waarborg-active', '');
      s.text = old.text;
      old.parentNode.replaceChild(s, old);
    });
  }

  /** Removes the cookies the marked scripts of a kind set, on this host and the domains above it. */
  function removeCookies(kind) {
    var names = [];
    document.querySelectorAll('script[data-waarborg-category="' + kind + '"]').forEach(function (s) {
      (s.getAttribute('data-waarborg-cookies') || '').split(',').forEach(function (n) {
        if (n.trim()) {
          names.push(n.trim());
        }
      });
    });
    var parts = location.hostname.split('.');
    var domains = [''];
    for (var i = 0; i < parts.length - 1; i++) {
      domains.push('; domain=.' + parts.slice(i).join('.'));
    }
    names.forEach(function (name) {
      domains.forEach(function (d) {
        document.cookie = name + '=; path=/; max-age=0' + d;
      });
    });
  }

  function asked() {
    return config.groups.filter(function (g) { return g.asked; });
  }

  function locked(kind) {
    return kind === 'marketing' && (gpc || config.gpc);
  }

  function apply(choices) {
    Object.keys(choices).forEach(function (kind) {
      if (choices[kind]) {
        activate(kind);
      }
    });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) {
      e.textContent = text;
    }
    return e;
  }

  function t(key) {
    return config.texts[key];
  }

  function none() {
    var c = {};
    asked().forEach(function (g) { c[g.kind] = false; });
    return c;
  }

  /**
   * Sends the choice and, once Waarborg has recorded it, keeps and applies what is allowed. Until then nothing is
   * allowed: a consent that cannot be proven is not relied on. A refusal holds at once; an unrecorded choice is kept
   * as pending and sent again on the next page.
   */
  function choose(choices) {
    var id = stored ? stored.id : visitorId();
    var before = stored ? stored.c : {};
    var body = JSON.stringify({ visitorId: id, version: config.version, choices: choices });
    var done = function (allowed, pending) {
      stored = { v: config.version, id: id, c: allowed };
      if (pending) {
        stored.p = choices;
      }
      write(stored);
      close();
      var withdrawn = Object.keys(before).filter(function (k) { return before[k] && !allowed[k]; });
      if (withdrawn.length) {
        withdrawn.forEach(removeCookies);
        // A script that ran keeps running until the page is left: a fresh page runs only what is allowed now.
        location.reload();
        return;
      }
      apply(allowed);
    };
    // text/plain: a simple request, so the browser sends it without a preflight.
    return fetch(base + '/consent/banner/choices?lang=' + lang, {
      method: 'POST', body: body, headers: { 'Content-Type': 'text/plain' }, credentials: 'omit', keepalive: true
    }).then(function (r) {
      if (r.status === 409) {
        // The wording changed while the notice was open: the same visitor is asked again with the new text.
        stored = { v: '', id: id, c: before };
        return load().then(function () { show(); });
      }
      if (!r.ok) {
        throw new Error('HTTP ' + r.status);
      }
      return r.json().then(function (o) { done(o.allowed, false); });
    }).catch(function () {
      done(none(), true);
    });
  }

  function close() {
    var b = document.getElementById('waarborg-consent');
    if (b) {
      b.parentNode.removeChild(b);
    }
    if (!document.getElementById('waarborg-consent-open')) {
      var open = el('button', { id: 'waarborg-consent-open', type: 'button', 'class': 'wb-consent-open', lang: config.language }, t('change'));
      open.addEventListener('click', function () { show(); });
      document.body.appendChild(open);
    }
  }

  function show() {
    var old = document.getElementById('waarborg-consent');
    if (old) {
      old.parentNode.removeChild(old);
    }
    var box = el('section', { id: 'waarborg-consent', 'class': 'wb-consent', 'aria-labelledby': 'wb-consent-title', lang: config.language });
    box.appendChild(el('h2', { id: 'wb-consent-title' }, t('title')));
    box.appendChild(el('p', {}, t('intro')));
    if (gpc || config.gpc) {
      box.appendChild(el('p', { 'class': 'wb-gpc', id: 'wb-consent-gpc' }, t('gpc')));
    }
    // Every kind with its rows and purposes is on the first view: what is recorded as shown was shown.
    var choices = el('div', { id: 'wb-consent-choices', 'class': 'wb-choices' });
    config.groups.forEach(function (g) {
      var group = el('div', { 'class': 'wb-group' });
      var id = 'wb-kind-' + g.kind;
      var box2 = el('input', { type: 'checkbox', id: id, name: g.kind });
      if (!g.asked) {
        box2.checked = true;
        box2.disabled = true;
      } else if (locked(g.kind)) {
        box2.disabled = true;
        box2.setAttribute('aria-describedby', 'wb-consent-gpc');
      } else {
        box2.checked = !!(stored && stored.v === config.version && stored.c[g.kind]);
      }
      group.appendChild(box2);
      group.appendChild(el('label', { 'for': id }, g.label + (g.asked ? '' : ' (' + t('alwaysOn') + ')')));
      var list = el('ul');
      g.rows.forEach(function (r) {
        list.appendChild(el('li', {}, r.description + ' ' + r.purposes.join('; ') + ' (' + r.legalBasis + ')'));
      });
      group.appendChild(list);
      choices.appendChild(group);
    });
    box.appendChild(choices);
    var buttons = el('div', { 'class': 'wb-buttons' });
    var reject = el('button', { type: 'button', 'class': 'wb-button', 'data-wb': 'reject' }, t('reject'));
    var accept = el('button', { type: 'button', 'class': 'wb-button', 'data-wb': 'accept' }, t('accept'));
    var save = el('button', { type: 'button', 'class': 'wb-button', 'data-wb': 'save' }, t('save'));
    reject.addEventListener('click', function () { choose(none()); });
    accept.addEventListener('click', function () {
      var c = {};
      asked().forEach(function (g) { c[g.kind] = !locked(g.kind); });
      choose(c);
    });
    save.addEventListener('click', function () {
      var c = {};
      asked().forEach(function (g) { c[g.kind] = document.getElementById('wb-kind-' + g.kind).checked && !locked(g.kind); });
      choose(c);
    });
    buttons.appendChild(reject);
    buttons.appendChild(accept);
    buttons.appendChild(save);
    box.appendChild(buttons);
    var more = el('p', { 'class': 'wb-more' });
    more.appendChild(el('a', { href: base + config.statementPath }, t('statement')));
    box.appendChild(more);
    // First in the page: a keyboard user reaches it before anything else, without it blocking the page.
    document.body.insertBefore(box, document.body.firstChild);
  }

  function load() {
    return fetch(base + '/consent/banner.json?lang=' + lang, { credentials: 'omit' })
      .then(function (r) { return r.json(); })
      .then(function (c) { config = c; });
  }

  function start() {
    load().then(function () {
      if (asked().length === 0) {
        return;
      }
      if (!stored || stored.v !== config.version) {
        show();
        return;
      }
      if (stored.p) {
        // A choice the server did not take last time: sent again, allowing nothing until it is recorded.
        choose(stored.p);
        return;
      }
      if (locked('marketing') && stored.c.marketing) {
        // Global Privacy Control switched on after marketing was allowed: that consent is withdrawn now.
        var c = {};
        asked().forEach(function (g) { c[g.kind] = !!stored.c[g.kind] && !locked(g.kind); });
        choose(c);
        return;
      }
      apply(stored.c);
      close();
    });
  }

  window.WaarborgConsent = {
    open: function () { if (config) { show(); } },
    allowed: function (kind) { return !!(stored && config && stored.v === config.version && stored.c[kind] && !locked(kind)); }
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
