"""Reports built from a published snapshot, so every figure in a document is the published one."""
