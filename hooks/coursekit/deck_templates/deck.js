/* The course deck: reveal.js set-up, diagrams, fitting slides to 1280x720,
 * exercise countdowns and links back to the handout pages.
 * Written into site/assets/deck/deck.js by hooks/deck.py; no network access. */
(function () {
  "use strict";

  var query = window.location.search;
  var printing = /[?&]print-pdf\b/i.test(query);
  // The speaker view shows the deck in iframes (?receiver): no footer there.
  if (/[?&]receiver\b/.test(query)) document.documentElement.classList.add("deck-receiver");
  var deck = { ready: false, countdowns: [] };
  window.courseDeck = deck;

  /* ---------------------------------------------------------------- countdown */

  function Countdown(el) {
    var total = parseInt(el.getAttribute("data-seconds"), 10);
    this.el = el;
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
    this.render();
  };
  Countdown.prototype.pause = function () {
    if (!this.running()) return;
    this.remaining = this.left();
    this.endsAt = null;
    this.render();
  };
  Countdown.prototype.toggle = function () {
    if (this.running()) this.pause();
    else this.resume();
  };
  Countdown.prototype.reset = function () {
    this.remaining = this.total * 1000;
    this.endsAt = null;
    this.started = true; // stays stopped until resumed with T
    this.render();
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

  function currentCountdown() {
    var slide = window.Reveal && Reveal.getCurrentSlide();
    var el = slide && slide.querySelector(".deck-countdown");
    return el && el.__countdown ? el.__countdown : null;
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

  /* ------------------------------------------------------------- diagrams */

  // mermaid renders every .mermaid element on window load unless told otherwise;
  // the deck renders its diagrams itself, after reveal.js has started.
  var mermaidOk = false;
  try {
    if (window.mermaid) {
      window.mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        theme: "default",
        fontFamily: '"Source Sans Pro", Helvetica, Arial, sans-serif',
      });
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
  // than the slide shrink on their own.  Nothing is cut off, nothing scrolls.
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
      while (box.scrollHeight > box.clientHeight + 1 && f > 0.45) {
        f -= 0.05;
        section.style.setProperty("--deck-fit", f.toFixed(2));
      }
      section.classList.toggle("deck-shrunk", f < 1);
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
        var c = currentCountdown();
        if (c) c.toggle();
      });
      Reveal.addKeyBinding({ keyCode: 82, key: "R", description: "Exercise countdown: reset" }, function () {
        var c = currentCountdown();
        if (c) c.reset();
      });
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
