"""The output folder: what the build owns there, staging, journal and commit."""
