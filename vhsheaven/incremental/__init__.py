"""Every reuse trick between builds: cache keys, stored results, manifests."""
