#!/usr/bin/python3
"""The test site's own command line, for the C++ tests: build a schema with Django's migrations, fill it, and judge
the result through Django's ORM.

    /usr/bin/python3 tests/django_site/pa_django.py COMMAND [options]

configured by the PA_* environment variables of site_config/settings.py (PA_VARIANT, PA_DB_ENGINE, PA_DB_NAME,
PA_PG_HOST, PA_PG_PORT, PA_PG_USER, PA_PG_PASSWORD, PA_MINIMAL).

Commands:
    migrate                                   run every migration, quietly
    seed --users N --with-profile K [--start-id S]
                                              add N users (ids S.., default max(id)+1) and profiles for K of them,
                                              spread evenly so that users without a profile interleave; prints JSON
    snapshot                                  print every profile as JSON: {pk: {column: value-as-string-or-null}}
    verify [--snapshot FILE]                  print one JSON verdict (see cmd_verify); exit 0 whenever it could run
    sql-schema                                print the CREATE statements of the SQLite database, in sqlite_master order
    serve                                     answer requests, one JSON line each on stdin, until stdin ends:
                                              {"name": DATABASE, "args": [COMMAND, options...]} gets
                                              {"exit": N, "stdout": TEXT, "stderr": TEXT} on stdout; Django starts
                                              once for every request of the variant and engine instead of once each

Exit status: 0 done, 2 crashed (traceback on stderr); argparse's usage errors exit 2 too.
"""
import argparse
import datetime
import json
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
LIST_LIMIT = 50  # lists in the verdict stop here; the *_count keys keep the full numbers


def setup_django():
    sys.path.insert(0, HERE)
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_config.settings')
    import django
    django.setup()


class Site:
    """The models of the configured variant: the user model, the profile model and the profile's link field, and
    the other one-to-one models to the user (two_profiles: notifications.NotificationSettings)."""

    def __init__(self):
        from django.apps import apps
        from django.conf import settings
        from django.contrib.auth import get_user_model
        self.variant = settings.VARIANT
        self.User = get_user_model()
        self.others = []
        if self.variant in ('classic', 'two_profiles'):
            self.Profile = apps.get_model('account', 'Profile')
            self.link = self.Profile._meta.get_field('user')
            self.Post = None
        else:
            self.Profile = apps.get_model('members', 'MemberProfile')
            self.link = self.Profile._meta.get_field('owner')
            self.Post = apps.get_model('members', 'Post')
        if self.variant == 'two_profiles':
            self.others.append(apps.get_model('notifications', 'NotificationSettings'))
        # The name Django uses from the user side: user.profile, User.objects.filter(profile__isnull=True).
        self.accessor = self.link.remote_field.get_accessor_name()
        self.query_name = self.link.related_query_name()


def other_link(model):
    """The OneToOneField of `model` to the user model."""
    return next(f for f in model._meta.concrete_fields if f.one_to_one)


def spread(n, k):
    """Indexes 0..n-1 that get a profile: k of them, evenly spread (every other one when k == n / 2)."""
    k = max(0, min(k, n))
    return [i for i in range(n) if (i + 1) * k // n > i * k // n] if n else []


def reset_sequences(models):
    from django.core.management.color import no_style
    from django.db import connection
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def cmd_migrate(_args):
    from django.core.management import call_command
    call_command('migrate', verbosity=0, interactive=False)
    return 0


def cmd_seed(args):
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.db.models import Max

    site = Site()
    started = time.monotonic()
    n, batch = args.users, 1000
    start = args.start_id
    if start is None:
        start = (site.User.objects.aggregate(m=Max('pk'))['m'] or 0) + 1
    password = make_password(None)  # unusable, and hashed once: PBKDF2 per user would take minutes
    base = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    with_profile = set(spread(n, args.with_profile))
    posts = 0

    with transaction.atomic():
        users = []
        for i in range(n):
            uid = start + i
            fields = dict(
                id=uid, username=f'user{uid:05d}', email=f'user{uid:05d}@example.com',
                first_name=f'First{uid}', last_name=f'Last{uid}', password=password,
                is_active=uid % 10 != 0, is_staff=uid % 50 == 0, is_superuser=uid == 1,
                date_joined=base + datetime.timedelta(minutes=uid),
                last_login=None if uid % 3 == 0 else base + datetime.timedelta(days=30, minutes=uid))
            if site.variant == 'custom':
                fields['display_name'] = f'User {uid}'
            users.append(site.User(**fields))
        site.User.objects.bulk_create(users, batch_size=batch)
        reset_sequences([site.User])

        profiles = []
        for i in sorted(with_profile):
            uid = start + i
            birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=uid % 15000)
            if site.variant in ('classic', 'two_profiles'):
                profiles.append(site.Profile(user_id=uid, date_of_birth=birth, photo=f'users/seed/{uid}.jpg'))
            else:
                profiles.append(site.Profile(
                    owner_id=uid, bio=f'Seeded profile of user {uid}.', nickname=f'seed{uid}', newsletter=True,
                    karma=7, preferences={'seed': uid}, website=f'https://example.com/~user{uid}',
                    birthday=birth))
        site.Profile.objects.bulk_create(profiles, batch_size=batch)

        # The second one-to-one table: rows for half as many users as the profile table, made by save() as the
        # app makes them.
        others = 0
        for model in site.others:
            link = other_link(model)
            for i in spread(n, args.with_profile // 2):
                model(**{link.attname: start + i}).save()
                others += 1

        if site.Post is not None:
            post_rows = [site.Post(author_id=start + i, title=f'Post by user {start + i}')
                         for i in range(n) if i % 3 == 0]
            site.Post.objects.bulk_create(post_rows, batch_size=batch)
            posts = len(post_rows)

    print(json.dumps({
        'users_created': n, 'profiles_created': len(with_profile), 'posts_created': posts,
        'others_created': others,
        'first_id': start, 'last_id': start + n - 1,
        'users': site.User.objects.count(), 'profiles': site.Profile.objects.count(),
        'seconds': round(time.monotonic() - started, 3)}))
    return 0


def as_text(value):
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return str(value)


def row_of(site, profile):
    return {f.column: as_text(f.value_from_object(profile)) for f in site.Profile._meta.concrete_fields}


def load_profiles(site, pks):
    """{pk: profile or exception} for the given pks, fetched in chunks; a row Django cannot read is its exception."""
    found = {}
    for at in range(0, len(pks), 500):
        chunk = pks[at:at + 500]
        try:
            found.update((p.pk, p) for p in site.Profile.objects.filter(pk__in=chunk))
        except Exception:  # one row Django can't convert spoils the chunk: retry one by one
            for pk in chunk:
                try:
                    found.update((p.pk, p) for p in site.Profile.objects.filter(pk=pk))
                except Exception as exc:
                    found[pk] = exc
    return found


def snapshot(site):
    pks = list(site.Profile.objects.order_by('pk').values_list('pk', flat=True))
    out = {}
    for pk, profile in load_profiles(site, pks).items():
        out[str(pk)] = {'__error__': repr(profile)} if isinstance(profile, Exception) else row_of(site, profile)
    return out


def cmd_snapshot(_args):
    print(json.dumps(snapshot(Site()), sort_keys=True))
    return 0


def unique_violations(site):
    """What validate_unique() would report for every profile, found set-based: [{pk, errors}] for the rows
    whose non-NULL values of a unique field, unique_together or unconditional UniqueConstraint another row
    shares (the primary key is the database's own to keep unique)."""
    from django.db import connection

    meta = site.Profile._meta
    qn = connection.ops.quote_name
    groups = [(f.name,) for f in meta.local_fields if f.unique and not f.primary_key]
    groups += [tuple(fields) for fields in meta.unique_together]
    groups += [tuple(c.fields) for c in meta.total_unique_constraints]
    errors = {}
    with connection.cursor() as cursor:
        for names in dict.fromkeys(groups):
            columns = ', '.join(qn(meta.get_field(name).column) for name in names)
            not_null = ' AND '.join(f'{qn(meta.get_field(name).column)} IS NOT NULL' for name in names)
            cursor.execute(f'SELECT {qn(meta.pk.column)} FROM {qn(meta.db_table)} WHERE ({columns}) IN '
                           f'(SELECT {columns} FROM {qn(meta.db_table)} WHERE {not_null} '
                           f'GROUP BY {columns} HAVING COUNT(*) > 1)')
            key = names[0] if len(names) == 1 else '__all__'
            for (pk,) in cursor.fetchall():
                errors.setdefault(pk, {}).setdefault(key, []).append(
                    f'{meta.verbose_name} with this {", ".join(names)} already exists.')
    return [{'pk': pk, 'errors': e} for pk, e in errors.items()]


def cmd_verify(args):
    """One JSON object:
    users, profiles     row counts
    missing             users without a profile, by the ORM (User.objects.filter(profile__isnull=True))
    duplicates          link values held by more than one profile (SQL GROUP BY ... HAVING COUNT(*) > 1)
    orphans             profiles whose link names no user (SQL LEFT JOIN)
    invalid             [{pk, errors}] profiles failing full_clean() or that Django cannot even read
    access_errors       [{pk, error}] users for whom user.profile raises (includes the missing ones)
    changed             [{pk, before, after}] snapshot profiles whose values differ now (after null: vanished)
    *_count             the full lengths of the three lists above, which stop at 50 entries
    others              per other one-to-one table (two_profiles): rows, missing (users without a row, by the ORM),
                        access_errors_count (users whose related object cannot be reached)
    ok                  missing, duplicates and orphans are 0, the three lists are empty, and every other table
                        has no user missing and no access error
    """
    from django.core.exceptions import ValidationError
    from django.db import connection

    site = Site()
    started = time.monotonic()
    users = site.User.objects.count()
    profiles = site.Profile.objects.count()
    missing = site.User.objects.filter(**{f'{site.query_name}__isnull': True}).count()

    qn = connection.ops.quote_name
    table, link = qn(site.Profile._meta.db_table), qn(site.link.column)
    user_table, user_pk = qn(site.User._meta.db_table), qn(site.link.target_field.column)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM (SELECT {link} FROM {table} GROUP BY {link} '
                       f'HAVING COUNT(*) > 1) AS d')
        duplicates = cursor.fetchone()[0]
        cursor.execute(f'SELECT COUNT(*) FROM {table} AS p LEFT JOIN {user_table} AS u ON u.{user_pk} = p.{link} '
                       f'WHERE u.{user_pk} IS NULL')
        orphans = cursor.fetchone()[0]

    invalid = []
    pks = list(site.Profile.objects.order_by('pk').values_list('pk', flat=True))
    # validate_unique() asks the database once per row and unique field; set-based, the same checks cost one
    # query per field, unless a field is unique for a date, which only Django's own check understands.
    set_based = not any(f.unique_for_date or f.unique_for_month or f.unique_for_year
                        for f in site.Profile._meta.local_fields)
    for pk, profile in sorted(load_profiles(site, pks).items()):
        if isinstance(profile, Exception):
            invalid.append({'pk': pk, 'errors': {'__load__': [repr(profile)]}})
            continue
        try:
            profile.full_clean(validate_unique=not set_based)
        except ValidationError as exc:
            invalid.append({'pk': pk, 'errors': exc.message_dict})
    if set_based:
        by_pk = {entry['pk']: entry for entry in invalid}
        for violation in unique_violations(site):
            by_pk.setdefault(violation['pk'], {'pk': violation['pk'], 'errors': {}})['errors'].update(
                violation['errors'])
        invalid = [by_pk[pk] for pk in sorted(by_pk)]

    access_errors = []
    user_pks = list(site.User.objects.order_by('pk').values_list('pk', flat=True))
    for at in range(0, len(user_pks), 500):
        chunk = user_pks[at:at + 500]
        try:
            loaded = {u.pk: u for u in site.User.objects.filter(pk__in=chunk).select_related(site.accessor)}
        except Exception:  # a profile Django can't read spoils the chunk: fetch user by user, lazily
            loaded = {}
        for pk in chunk:
            try:
                user = loaded.get(pk) or site.User.objects.get(pk=pk)
                getattr(user, site.accessor)
            except Exception as exc:
                access_errors.append({'pk': pk, 'error': f'{type(exc).__name__}: {exc}'})

    # Every other one-to-one table: each user has its row, and reaching it from the user works.
    others = {}
    for model in site.others:
        link = other_link(model)
        accessor = link.remote_field.get_accessor_name()
        other_missing = site.User.objects.filter(**{f'{link.related_query_name()}__isnull': True}).count()
        other_errors = 0
        for user in site.User.objects.order_by('pk').select_related(accessor):
            try:
                getattr(user, accessor)
            except Exception:
                other_errors += 1
        others[model._meta.db_table] = {'rows': model.objects.count(), 'missing': other_missing,
                                        'access_errors_count': other_errors}

    changed = []
    if args.snapshot:
        with open(args.snapshot, encoding='utf-8') as f:
            before = json.load(f)
        now = snapshot(site)
        for pk in sorted(before, key=int):
            if now.get(pk) != before[pk]:
                changed.append({'pk': int(pk), 'before': before[pk], 'after': now.get(pk)})

    verdict = {
        'users': users, 'profiles': profiles, 'missing': missing, 'duplicates': duplicates, 'orphans': orphans,
        'invalid': invalid[:LIST_LIMIT], 'invalid_count': len(invalid),
        'access_errors': access_errors[:LIST_LIMIT], 'access_errors_count': len(access_errors),
        'changed': changed[:LIST_LIMIT], 'changed_count': len(changed), 'others': others,
        'ok': missing == 0 and duplicates == 0 and orphans == 0 and not invalid and not access_errors
        and not changed and all(o['missing'] == 0 and o['access_errors_count'] == 0 for o in others.values()),
        'seconds': round(time.monotonic() - started, 3),
    }
    print(json.dumps(verdict, sort_keys=True))
    return 0


def cmd_sql_schema(_args):
    from django.conf import settings
    from django.db import connection
    if connection.vendor != 'sqlite':
        print('sql-schema needs PA_DB_ENGINE=sqlite', file=sys.stderr)
        return 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' "
                       "ESCAPE '\\' ORDER BY rowid")
        for (sql,) in cursor.fetchall():
            print(sql.rstrip().rstrip(';') + ';')
    apps = ', '.join(a.rsplit('.', 1)[-1] for a in settings.INSTALLED_APPS)
    import django
    minimal = 'PA_MINIMAL=1 ' if settings.MINIMAL else ''
    print(f'-- Generated from Django {django.get_version()} migrate on SQLite (apps: {apps}) by '
          f'tests/django_site: {minimal}pa_django.py migrate, then pa_django.py sql-schema')
    return 0


def run_request(parser, name, argv):
    """One request of `serve`: the command of `argv` against database `name`, with its output captured."""
    import contextlib
    import io
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections
    connections.close_all()
    connections['default'].settings_dict['NAME'] = name
    ContentType.objects.clear_cache()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = parser.parse_args(argv)
            if args.command in ('serve', 'migrate'):
                # migrate changes the process's idea of the schema; it runs in a process of its own.
                print(f'{args.command} does not run inside serve', file=sys.stderr)
                status = 2
            else:
                status = args.run(args)
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 2
        except Exception:
            traceback.print_exc()
            status = 2
        finally:
            # Nothing stays open between requests: the tests drop and lock these databases meanwhile.
            connections.close_all()
    return {'exit': status, 'stdout': out.getvalue(), 'stderr': err.getvalue()}


def cmd_serve(parser):
    for line in sys.stdin:
        request = json.loads(line)
        reply = run_request(parser, request['name'], request['args'])
        sys.stdout.write(json.dumps(reply) + '\n')
        sys.stdout.flush()
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog='pa_django.py', description=__doc__.split('\n\n')[0])
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('migrate', help='run the migrations quietly').set_defaults(run=cmd_migrate)
    seed = sub.add_parser('seed', help='add users and profiles for some of them')
    seed.add_argument('--users', type=int, required=True)
    seed.add_argument('--with-profile', type=int, required=True)
    seed.add_argument('--start-id', type=int)
    seed.set_defaults(run=cmd_seed)
    sub.add_parser('snapshot', help='print every profile as JSON').set_defaults(run=cmd_snapshot)
    verify = sub.add_parser('verify', help='judge the database through the ORM; print JSON')
    verify.add_argument('--snapshot', metavar='FILE', help='a snapshot whose profiles must be unchanged')
    verify.set_defaults(run=cmd_verify)
    sub.add_parser('sql-schema', help='print the SQLite CREATE statements').set_defaults(run=cmd_sql_schema)
    sub.add_parser('serve', help='answer JSON requests on stdin with Django started once')
    args = parser.parse_args(argv)
    try:
        setup_django()
        if args.command == 'serve':
            return cmd_serve(parser)
        return args.run(args)
    except Exception:
        traceback.print_exc()
        return 2


if __name__ == '__main__':
    sys.exit(main())
