"""Putting xl-portfolio into Excel: build the ribbon add-in, install it, configure xlwings.

The logic lives here rather than in the installer scripts so that it runs, and is
tested, on any platform: paths come from `locations` for an explicit target platform.
"""
