"""The sources of My work, one module each; `asap.work.sources.SOURCES` lists them."""
