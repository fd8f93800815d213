// Small behaviours without a framework: the mobile menu toggle and Escape closing live search.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle-nav]");
  if (!toggle) return;
  const nav = document.getElementById(toggle.getAttribute("aria-controls"));
  const open = nav.classList.toggle("open");
  toggle.setAttribute("aria-expanded", String(open));
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    const results = document.getElementById("szukaj-top-wyniki");
    if (results) results.innerHTML = "";
  }
});
// Buttons that destroy something ask first: <button data-confirm="Remove this income?">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
// Live search results under the top bar: arrow keys move from the box into the list and along it.
document.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const box = document.getElementById("szukaj-top");
  const results = document.getElementById("szukaj-top-wyniki");
  if (!box || !results) return;
  const links = Array.from(results.querySelectorAll("a"));
  if (!links.length) return;
  const index = links.indexOf(document.activeElement);
  if (document.activeElement !== box && index === -1) return;
  event.preventDefault();
  if (event.key === "ArrowDown") {
    links[Math.min(index + 1, links.length - 1)].focus();
  } else if (index <= 0) {
    box.focus();
  } else {
    links[index - 1].focus();
  }
});
// A print button: <button data-print> (no inline handlers: the Content-Security-Policy forbids them).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
