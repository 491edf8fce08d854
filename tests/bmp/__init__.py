"""Tests of the faultbook.bmp codec."""
