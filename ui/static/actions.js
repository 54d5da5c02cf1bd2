// js_on_load of the conversation and lookup panels (gr.HTML gives element and trigger).
// One delegated listener survives every re-render of the panel's inner HTML.
const copyText = async (text) => {
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    // Plain http on a LAN address has no clipboard API: fall back to a selection copy.
    const area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
};

const act = (target) => {
  const button = target.closest("[data-action]");
  if (!button || !element.contains(button)) return;
  if (button.dataset.action === "copy") {
    const label = (button.dataset.label ||= button.textContent); // data-done: "copied"
    copyText(button.dataset.text).then(() => {
      button.textContent = button.dataset.done;
      setTimeout(() => (button.textContent = label), 1500);
    });
    return;
  }
  trigger("click", Object.assign({}, button.dataset));
  window.qaOpener = button; // Esc returns the keyboard here
  // On a phone the source panel sits below what was tapped: bring its top into view.
  const panel = document.getElementById({ cite: "chat-source", open: "lookup-source" }[button.dataset.action]);
  const box = panel && panel.getBoundingClientRect();
  const below = box && box.top >= button.getBoundingClientRect().bottom;
  if (box && (box.bottom < 0 || (below && box.top > window.innerHeight * 0.25))) {
    panel.scrollIntoView({ behavior: "smooth", block: "start" });
  }
};

element.addEventListener("click", (event) => act(event.target));
element.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("[data-action][tabindex]")) act(event.target);
});

// Esc closes an open source and gives the keyboard back to the marker or hit that opened it.
// Both panels load this script; the document-level listener is added once.
if (!window.qaEscape) {
  window.qaEscape = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const id of ["chat-source", "lookup-source"]) {
      const panel = document.getElementById(id);
      const open = panel && panel.querySelector(".source");
      if (!open || !panel.checkVisibility()) continue;
      const closed = document.createElement("div");
      closed.className = "source-empty";
      closed.textContent = open.dataset.closed;
      open.replaceWith(closed);
      if (window.qaOpener && document.contains(window.qaOpener)) window.qaOpener.focus();
    }
  });
}
