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
