"""Tests of the web site: test client pages, the route walk, and real Chromium."""
