"""The benchmark: a fictional data set at scale and in-process page timings."""
