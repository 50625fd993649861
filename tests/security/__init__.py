"""Security checks that CI runs on every change: API fuzzing and the upload attack set."""
