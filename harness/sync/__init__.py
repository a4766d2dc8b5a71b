"""The dry-run sync: profile (connector rules), matching, plan, checks, rehearsal, engine."""
