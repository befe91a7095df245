"""Limits shared by the reader, the command line and the dashboard (a light module: no pandas)."""

MAX_UPLOAD_MB = 200  # .streamlit/config.toml server.maxUploadSize must say the same (a test checks)
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
