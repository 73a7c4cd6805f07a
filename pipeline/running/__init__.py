"""Running: the Extractor for one document, batches of folders, and Dask."""
