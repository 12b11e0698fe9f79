#!/usr/bin/python3
"""Django's command-line utility for the profile-admin test site (configured by PA_* environment variables)."""
import os
import sys


def main():
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_config.settings')
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)


if __name__ == '__main__':
    main()
