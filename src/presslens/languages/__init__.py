"""Languages other than English: identification, and the analysis path of Russian and Ukrainian."""
