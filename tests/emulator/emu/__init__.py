"""libawsmap's loopback AWS emulator (see ../README.md)."""
