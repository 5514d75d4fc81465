/* Exercise book: clickable checkpoints stored per exercise in this browser
 * (localStorage), progress on the exercise page and on the book's index,
 * the bundle's curl line with this site's real address, details opened for printing.  Works with and without Material's instant
 * navigation and from file:// (no network, no cookies). */
(function () {
  "use strict";

  /* Progress is kept per course, edition and version: unzipped releases opened from
   * file:// share one origin, so an unscoped key would carry ticks from the trainee
   * edition of v1 into the instructor edition of v2. */
  var PREFIX = (function () {
    var footer = document.querySelector("[data-course-version]");
    var scope = footer
      ? [footer.getAttribute("data-course-name"), footer.getAttribute("data-course-edition"), footer.getAttribute("data-course-version")]
      : ["unknown"];
    return "course-book/v2/" + scope.map(encodeURIComponent).join("/") + "/";
  })();

  function storage() {
    try {
      var s = window.localStorage;
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null; /* private mode or storage disabled: boxes still tick, nothing is kept */
    }
  }

  function load(store, id) {
    if (!store) return [];
    try {
      var value = JSON.parse(store.getItem(PREFIX + id) || "{}");
      return value && Array.isArray(value.done) ? value.done : [];
    } catch (e) {
      return [];
    }
  }

  function save(store, id, done) {
    if (store) store.setItem(PREFIX + id, JSON.stringify({ done: done }));
  }

  function progressText(done, total) {
    return done + "\u2009/\u2009" + total;
  }

  function renderBar(el, done, total, unit) {
    el.textContent = "";
    if (!total) {
      el.textContent = "\u2013";
      return;
    }
    var bar = document.createElement("progress");
    bar.max = total;
    bar.value = done;
    var label = document.createElement("span");
    label.className = "book-progress__label";
    label.textContent = progressText(done, total) + (unit ? " " + unit : "");
    el.appendChild(bar);
    el.appendChild(label);
    el.classList.toggle("book-progress--done", done === total);
    el.setAttribute("data-done", String(done));
    el.setAttribute("title", done + " of " + total + " checkpoints ticked");
  }

  function initExercise(root, store) {
    var facts = root.querySelector(".exercise-facts[data-exercise]");
    if (!facts || facts.closest(".print-exercise")) return;
    var id = facts.getAttribute("data-exercise");
    var items = Array.prototype.slice.call(root.querySelectorAll("li.task-list-item[data-task]"));
    if (!items.length) return;
    var status = facts.querySelector(".book-progress");
    if (!status) {
      status = document.createElement("p");
      status.className = "book-progress";
      status.setAttribute("data-exercise", id);
      facts.appendChild(status);
    }
    function refresh() {
      var done = load(store, id);
      var ticked = items.filter(function (li) { return done.indexOf(li.getAttribute("data-task")) >= 0; }).length;
      renderBar(status, ticked, items.length, "checkpoints");
    }
    var done = load(store, id);
    items.forEach(function (li) {
      var input = li.querySelector("input[type=checkbox]");
      if (!input) return;
      var task = li.getAttribute("data-task");
      input.disabled = false;
      input.removeAttribute("disabled");
      input.checked = done.indexOf(task) >= 0;
      input.addEventListener("change", function () {
        var now = load(store, id).filter(function (t) { return t !== task; });
        if (input.checked) now.push(task);
        save(store, id, now);
        refresh();
      });
    });
    refresh();
  }

  function initIndex(root, store) {
    var cells = root.querySelectorAll(".book-progress[data-tasks]");
    Array.prototype.forEach.call(cells, function (el) {
      var tasks = (el.getAttribute("data-tasks") || "").split(/\s+/).filter(Boolean);
      var done = load(store, el.getAttribute("data-exercise"));
      var ticked = tasks.filter(function (t) { return done.indexOf(t) >= 0; }).length;
      renderBar(el, ticked, tasks.length);
    });
    var reset = root.querySelector(".book-progress-reset");
    if (reset && !reset.hasAttribute("data-bound")) {
      reset.setAttribute("data-bound", "");
      reset.addEventListener("click", function () {
        if (!store || !window.confirm("Forget every ticked checkpoint of this course in this browser?")) return;
        for (var i = store.length - 1; i >= 0; i--) {
          var key = store.key(i);
          if (key && key.indexOf(PREFIX) === 0) store.removeItem(key);
        }
        initIndex(root, store);
      });
    }
  }

  /* Replace `needle` in the text of `root`, even where syntax highlighting split it over
   * several spans: the first text node involved gets the replacement, the others lose
   * their share of the needle.  Returns whether it was found. */
  function replaceText(root, needle, replacement) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var nodes = [];
    var text = "";
    while (walker.nextNode()) {
      nodes.push({ node: walker.currentNode, start: text.length });
      text += walker.currentNode.nodeValue;
    }
    var at = text.indexOf(needle);
    if (at < 0) return false;
    var end = at + needle.length;
    var placed = false;
    nodes.forEach(function (item) {
      var value = item.node.nodeValue;
      var from = Math.max(at, item.start) - item.start;
      var to = Math.min(end, item.start + value.length) - item.start;
      if (from >= to) return;
      item.node.nodeValue = value.slice(0, from) + (placed ? "" : replacement) + value.slice(to);
      placed = true;
    });
    return true;
  }

  /* The book's curl line names `<course-site>` when mkdocs.yml has no site_url.  Shown
   * over http(s), the real address is known: it is where this page came from (which
   * also works under a sub-path and after instant navigation).  The original block
   * stays in the page for print (and file://, where there is no address to give). */
  function initCurl(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".lab-curl[data-bundle]:not(.lab-curl--print)"), function (box) {
      if (!/^https?:$/.test(window.location.protocol)) return;
      var url;
      try {
        url = new URL(box.getAttribute("data-bundle"), window.location.href).href;
      } catch (e) {
        return;
      }
      var copy = box.cloneNode(true);
      if (!replaceText(copy, box.getAttribute("data-placeholder"), url)) return;
      copy.className = "lab-curl lab-curl--screen";
      copy.removeAttribute("data-bundle");
      copy.setAttribute("data-url", url);
      /* Material numbers code blocks (#__code_N) for its copy button: keep ids unique. */
      Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (el) {
        el.id = el.id + "-resolved";
      });
      Array.prototype.forEach.call(copy.querySelectorAll('a[href^="#"]'), function (el) {
        if (copy.querySelector('[id="' + el.getAttribute("href").slice(1) + '-resolved"]')) el.setAttribute("href", el.getAttribute("href") + "-resolved");
      });
      Array.prototype.forEach.call(copy.querySelectorAll("[data-clipboard-target]"), function (el) {
        el.setAttribute("data-clipboard-target", el.getAttribute("data-clipboard-target").replace(/^(#\S+?)(\s|$)/, "$1-resolved$2"));
      });
      box.classList.add("lab-curl--print");
      box.parentNode.insertBefore(copy, box.nextSibling);
      var hint = box.parentNode.querySelector(".lab-curl-hint");
      if (hint) hint.classList.add("lab-curl--print");
    });
  }

  function init() {
    var store = storage();
    initExercise(document, store);
    initIndex(document, store);
    initCurl(document);
  }

  /* Printing: show hints and solutions (per audience) open. */
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".md-content details:not([open])"), function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-opened-for-print", "");
    });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-opened-for-print]"), function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-opened-for-print");
    });
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); /* every page load, instant navigation included */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
