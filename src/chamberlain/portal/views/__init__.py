"""Portal pages, one module per area; each handler parses a form, calls one service
function and renders the result."""
