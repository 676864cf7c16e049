// Small helpers called from the Blazor components through JS interop.
window.perfeval = {
  scrollToId: (id) => {
    const el = document.getElementById(id);
    if (el) { el.scrollIntoView({ block: "center" }); }
  },
};
