#!/usr/bin/python3
"""Creates users in a copy of the test site that has profile-admin's snippet installed, the ways a site does.

    python3 snippet_users.py orm          one user through User.objects.create_user()
    python3 snippet_users.py race N       N threads create N users at once, then N threads send post_save for one
                                          user whose rows were deleted, all at once (PostgreSQL)

Prints one JSON object: {"created": [...usernames], "errors": ["ExceptionType: message", ...]}.
"""
import json
import os
import sys
import threading
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_config.settings')

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402

User = get_user_model()
errors = []
created = []


def together(count, work):
    """Runs work(i) in `count` threads released at the same moment; each thread has its own connection."""
    barrier = threading.Barrier(count)

    def run(i):
        try:
            barrier.wait()
            work(i)
        except Exception as exc:  # every failure is reported, none is swallowed
            errors.append(f'{type(exc).__name__}: {exc}')
            traceback.print_exc()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main():
    mode = sys.argv[1]
    if mode == 'orm':
        User.objects.create_user('orm_user', 'orm@example.org', 'secret')
        created.append('orm_user')
    elif mode == 'race':
        count = int(sys.argv[2])

        def make(i):
            name = f'race_{i:03d}'
            User.objects.create_user(name, f'{name}@example.org', 'secret')
            created.append(name)

        together(count, make)
        # The receivers of one user, run at once: every get_or_create but one finds the row another made.
        user = User.objects.get(username='race_000')
        for relation in [f for f in User._meta.related_objects if f.one_to_one]:
            relation.related_model.objects.filter(**{relation.field.name: user}).delete()

        def resend(i):
            post_save.send(sender=User, instance=user, created=True, raw=False, using='default')

        together(count, resend)
    print(json.dumps({'created': created, 'errors': errors}))


if __name__ == '__main__':
    main()
