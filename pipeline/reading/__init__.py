"""Reading: decode files and HTML, clean page furniture, detect the language, and mask what cannot hold a claim."""
