"""The pytest plugin (entry point ``pytest11``): scenario files as tests, and sandbox fixtures."""
