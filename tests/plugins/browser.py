"""Fixtures for a real headless Chromium."""
