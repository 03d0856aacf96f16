"""The data-protection officer's operations: retention, erasure, subject access, registers."""
