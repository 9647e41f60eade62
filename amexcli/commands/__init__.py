"""One module per noun; each parses, calls the domain and hands the result to `output`."""
