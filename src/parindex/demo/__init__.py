"""The built-in demo cycle: synthetic but plausible inputs for real units, computed by the core."""
