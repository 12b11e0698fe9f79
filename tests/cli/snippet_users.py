#!/usr/bin/python3
"""Creates users in a copy of the test site that has profile-admin's snippet installed, the ways a site does.

    python3 snippet_users.py orm          one user through User.objects.create_user()
    python3 snippet_users.py race N       N threads create N users at once, then N threads send post_save for one
                                          user whose rows were deleted, all at once (PostgreSQL, MariaDB)
    python3 snippet_users.py deadlock     a new user's receiver meets another transaction in a deadlock that
                                          InnoDB breaks by rolling the receiver back (MariaDB)

Prints one JSON object: {"created": [...usernames], "errors": ["ExceptionType: message", ...]}.
"""
import json
import os
import sys
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_config.settings')

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402

User = get_user_model()
errors = []
created = []


def reported(work):
    """work() made fit for a thread: every failure is reported, none is swallowed; the thread's connection closes."""
    def run(*args):
        try:
            work(*args)
        except Exception as exc:
            errors.append(f'{type(exc).__name__}: {exc}')
            traceback.print_exc()
        finally:
            connection.close()
    return run


def start(work, *args):
    thread = threading.Thread(target=reported(work), args=args)
    thread.start()
    return thread


def together(count, work):
    """Runs work(i) in `count` threads released at the same moment; each thread has its own connection."""
    barrier = threading.Barrier(count)

    def released(i):
        barrier.wait()
        work(i)

    for thread in [start(released, i) for i in range(count)]:
        thread.join()


def one_to_one_relations():
    return [f for f in User._meta.related_objects if f.one_to_one]


def delete_rows_of(user):
    for relation in one_to_one_relations():
        relation.related_model.objects.filter(**{relation.field.name: user}).delete()


def send_post_save(user):
    post_save.send(sender=User, instance=user, created=True, raw=False, using='default')


def deadlock():
    """A new user's receiver, in autocommit as after create_user(), and another transaction lock each other.

    The other transaction has created the user's row in a profile table and changed the other users, so it is the
    larger of the two; the receiver waits for that row. When the other transaction then updates the new user, whose
    row the receiver's foreign key check holds, InnoDB breaks the deadlock by rolling the receiver back. Each step
    waits for the server to show the lock wait it needs, never for a time.
    """
    user = User.objects.create_user('deadlock_user', 'deadlock@example.org', 'secret')
    created.append(user.username)
    delete_rows_of(user)
    relation = one_to_one_relations()[0]
    row_held = threading.Event()
    receiver_waits = threading.Event()

    def other_transaction():
        with transaction.atomic():
            User.objects.exclude(pk=user.pk).update(last_name='changed by the site')
            relation.related_model.objects.create(**{relation.field.name: user})
            row_held.set()
            receiver_waits.wait(90)
            User.objects.filter(pk=user.pk).update(last_name='changed by the site')

    def receiver():
        if not row_held.wait(60):
            raise TimeoutError('the other transaction never created its row')
        send_post_save(user)

    threads = [start(other_transaction), start(receiver)]
    row_held.wait(60)
    with connection.cursor() as cursor:
        for _ in range(600):
            cursor.execute("SELECT count(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'")
            if cursor.fetchone()[0]:
                break
            time.sleep(0.1)
        else:
            errors.append('TimeoutError: the receiver never waited for the other transaction')
    receiver_waits.set()
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
        delete_rows_of(user)
        together(count, lambda i: send_post_save(user))
    elif mode == 'deadlock':
        deadlock()
    print(json.dumps({'created': created, 'errors': errors}))


if __name__ == '__main__':
    main()
