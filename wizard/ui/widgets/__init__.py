"""Widgets shared by or split out of the wizard's pages."""
