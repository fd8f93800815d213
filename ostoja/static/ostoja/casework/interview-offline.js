// The interview without a connection, on the fill page's form[data-offline-interview].
//
// - Every change of an answer (inputs named "a:<question key>", a checkbox group sharing its
//   name) is kept in localStorage under "ostoja:interview:<id>" as
//   {id, base_version, token, answers, saved_at}: the version the copy started from and the
//   server's signed token of that version. The copy is kept only until sent, and cleared when
//   the worker signs out (here and by Clear-Site-Data on the logout response).
// - On opening the page an unsent copy is put back into the form (it wins over the page).
// - With a connection an unsent copy is sent (POST JSON to data-sync-url). 200: the copy is
//   removed. 409: the server's answers the copy did not touch go into the form, and the
//   questions changed on both sides are shown side by side to choose from; then the copy is
//   sent again from the server's version. 400: a message under each answer. 403: the message;
//   the copy stays.
// - "Take to field work" registers the service worker (sw.js) and stores this page and its
//   static files in the browser's cache, so that it opens without a connection.
// Texts come from the page (casework/_offline_panel.html, translated); Polish fallbacks here.
"use strict";

(function () {
  const PREFIX = "ostoja:interview:";
  const PAGES = "ostoja-interviews-v1";
  const STATIC = "ostoja-static-v1";
  const SCOPE = "/praca-socjalna/";
  // After a failed send the next try comes soon, then less and less often: the first request
  // after the connection's return often fails while the network is still coming up.
  const RETRY_FIRST_MS = 1000;
  const RETRY_MS = 30000;
  // While offline with answers to send, how often the page looks whether the connection is
  // back: the `online` event alone can be missed (or come before the browser says online).
  const ONLINE_CHECK_MS = 3000;
  const TRUE = new Set(["tak", "t", "true", "1", "yes", "y"]);
  const FALSE = new Set(["nie", "n", "false", "0", "no"]);
  const FALLBACK = {
    saved: "Zapisano na tym komputerze {time}",
    sent: "Wysłano {time}",
    sending: "Wysyłanie…",
    offline: "Brak połączenia: odpowiedzi zapisują się na tym komputerze i zostaną wysłane, gdy połączenie wróci.",
    heldOffline: "Brak połączenia: odpowiedzi zapisano na tym komputerze; zostaną wysłane, gdy połączenie wróci.",
    session: "Sesja wygasła: zaloguj się ponownie i otwórz wywiad; odpowiedzi czekają na tym komputerze.",
    refused: "Serwer nie przyjął odpowiedzi; zostają na tym komputerze.",
    failed: "Nie udało się wysłać odpowiedzi; zostają na tym komputerze. Kolejna próba za chwilę.",
    invalid: "Popraw zaznaczone odpowiedzi; zostają na tym komputerze.",
    taken: "Wywiad jest na tym komputerze: otworzysz go bez połączenia.",
    take: "Zabierz do pracy w terenie",
    drop: "Usuń z tego komputera",
    dropped: "Wywiad usunięto z pamięci tego komputera.",
    unsupported: "Ta przeglądarka nie pozwala pracować bez połączenia.",
    takeFailed: "Nie udało się zapisać wywiadu na tym komputerze.",
    conflictTitle: "Wywiad zmienił się w systemie",
    conflictIntro:
      "Ktoś zapisał te odpowiedzi w systemie w czasie pracy bez połączenia. Wybierz w każdym wierszu, którą odpowiedź zachować.",
    question: "Pytanie",
    mine: "Moja odpowiedź (z laptopa)",
    theirs: "Odpowiedź w systemie",
    empty: "(brak odpowiedzi)",
    choose: "Zapisz wybrane",
    chooseAll: "Wybierz odpowiedź w każdym wierszu.",
    logoutUnsent:
      "Na tym komputerze są niewysłane odpowiedzi wywiadu. Wylogowanie je usunie. Wylogować mimo to?",
  };

  const form = document.querySelector("form[data-offline-interview]");
  let leaving = false; // signing out: nothing goes back into the caches
  const panel = document.querySelector("[data-offline-panel]");

  function text(name, values) {
    const attribute = "text" + name.charAt(0).toUpperCase() + name.slice(1);
    let message = (panel && panel.dataset[attribute]) || FALLBACK[name];
    for (const [key, value] of Object.entries(values || {})) {
      message = message.replace("{" + key + "}", value);
    }
    return message;
  }

  function clock(date) {
    return date.toLocaleTimeString("pl-PL", { hour: "2-digit", minute: "2-digit" });
  }

  function clearAllCopies() {
    for (let i = localStorage.length - 1; i >= 0; i -= 1) {
      const key = localStorage.key(i);
      if (key && key.startsWith(PREFIX)) localStorage.removeItem(key);
    }
  }

  function unsentCopies() {
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key && key.startsWith(PREFIX)) return true;
    }
    return false;
  }

  // Signing out: warn about unsent answers, then clear the copies and the taken pages.
  const logoutPath = (panel && panel.dataset.logoutUrl) || "/konto/wylogowanie/";
  document.addEventListener("submit", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLFormElement)) return;
    if (new URL(target.action, location.href).pathname !== logoutPath) return;
    if (unsentCopies() && !window.confirm(text("logoutUnsent"))) {
      event.preventDefault();
      return;
    }
    // The copies go at once; the caches and the worker before the form is sent on.
    leaving = true;
    clearAllCopies();
    event.preventDefault();
    const work = [];
    if ("caches" in window) work.push(caches.delete(PAGES), caches.delete(STATIC));
    if ("serviceWorker" in navigator) {
      work.push(
        navigator.serviceWorker
          .getRegistrations()
          .then((registrations) => Promise.all(registrations.map((r) => r.unregister()))),
      );
    }
    Promise.all(work)
      .catch(() => undefined)
      .finally(() => target.submit());
  });

  if (!form) return;

  const id = form.dataset.offlineInterview;
  const storageKey = PREFIX + id;
  const syncUrl = form.dataset.syncUrl;
  const swUrl = (panel && panel.dataset.swUrl) || SCOPE + "sw.js";
  const pageUrl = location.href.split("#")[0].split("?")[0];
  let syncing = false;
  let again = false;
  let choosing = false;
  let retry = null;
  let retryDelay = RETRY_FIRST_MS;

  // ---- The page's pieces: status line, banner, take button (made here when the page has none)

  function piece(selector, make) {
    let element = (panel || document).querySelector(selector);
    if (!element) {
      element = make();
      (panel || form).before(element);
    }
    return element;
  }

  const status = piece("[data-offline-status]", () => {
    const element = document.createElement("p");
    element.dataset.offlineStatus = "";
    element.className = "small text-body-secondary";
    element.setAttribute("role", "status");
    element.setAttribute("aria-live", "polite");
    return element;
  });
  const banner = piece("[data-offline-banner]", () => {
    const element = document.createElement("div");
    element.dataset.offlineBanner = "";
    element.className = "alert alert-info";
    element.hidden = true;
    element.textContent = "Odpowiedzi z tego komputera, jeszcze niewysłane";
    return element;
  });
  const takeButton = piece("[data-offline-take]", () => {
    const element = document.createElement("button");
    element.type = "button";
    element.dataset.offlineTake = "";
    element.className = "btn btn-outline-secondary mb-3";
    element.textContent = text("take");
    return element;
  });

  function say(message) {
    status.textContent = message;
  }

  // ---- Answers in the form

  function answerElements(key) {
    return Array.from(form.elements).filter((element) => element.name === "a:" + key);
  }

  function readAnswers() {
    const answers = {};
    for (const element of form.elements) {
      if (!element.name || !element.name.startsWith("a:") || element.disabled) continue;
      if (element.readOnly || element.type === "file") continue;
      const key = element.name.slice(2);
      if (element.type === "checkbox") {
        if (!Array.isArray(answers[key])) answers[key] = [];
        if (element.checked) answers[key].push(element.value);
      } else if (element.type === "radio") {
        if (!(key in answers)) answers[key] = "";
        if (element.checked) answers[key] = element.value;
      } else if (element.tagName === "SELECT" && element.multiple) {
        answers[key] = Array.from(element.selectedOptions, (option) => option.value);
      } else {
        answers[key] = element.value;
      }
    }
    return answers;
  }

  // A stored value (the server's: bool, number, list, ISO date, text) or a raw one (the copy's:
  // a string or a list of strings) matches an option's value.
  function matches(optionValue, value) {
    if (value === true) return TRUE.has(optionValue.toLowerCase());
    if (value === false) return FALSE.has(optionValue.toLowerCase());
    return value !== null && value !== undefined && String(value) === optionValue;
  }

  function asList(value) {
    if (Array.isArray(value)) return value;
    return value === null || value === undefined || value === "" ? [] : [value];
  }

  function asText(value) {
    if (value === null || value === undefined) return "";
    if (value === true) return "tak";
    if (value === false) return "nie";
    if (Array.isArray(value)) return value.join(", ");
    return String(value);
  }

  function writeAnswer(key, value) {
    for (const element of answerElements(key)) {
      if (element.readOnly || element.disabled) continue;
      if (element.type === "checkbox") {
        element.checked = asList(value).some((item) => matches(element.value, item));
      } else if (element.type === "radio") {
        element.checked = matches(element.value, value);
      } else if (element.tagName === "SELECT") {
        for (const option of element.options) {
          option.selected = element.multiple
            ? asList(value).some((item) => matches(option.value, item))
            : matches(option.value, value);
        }
        if (!element.multiple && !Array.from(element.options).some((o) => o.selected)) {
          element.value = "";
        }
      } else {
        element.value = asText(value);
      }
    }
  }

  function sameAnswers(left, right) {
    return JSON.stringify(sorted(left)) === JSON.stringify(sorted(right));
  }

  function sorted(answers) {
    return Object.keys(answers || {})
      .sort()
      .map((key) => [key, answers[key]]);
  }

  // ---- The copy in localStorage

  function loadCopy() {
    try {
      const copy = JSON.parse(localStorage.getItem(storageKey) || "null");
      return copy && String(copy.id) === String(id) ? copy : null;
    } catch (error) {
      return null;
    }
  }

  function storeCopy(copy) {
    localStorage.setItem(storageKey, JSON.stringify(copy));
  }

  function saveCopy(extra) {
    const previous = loadCopy();
    const copy = {
      id: id,
      base_version: previous ? previous.base_version : Number(form.dataset.version),
      token: previous ? previous.token : form.dataset.token,
      answers: readAnswers(),
      saved_at: new Date().toISOString(),
      refused: Boolean(previous && previous.refused),
      ...extra,
    };
    storeCopy(copy);
    return copy;
  }

  function setVersion(version, token) {
    form.dataset.version = String(version);
    form.dataset.token = token;
    const field = form.elements.namedItem("version");
    if (field && "value" in field) field.value = String(version);
  }

  // ---- Messages under the answers

  function clearErrors() {
    for (const element of form.querySelectorAll("[data-offline-error]")) element.remove();
    for (const element of form.querySelectorAll("[data-offline-invalid]")) {
      element.classList.remove("is-invalid");
      element.removeAttribute("aria-invalid");
      element.removeAttribute("data-offline-invalid");
      const described = (element.getAttribute("aria-describedby") || "")
        .split(" ")
        .filter((token) => token && !token.startsWith("offline-error-"));
      if (described.length) element.setAttribute("aria-describedby", described.join(" "));
      else element.removeAttribute("aria-describedby");
    }
  }

  function showErrors(errors) {
    clearErrors();
    let first = null;
    const others = [];
    Object.entries(errors || {}).forEach(([key, message], index) => {
      const elements = answerElements(key);
      if (!elements.length) {
        others.push(message);
        return;
      }
      const note = document.createElement("div");
      note.id = "offline-error-" + index;
      note.className = "invalid-feedback d-block";
      note.dataset.offlineError = "";
      note.textContent = message;
      const last = elements[elements.length - 1];
      (last.closest(".form-check") || last).after(note);
      for (const element of elements) {
        element.classList.add("is-invalid");
        element.setAttribute("aria-invalid", "true");
        element.dataset.offlineInvalid = "";
        const described = element.getAttribute("aria-describedby");
        element.setAttribute("aria-describedby", ((described || "") + " " + note.id).trim());
      }
      first = first || elements[0];
    });
    if (first) first.focus();
    return others;
  }

  // ---- The chooser of answers changed on both sides

  function cell(row, tag, content) {
    const element = document.createElement(tag);
    if (typeof content === "string") element.textContent = content;
    else if (content) element.append(content);
    row.append(element);
    return element;
  }

  function option(index, side, shown, questionId) {
    const wrap = document.createElement("div");
    wrap.className = "form-check";
    const input = document.createElement("input");
    input.type = "radio";
    input.className = "form-check-input";
    input.name = "offline-choice-" + index;
    input.value = side;
    input.id = "offline-choice-" + index + "-" + side;
    input.setAttribute("aria-describedby", questionId);
    const label = document.createElement("label");
    label.className = "form-check-label";
    label.htmlFor = input.id;
    label.textContent = shown || text("empty");
    wrap.append(input, label);
    return wrap;
  }

  function showChooser(data) {
    choosing = true;
    const section = document.createElement("section");
    section.className = "card border-warning mb-3";
    section.dataset.offlineChooser = "";
    section.setAttribute("aria-labelledby", "offline-chooser-title");
    const body = document.createElement("div");
    body.className = "card-body";
    const title = document.createElement("h2");
    title.className = "h5";
    title.id = "offline-chooser-title";
    title.tabIndex = -1;
    title.textContent = text("conflictTitle");
    const intro = document.createElement("p");
    intro.textContent = text("conflictIntro");
    const table = document.createElement("table");
    table.className = "table align-middle";
    const head = table.createTHead().insertRow();
    for (const name of ["question", "mine", "theirs"]) {
      cell(head, "th", text(name)).scope = "col";
    }
    const rows = table.createTBody();
    data.conflicts.forEach((conflict, index) => {
      const row = rows.insertRow();
      const question = cell(row, "th", conflict.label);
      question.scope = "row";
      question.id = "offline-question-" + index;
      cell(row, "td", option(index, "mine", conflict.mine_display, question.id));
      cell(row, "td", option(index, "theirs", conflict.theirs_display, question.id));
    });
    const problem = document.createElement("p");
    problem.className = "text-danger";
    problem.setAttribute("role", "alert");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-primary";
    button.textContent = text("choose");
    button.addEventListener("click", () => {
      const chosen = data.conflicts.map((conflict, index) => {
        const input = section.querySelector('input[name="offline-choice-' + index + '"]:checked');
        return input ? input.value : null;
      });
      const missing = chosen.indexOf(null);
      if (missing !== -1) {
        problem.textContent = text("chooseAll");
        section.querySelector('input[name="offline-choice-' + missing + '"]').focus();
        return;
      }
      data.conflicts.forEach((conflict, index) => {
        writeAnswer(conflict.key, chosen[index] === "mine" ? conflict.mine : conflict.theirs);
      });
      storeCopy({
        id: id,
        base_version: data.server_version,
        token: data.token,
        answers: readAnswers(),
        saved_at: new Date().toISOString(),
      });
      setVersion(data.server_version, data.token);
      section.remove();
      choosing = false;
      sync();
    });
    body.append(title, intro, table, problem, button);
    section.append(body);
    for (const old of document.querySelectorAll("[data-offline-chooser]")) old.remove();
    form.before(section);
    title.focus();
  }

  // ---- Sending the copy

  function csrfToken() {
    const field = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return field ? field.value : "";
  }

  // A page from the cache may carry a CSRF token from before a new sign-in: read a fresh one.
  // "session" when the page now sends to the login (the session ended), else whether it did.
  async function refreshCsrf() {
    try {
      const response = await fetch(pageUrl, { credentials: "same-origin", redirect: "manual" });
      if (response.type === "opaqueredirect") return "session";
      if (!response.ok) return false;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector('input[name="csrfmiddlewaretoken"]');
      const field = form.querySelector('input[name="csrfmiddlewaretoken"]');
      if (!fresh || !field || fresh.value === field.value) return false;
      field.value = fresh.value;
      return true;
    } catch (error) {
      return false;
    }
  }

  async function post(copy) {
    return fetch(syncUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken(),
      },
      body: JSON.stringify({
        base_version: copy.base_version,
        token: copy.token,
        answers: copy.answers,
      }),
    });
  }

  function whenOnline() {
    if (retry) clearTimeout(retry);
    retry = setTimeout(() => {
      retry = null;
      if (navigator.onLine) sync();
      else whenOnline();
    }, ONLINE_CHECK_MS);
  }

  function later() {
    if (retry) clearTimeout(retry);
    retry = setTimeout(() => {
      retry = null;
      sync();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MS);
  }

  async function json(response) {
    if (!(response.headers.get("Content-Type") || "").includes("application/json")) return null;
    try {
      return await response.json();
    } catch (error) {
      return null;
    }
  }

  async function sync() {
    const copy = loadCopy();
    if (!copy || choosing) return;
    if (!navigator.onLine) {
      // the browser knows it has no connection: the copy goes once it is back
      say(text("offline"));
      whenOnline();
      return;
    }
    if (syncing) {
      again = true;
      return;
    }
    syncing = true;
    try {
      say(text("sending"));
      let response;
      try {
        response = await post(copy);
        if (response.status === 403 && !(await json(response.clone()))) {
          const refreshed = await refreshCsrf();
          if (refreshed === "session") {
            say(text("session"));
            return;
          }
          if (refreshed) response = await post(copy);
        }
      } catch (error) {
        say(text("offline"));
        later();
        return;
      }
      if (response.type === "opaqueredirect") {
        say(text("session"));
        return;
      }
      const data = await json(response);
      if (response.status === 200 && data) {
        retryDelay = RETRY_FIRST_MS;
        clearErrors();
        setVersion(data.version, data.token);
        const now = loadCopy();
        if (now && now.saved_at !== copy.saved_at) {
          // typed while it was being sent: the rest goes from the new version
          storeCopy({ ...now, base_version: data.version, token: data.token });
          again = true;
        } else {
          localStorage.removeItem(storageKey);
          banner.hidden = true;
        }
        say(text("sent", { time: clock(new Date()) }));
        refreshTakenPage();
      } else if (response.status === 409 && data) {
        for (const [key, value] of Object.entries(data.taken || {})) writeAnswer(key, value);
        if (!data.conflicts || !data.conflicts.length) {
          setVersion(data.server_version, data.token);
          storeCopy({
            ...copy,
            base_version: data.server_version,
            token: data.token,
            answers: readAnswers(),
          });
          again = true;
        } else {
          say(text("conflictTitle"));
          showChooser(data);
        }
      } else if (response.status === 400 && data) {
        const others = showErrors(data.errors);
        say([data.message || text("invalid"), ...others].join(" "));
      } else if (response.status === 403) {
        say((data && data.message) || text("refused"));
        // refused for good: the form's own button saves these answers, and the copy goes then
        const now = loadCopy();
        if (data && now) storeCopy({ ...now, refused: true });
      } else {
        say(text("failed"));
        later();
      }
    } finally {
      syncing = false;
      if (again) {
        again = false;
        sync();
      }
    }
  }

  // ---- Taking the page to field work

  async function isTaken() {
    if (!("caches" in window)) return false;
    const cache = await caches.open(PAGES);
    return Boolean(await cache.match(pageUrl));
  }

  function showTaken(taken) {
    takeButton.textContent = taken ? text("drop") : text("take");
    takeButton.dataset.taken = taken ? "1" : "";
  }

  async function storePage() {
    const response = await fetch(pageUrl, { credentials: "same-origin", redirect: "manual" });
    if (!response.ok || response.type !== "basic") throw new Error("page not stored");
    if (leaving) return;
    const cache = await caches.open(PAGES);
    await cache.put(pageUrl, response);
  }

  async function refreshTakenPage() {
    try {
      if (await isTaken()) await storePage();
    } catch (error) {
      // the copy in the cache stays as it was; the next visit with a connection refreshes it
    }
  }

  async function registerWorker() {
    if (!("serviceWorker" in navigator)) return null;
    const registration = await navigator.serviceWorker.register(swUrl, { scope: SCOPE });
    await navigator.serviceWorker.ready;
    return registration;
  }

  async function take() {
    if (!("serviceWorker" in navigator) || !("caches" in window)) {
      say(text("unsupported"));
      return;
    }
    try {
      await registerWorker();
      await storePage();
      const assets = Array.from(
        document.querySelectorAll('link[rel~="stylesheet"][href], link[rel~="icon"][href], script[src]'),
        (element) => new URL(element.href || element.src, location.href),
      ).filter((url) => url.origin === location.origin && url.pathname.startsWith("/static/"));
      const cache = await caches.open(STATIC);
      await Promise.all(assets.map((url) => cache.add(url.href).catch(() => undefined)));
      showTaken(true);
      say(text("taken"));
    } catch (error) {
      say(text("takeFailed"));
    }
  }

  async function drop() {
    const cache = await caches.open(PAGES);
    await cache.delete(pageUrl);
    showTaken(false);
    say(text("dropped"));
  }

  takeButton.addEventListener("click", () => {
    if (takeButton.dataset.taken) drop();
    else take();
  });

  // ---- Typing, the connection, sending the form

  function onChange(event) {
    const target = event.target;
    if (leaving) return;
    if (!target || !target.name || !target.name.startsWith("a:")) return;
    saveCopy();
    if (!navigator.onLine) {
      banner.hidden = false;
      whenOnline();
    }
    say(text("saved", { time: clock(new Date()) }));
  }

  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);
  form.addEventListener("submit", (event) => {
    if (navigator.onLine) {
      const copy = loadCopy();
      if (copy && copy.refused) localStorage.removeItem(storageKey);
      return;
    }
    event.preventDefault();
    saveCopy();
    banner.hidden = false;
    say(text("heldOffline"));
  });
  // The fill page's own autosave (htmx, per segment) saved from the copy's version: the copy
  // goes on from the new one. (While a copy exists the form's version is the copy's, so an
  // autosave over someone else's answers is refused by the server, never silently taken.)
  document.addEventListener("interview-saved", (event) => {
    const detail = event.detail || {};
    if (typeof detail.version !== "number" || typeof detail.token !== "string") return;
    form.dataset.version = String(detail.version);
    form.dataset.token = detail.token;
    const copy = loadCopy();
    if (copy && !choosing) {
      storeCopy({ ...copy, base_version: detail.version, token: detail.token, answers: readAnswers() });
    }
  });
  // Without a connection the fill page's own autosave has nowhere to go: the copy on this
  // computer holds the answers, and the sync sends them, with their version, once online.
  form.addEventListener("htmx:beforeRequest", (event) => {
    if (!navigator.onLine) event.preventDefault();
  });
  window.addEventListener("online", () => {
    retryDelay = RETRY_FIRST_MS;
    if (navigator.onLine) sync();
  });
  window.addEventListener("offline", () => say(text("offline")));

  // ---- Opening the page

  const copy = loadCopy();
  if (copy && sameAnswers(readAnswers(), copy.answers)) {
    localStorage.removeItem(storageKey); // the page already shows it: nothing left to send
  } else if (copy) {
    for (const [key, value] of Object.entries(copy.answers || {})) writeAnswer(key, value);
    setVersion(copy.base_version, copy.token);
    banner.hidden = false;
    if (navigator.onLine) sync();
    else say(text("offline"));
  }
  if ("serviceWorker" in navigator) {
    isTaken().then(showTaken, () => undefined);
    navigator.serviceWorker.getRegistration(SCOPE).then(
      (registration) => registration && registration.update().catch(() => undefined),
      () => undefined,
    );
  }
})();
