"""Nothing lost: safe paths, the git guard, masked secrets, deep input, atomic writes, the write-ahead journal,
interrupts."""
