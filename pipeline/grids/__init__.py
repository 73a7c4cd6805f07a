"""Tables and lists: find grids in the text and turn their cells into claims."""
