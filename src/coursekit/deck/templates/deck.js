/* The course deck: reveal.js set-up, diagrams, fitting slides to 1280x720,
 * exercise countdowns and links back to the handout pages.
 * Written into site/assets/deck/deck.js by hooks/deck.py; no network access. */
(function () {
  "use strict";

  var query = window.location.search;
  var printing = /[?&]print-pdf\b/i.test(query);
  // The speaker view shows the deck in iframes (?receiver): no footer there.
  var receiver = /[?&]receiver\b/.test(query);
  if (receiver) document.documentElement.classList.add("deck-receiver");
  var deck = { ready: false, countdowns: [], overflowing: [] };
  window.courseDeck = deck;
  var NAMESPACE = "course-deck";
  var STORE = "courseDeck.countdown:"; // + slide id, in sessionStorage

  /* ---------------------------------------------------------------- countdown */

  function Countdown(el) {
    var total = parseInt(el.getAttribute("data-seconds"), 10);
    var slide = el.closest("section[id]");
    this.el = el;
    this.id = slide ? slide.id : "";
    this.total = isFinite(total) && total > 0 ? total : 0;
    this.remaining = this.total * 1000; // ms left while not running
    this.endsAt = null; // timestamp while running
    this.started = false;
    this.timeEl = el.querySelector(".deck-countdown__time");
    this.stateEl = el.querySelector(".deck-countdown__state");
    this.render();
  }
  Countdown.prototype.running = function () {
    return this.endsAt !== null;
  };
  Countdown.prototype.left = function () {
    return this.endsAt === null ? this.remaining : Math.max(0, this.endsAt - Date.now());
  };
  Countdown.prototype.start = function () {
    if (this.started) return;
    this.started = true;
    this.resume();
  };
  Countdown.prototype.resume = function () {
    if (this.running() || this.remaining <= 0) return;
    this.started = true;
    this.endsAt = Date.now() + this.remaining;
    this.changed();
  };
  Countdown.prototype.pause = function () {
    if (!this.running()) return;
    this.remaining = this.left();
    this.endsAt = null;
    this.changed();
  };
  Countdown.prototype.toggle = function () {
    if (this.running()) this.pause();
    else this.resume();
  };
  Countdown.prototype.reset = function () {
    this.remaining = this.total * 1000;
    this.endsAt = null;
    this.started = true; // stays stopped until resumed with T
    this.changed();
  };
  // The state as data: ms left now, running or not, started (shown) or not.
  Countdown.prototype.snapshot = function () {
    return { remaining: this.left(), running: this.running(), started: this.started };
  };
  // Take over a state: from sessionStorage (endsAt: when a running countdown ends)
  // or from the main deck (the speaker view's preview mirrors it).
  Countdown.prototype.adopt = function (state) {
    if (!state || typeof state.remaining !== "number") return;
    this.started = !!state.started;
    var left = state.running && typeof state.endsAt === "number" ? state.endsAt - Date.now() : state.remaining;
    left = Math.max(0, Math.min(left, this.total * 1000));
    this.remaining = left;
    this.endsAt = state.running && left > 0 ? Date.now() + left : null;
    this.render();
  };
  Countdown.prototype.changed = function () {
    this.render();
    this.save();
  };
  // Per slide in sessionStorage: a reload (or coming back from the exercise page
  // in the same tab) keeps the remaining time and the paused state.
  Countdown.prototype.save = function () {
    if (receiver || printing || !this.id) return;
    try {
      var snap = this.snapshot();
      snap.endsAt = this.endsAt;
      window.sessionStorage.setItem(STORE + this.id, JSON.stringify(snap));
    } catch (err) {
      /* storage may be disabled (private mode, file:// policies): the countdown still works */
    }
  };
  Countdown.prototype.load = function () {
    if (receiver || printing || !this.id) return;
    try {
      var raw = window.sessionStorage.getItem(STORE + this.id);
      if (raw) this.adopt(JSON.parse(raw));
    } catch (err) {
      /* a damaged entry: start afresh */
    }
  };
  Countdown.prototype.seconds = function () {
    return Math.ceil(this.left() / 1000);
  };
  Countdown.prototype.render = function () {
    try {
      var secs = this.seconds();
      if (this.running() && secs <= 0) {
        this.remaining = 0;
        this.endsAt = null;
        this.save();
      }
      var up = secs <= 0;
      var text = up ? "Time is up" : pad(Math.floor(secs / 60)) + ":" + pad(secs % 60);
      if (this.timeEl && this.timeEl.textContent !== text) this.timeEl.textContent = text;
      var state = up ? "" : this.running() ? "running" : this.started ? "paused" : "";
      if (this.stateEl && this.stateEl.textContent !== state) this.stateEl.textContent = state;
      this.el.classList.toggle("is-up", up);
      this.el.classList.toggle("is-paused", !up && !this.running() && this.started);
      this.el.setAttribute("data-state", up ? "up" : state || "ready");
    } catch (err) {
      /* a broken timer must never break the deck */
      if (window.console) console.error("countdown", err);
    }
  };
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function countdownOf(slide) {
    var el = slide && slide.querySelector(".deck-countdown");
    return el && el.__countdown ? el.__countdown : null;
  }
  function currentCountdown() {
    return countdownOf(window.Reveal && Reveal.getCurrentSlide());
  }
  function countdownById(id) {
    for (var i = 0; i < deck.countdowns.length; i++) if (deck.countdowns[i].id === id) return deck.countdowns[i];
    return null;
  }
  deck.currentCountdown = function () {
    var c = currentCountdown();
    return c ? { seconds: c.seconds(), running: c.running(), total: c.total, text: c.timeEl ? c.timeEl.textContent : "" } : null;
  };

  function setupCountdowns() {
    var els = document.querySelectorAll(".reveal .deck-countdown");
    for (var i = 0; i < els.length; i++) {
      var c = new Countdown(els[i]);
      els[i].__countdown = c;
      c.load();
      deck.countdowns.push(c);
    }
    if (!printing && deck.countdowns.length) {
      window.setInterval(function () {
        for (var j = 0; j < deck.countdowns.length; j++) {
          if (deck.countdowns[j].running()) deck.countdowns[j].render();
        }
      }, 250);
    }
  }

  /* ------------------------------------------- countdown in the speaker view */

  // The speaker view (key S, reveal.js notes plugin) shows this deck in iframes
  // (?receiver) inside a window opened by the projected deck.  T and R pressed
  // there act on the projected deck's countdown: the preview posts the action to
  // the speaker window's opener, the main deck applies it and answers with its
  // state, which the preview shows.  The preview also asks for that state every
  // second, so the two never drift apart.
  function mainDeck() {
    try {
      var speaker = window.parent !== window ? window.parent : null;
      return speaker && speaker.opener && !speaker.opener.closed ? speaker.opener : null;
    } catch (err) {
      return null;
    }
  }
  function send(target, message) {
    try {
      message.namespace = NAMESPACE;
      target.postMessage(JSON.stringify(message), "*");
      return true;
    } catch (err) {
      return false;
    }
  }
  function fromOurOrigin(event) {
    // As the notes plugin does: only windows of this site (file:// has no usable origin).
    if (window.location.protocol === "file:") return true;
    try {
      return event.source.location.origin === window.location.origin;
    } catch (err) {
      return false;
    }
  }
  function countdownAction(action) {
    var c = currentCountdown();
    if (receiver) {
      var main = mainDeck();
      var slide = window.Reveal && Reveal.getCurrentSlide();
      if (main && slide && send(main, { type: "countdown", action: action, slide: slide.id })) return;
    }
    if (c) {
      if (action === "toggle") c.toggle();
      else if (action === "reset") c.reset();
    }
  }
  function askMainDeck() {
    var main = receiver && mainDeck();
    var slide = main && window.Reveal && Reveal.getCurrentSlide();
    if (slide && countdownOf(slide)) send(main, { type: "countdown", action: "state", slide: slide.id });
  }
  function onMessage(event) {
    if (typeof event.data !== "string" || event.data.indexOf(NAMESPACE) < 0 || !fromOurOrigin(event)) return;
    var data;
    try {
      data = JSON.parse(event.data);
    } catch (err) {
      return;
    }
    if (!data || data.namespace !== NAMESPACE) return;
    if (data.type === "countdown" && !receiver) {
      var c = countdownById(data.slide) || currentCountdown();
      if (!c) return;
      if (data.action === "toggle") c.toggle();
      else if (data.action === "reset") c.reset();
      send(event.source, { type: "countdown-state", slide: c.id, state: c.snapshot() });
    } else if (data.type === "countdown-state" && receiver) {
      var mirror = countdownById(data.slide);
      if (mirror) mirror.adopt(data.state);
    }
  }
  window.addEventListener("message", onMessage);
  deck.countdownAction = countdownAction;

  /* ------------------------------------------------------------- diagrams */

  // mermaid renders every .mermaid element on window load unless told otherwise;
  // the deck renders its diagrams itself, after reveal.js has started.
  var mermaidOk = false;
  // Projector-sized labels: a diagram is scaled to fit its slide (or column),
  // so its text only grows if it takes a larger share of the drawing.  24px
  // text with tighter spacing keeps every label of the course at 16px or more
  // on a 1280x720 slide (tests/test_deck_diagrams.py); the handout pages keep
  // Material's defaults.
  var LABEL_PX = 24;
  var RANK_SPACING = 30;
  // mermaid's flowchart layout (dagre) makes no room for a subgraph's title (one
  // line, 1.5 x the font size): the first row of boxes starts half the rank
  // spacing below the subgraph's top edge, and the title is drawn there.  At 24px
  // with the 30px spacing the boxes covered it (Material's 16px and 50px just fit).
  // subGraphTitleMargin.bottom moves the boxes below the title (.top only adds room
  // above it), but the subgraph grows into the half rank above it, where an edge
  // label or a box may sit.  So diagrams with subgraphs get a rank spacing that
  // fits a title with a gap on either side; not all diagrams: the tall ones would
  // shrink below 16px text.
  var TITLE_PX = 1.5 * LABEL_PX;
  var TITLE_GAP = 8;
  var RANK_SPACING_SUBGRAPHS = TITLE_PX + 2 * TITLE_GAP;
  var titleMargin = { top: 4, bottom: TITLE_PX + TITLE_GAP - RANK_SPACING_SUBGRAPHS / 2 };

  function configureMermaid(source) {
    var subgraphs = /^\s*subgraph\b/m.test(source);
    window.mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "default",
      fontFamily: '"Source Sans Pro", Helvetica, Arial, sans-serif',
      themeVariables: { fontSize: LABEL_PX + "px" },
      flowchart: subgraphs
        ? { nodeSpacing: 30, rankSpacing: RANK_SPACING_SUBGRAPHS, padding: 8, subGraphTitleMargin: titleMargin }
        : { nodeSpacing: 30, rankSpacing: RANK_SPACING, padding: 8 },
      state: { rankSpacing: RANK_SPACING },
    });
  }

  try {
    if (window.mermaid) {
      configureMermaid("");
      mermaidOk = true;
    }
  } catch (err) {
    console.error("mermaid", err);
  }

  function renderDiagrams() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll(".reveal pre.mermaid"));
    if (!blocks.length || !mermaidOk) return Promise.resolve();
    return blocks.reduce(function (chain, pre, i) {
      return chain.then(function () {
        var source = pre.textContent;
        configureMermaid(source);
        return window.mermaid.render("deck-diagram-" + i, source).then(
          function (out) {
            var box = document.createElement("div");
            box.className = "deck-diagram";
            box.innerHTML = out.svg;
            var svg = box.querySelector("svg");
            if (svg) {
              var natural = parseFloat((svg.style.maxWidth || "").replace("px", ""));
              svg.removeAttribute("style");
              svg.setAttribute("width", "100%");
              svg.removeAttribute("height");
              // Legible on a projector: small diagrams may grow, but not endlessly.
              if (isFinite(natural) && natural > 0) svg.style.maxWidth = Math.round(natural * 1.8) + "px";
            }
            pre.parentNode.replaceChild(box, pre);
          },
          function (err) {
            pre.classList.add("deck-diagram-error");
            console.error("mermaid", err);
          }
        );
      });
    }, Promise.resolve());
  }

  /* ------------------------------------------------------------ fitting */

  // Shrink a slide's text until it fits the 1280x720 slide; code blocks wider
  // than the slide shrink on their own.  Below 45 % text is no longer legible on
  // a projector: a slide that still overflows there is cut off at the bottom and
  // marked (class deck-overflow, a red corner in the speaker view, a console
  // warning); the build warns about such slides too (rule DK002).
  var MIN_FIT = 0.45;
  function fitSlide(section) {
    if (!section || section.querySelector("section")) return;
    var box = section.querySelector(".deck-slide");
    if (!box) return;
    var hidden = window.getComputedStyle(section).display === "none";
    if (hidden) section.style.display = "block";
    try {
      var blocks = section.querySelectorAll("pre");
      var f;
      for (var i = 0; i < blocks.length; i++) {
        var pre = blocks[i];
        pre.style.removeProperty("--deck-code-fit");
        f = 1;
        while ((pre.scrollWidth > pre.clientWidth + 1 || pre.scrollHeight > pre.clientHeight + 1) && f > 0.5) {
          f -= 0.05;
          pre.style.setProperty("--deck-code-fit", f.toFixed(2));
        }
      }
      section.style.removeProperty("--deck-fit");
      f = 1;
      while (box.scrollHeight > box.clientHeight + 1 && f > MIN_FIT + 0.001) {
        f -= 0.05;
        section.style.setProperty("--deck-fit", f.toFixed(2));
      }
      section.classList.toggle("deck-shrunk", f < 1);
      var overflow = box.scrollHeight > box.clientHeight + 1;
      var known = deck.overflowing.indexOf(section.id);
      section.classList.toggle("deck-overflow", overflow);
      if (overflow && known < 0) {
        deck.overflowing.push(section.id);
        if (window.console) console.warn("deck: slide '" + section.id + "' does not fit even at " + Math.round(MIN_FIT * 100) + " % text size; split it");
      } else if (!overflow && known >= 0) {
        deck.overflowing.splice(known, 1);
      }
    } finally {
      if (hidden) section.style.display = "none";
    }
  }
  deck.fitSlide = fitSlide;

  function fitAll() {
    var leaves = document.querySelectorAll(".reveal .slides section");
    for (var i = 0; i < leaves.length; i++) fitSlide(leaves[i]);
    // Printed notes (showNotes=separate-page) are one page each: shrink long ones.
    var page = document.querySelector(".reveal .pdf-page");
    var height = page ? page.offsetHeight : 0;
    var notes = document.querySelectorAll('.reveal .speaker-notes-pdf[data-layout="separate-page"]');
    for (var j = 0; height && j < notes.length; j++) {
      var f = 1;
      notes[j].style.height = height + "px";
      notes[j].style.boxSizing = "border-box";
      notes[j].style.overflow = "hidden";
      while (notes[j].scrollHeight > notes[j].clientHeight + 1 && f > 0.4) {
        f -= 0.05;
        notes[j].style.fontSize = Math.round(f * 100) + "%";
      }
    }
  }

  /* ------------------------------------------------------------ handout link */

  function updateHandoutLink(slide) {
    var link = document.getElementById("deck-handout");
    var target = slide && slide.getAttribute("data-handout");
    if (link && target) link.setAttribute("href", target);
  }
  function openHandout() {
    var link = document.getElementById("deck-handout");
    if (link) window.open(link.href, "_blank");
  }

  /* ------------------------------------------------------------ start */

  function onSlide(event) {
    var slide = (event && event.currentSlide) || Reveal.getCurrentSlide();
    updateHandoutLink(slide);
    if (!printing) {
      fitSlide(slide);
      var c = currentCountdown();
      if (c) c.start();
      askMainDeck();
    }
  }

  function init() {
    if (!window.Reveal) return;
    setupCountdowns();
    var plugins = window.RevealNotes ? [window.RevealNotes] : [];
    Reveal.initialize({
      width: 1280,
      height: 720,
      margin: 0.04,
      minScale: 0.2,
      maxScale: 2.0,
      center: false,
      hash: true,
      respondToHashChanges: true,
      controls: true,
      progress: true,
      slideNumber: "c/t",
      showSlideNumber: "all",
      transition: "slide",
      transitionSpeed: "fast",
      pdfSeparateFragments: false,
      pdfMaxPagesPerSlide: 1,
      plugins: plugins,
    }).then(function () {
      Reveal.addKeyBinding({ keyCode: 84, key: "T", description: "Exercise countdown: pause / resume" }, function () {
        countdownAction("toggle");
      });
      Reveal.addKeyBinding({ keyCode: 82, key: "R", description: "Exercise countdown: reset" }, function () {
        countdownAction("reset");
      });
      if (receiver) window.setInterval(askMainDeck, 1000);
      Reveal.addKeyBinding({ keyCode: 68, key: "D", description: "Open the handout page of this slide" }, openHandout);
      Reveal.on("slidechanged", onSlide);
      onSlide();
      return renderDiagrams();
    }).then(function () {
      if (printing) fitAll();
      else fitSlide(Reveal.getCurrentSlide());
      Reveal.layout();
      deck.ready = true;
      document.documentElement.setAttribute("data-deck-ready", "true");
    }).catch(function (err) {
      console.error("deck", err);
      deck.ready = true;
      document.documentElement.setAttribute("data-deck-ready", "error");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
