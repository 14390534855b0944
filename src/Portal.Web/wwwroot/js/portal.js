// Small browser helpers the Blazor pages call through JS interop.
window.portal = {
    // Saves text as a file (e.g. a migration's transformed manifests) without a round trip to the server.
    downloadText(fileName, text, contentType) {
        const url = URL.createObjectURL(new Blob([text], { type: contentType || "text/plain" }));
        const a = document.createElement("a");
        a.href = url;
        a.download = fileName;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
};

// Skip link: "#main-content" would resolve against <base href="/"> and leave the page, so move the focus instead.
// Capture phase, so Blazor's link interception never sees the click.
document.addEventListener("click", e => {
    const link = e.target instanceof Element ? e.target.closest("a.skip-link") : null;
    if (!link) return;
    e.preventDefault();
    e.stopPropagation();
    const main = document.getElementById("main-content");
    if (main) { main.focus(); main.scrollIntoView(); }
}, true);
