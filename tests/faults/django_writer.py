#!/usr/bin/python3
"""A running Django site, played against a test database while profile-admin works on it.

    /usr/bin/python3 tests/faults/django_writer.py --mode users|profiles --stop-file FILE [--first-id A --last-id B]

configured by the same PA_* environment variables as tests/django_site/pa_django.py.

On SQLite profile-admin holds the write lock for its whole transaction (200,000 profiles: well under a second on
an idle machine), so the site's writes wait for it. The site waits up to 30 s (OPTIONS timeout) instead of
Django's default 5 s, so that a busy CI machine, not the tool, cannot make the site fail.

    users     signs up users one at a time through the ORM, each in one transaction as a signup view under
              ATOMIC_REQUESTS does. A post_save receiver gives three in four of them a profile the way the
              seed's site does (Profile.objects.create(user=instance) when created); the others stay without
              one, as users imported by a script that skips signals would.
    profiles  calls Profile.objects.get_or_create() for random users with ids A..B, as a view that makes the
              profile on first visit does. Django handles the IntegrityError of a lost race itself.

Prints "ready" once its first write is committed, works until FILE exists (or its parent, the test, is gone),
then prints one JSON summary:
users_created, users_with_profile, created, found, errors (every exception it met, at most 20) and
error_count. Exit status 0 whenever it could run.
"""
import argparse
import faulthandler
import json
import os
import random
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'django_site'))

import pa_django  # noqa: E402  (the site's own setup, so both scripts see the same models)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--mode', choices=('users', 'profiles'), required=True)
    parser.add_argument('--stop-file', required=True)
    parser.add_argument('--first-id', type=int, default=1)
    parser.add_argument('--last-id', type=int, default=1)
    args = parser.parse_args()

    # `kill -USR1` prints where a stuck writer is, for whoever debugs a hanging test.
    faulthandler.register(signal.SIGUSR1)
    pa_django.setup_django()
    from django.db import connection, transaction
    from django.db.models.signals import post_save

    if connection.vendor == 'sqlite':
        connection.settings_dict['OPTIONS'] = {'timeout': 30}
    site = pa_django.Site()
    summary = {'users_created': 0, 'users_with_profile': 0, 'created': 0, 'found': 0, 'errors': [],
               'error_count': 0}

    def create_profile(sender, instance, created, **kwargs):
        if created and instance.pk % 4 != 0:
            site.Profile.objects.create(**{site.link.name: instance})
            summary['users_with_profile'] += 1

    post_save.connect(create_profile, sender=site.User)
    rng = random.Random(os.getpid())
    ready = False
    step = 0
    parent = os.getppid()
    while not os.path.exists(args.stop_file) and os.getppid() == parent:
        step += 1
        try:
            if args.mode == 'users':
                name = f'site{os.getpid()}_{step}'
                fields = {'username': name, 'email': f'{name}@example.com', 'password': '!'}
                with transaction.atomic():
                    site.User.objects.create(**fields)
                summary['users_created'] += 1
            else:
                uid = rng.randint(args.first_id, args.last_id)
                _, created = site.Profile.objects.get_or_create(**{site.link.attname: uid})
                summary['created' if created else 'found'] += 1
        except Exception as exc:  # any error the site would have shown its users
            summary['error_count'] += 1
            if len(summary['errors']) < 20:
                summary['errors'].append(f'{type(exc).__name__}: {exc}')
        if not ready:
            print('ready', flush=True)
            ready = True
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
