"""profile-admin's helper inside a Django project, run by the project's own Python:

    python -c "<this file>" PATH/manage.py introspect
    python -c "<this file>" PATH/manage.py create '{"tables": [...], "batch": 500, "set": {...}}'

It runs manage.py itself, as `python manage.py` would, but catches Django's execute_from_command_line(): so
whatever manage.py does before it (DJANGO_SETTINGS_MODULE, .env files, sys.path changes) is done exactly as
for the project's own commands, and no management command of ours has to be installed in the project.

Everything for profile-admin is one JSON object per line on stdout; the project's own prints are moved to
stderr. Exit status: 0 done, 3 error (a {"type": "error"} line says why), 4 cancelled (nothing written).
"""
import datetime
import decimal
import json
import os
import runpy
import signal
import sys
import threading
import traceback
import uuid

CHANNEL = sys.stdout
TRACEBACK_LINES = 8


def emit(message):
    CHANNEL.write(json.dumps(message) + '\n')
    CHANNEL.flush()


class Cancelled(Exception):
    pass


class Stop:
    """Set when profile-admin asks to stop: SIGTERM or SIGINT, or our stdin closed (profile-admin gone)."""

    def __init__(self):
        self.event = threading.Event()

    def watch(self):
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: self.event.set())
        threading.Thread(target=self._read_stdin, daemon=True).start()

    def _read_stdin(self):
        try:
            while sys.stdin.readline():
                pass
        except (OSError, ValueError):
            pass
        self.event.set()

    def check(self):
        if self.event.is_set():
            raise Cancelled()


def load_project(manage):
    """Runs manage.py up to its call of execute_from_command_line(), then sets Django up."""
    import django
    from django.core import management

    reached = []
    management.execute_from_command_line = lambda argv=None: reached.append(argv)
    sys.path.insert(0, os.path.dirname(manage))
    saved_argv = sys.argv
    sys.argv = [manage, 'profile-admin']
    try:
        runpy.run_path(manage, run_name='__main__')
    except SystemExit as exit_:
        if exit_.code not in (None, 0):
            raise RuntimeError(f'{manage} exited with status {exit_.code} before Django started')
    finally:
        sys.argv = saved_argv
    if not reached and not os.environ.get('DJANGO_SETTINGS_MODULE'):
        raise RuntimeError(f'{manage} neither called execute_from_command_line() nor set '
                           'DJANGO_SETTINGS_MODULE; is it a Django manage.py?')
    django.setup()


def qualified_name(function):
    """'django.utils.timezone.now', 'datetime.datetime.now', 'uuid.uuid4', 'dict', 'app.models.f'."""
    owner = getattr(function, '__self__', None)
    if isinstance(owner, type):
        return f'{owner.__module__}.{owner.__qualname__}.{function.__name__}'
    module = getattr(function, '__module__', None) or ''
    name = getattr(function, '__qualname__', None) or getattr(function, '__name__', None) or repr(function)
    return name if module in ('', 'builtins') else f'{module}.{name}'


def constant(field, value):
    """A constant default as JSON: the value as the database holds it, or None when it has no such form."""
    if value is None or isinstance(value, (bool, int, float, str)):
        if field.get_internal_type() == 'JSONField':
            return {'kind': 'constant', 'value': json.dumps(value)}
        return {'kind': 'constant', 'value': value}
    if isinstance(value, (dict, list)):
        return {'kind': 'constant', 'value': json.dumps(value)}
    if isinstance(value, decimal.Decimal):
        return {'kind': 'constant', 'value': str(value)}
    if isinstance(value, (datetime.date, datetime.time)):
        return {'kind': 'constant', 'value': value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {'kind': 'constant', 'value': str(value)}
    return {'kind': 'unsupported', 'repr': repr(value)[:80]}


def describe_default(field):
    if not field.has_default():
        return {'kind': 'none'}
    if callable(field.default):
        return {'kind': 'callable', 'callable': qualified_name(field.default)}
    return constant(field, field.default)


def describe_field(field):
    choices = [[str(value), str(label)] for value, label in field.flatchoices] if field.choices else []
    return {
        'name': field.name, 'column': field.column, 'type': field.get_internal_type(),
        'null': field.null, 'blank': field.blank, 'primary_key': field.primary_key,
        'auto_now': bool(getattr(field, 'auto_now', False)),
        'auto_now_add': bool(getattr(field, 'auto_now_add', False)),
        'choices': choices, 'default': describe_default(field),
    }


def user_links(user_model):
    """(model, field) for every concrete model with a OneToOneField to the user model."""
    from django.apps import apps
    for model in apps.get_models():
        if model._meta.proxy or model is user_model:
            continue
        for field in model._meta.concrete_fields:
            if (field.one_to_one and field.remote_field.model is user_model
                    and not getattr(field.remote_field, 'parent_link', False)):
                yield model, field


def overrides_save(model):
    from django.db import models
    return any('save' in vars(klass) for klass in model.__mro__
               if klass is not models.Model and issubclass(klass, models.Model))


def database(settings_dict, vendor):
    name = settings_dict.get('NAME') or ''
    if vendor == 'sqlite':
        name = os.path.abspath(str(name))
    options = {str(k): v for k, v in (settings_dict.get('OPTIONS') or {}).items()
               if isinstance(v, (str, int, float, bool))}
    return {
        'vendor': vendor, 'engine': settings_dict.get('ENGINE', ''), 'name': str(name),
        'host': str(settings_dict.get('HOST') or ''), 'port': str(settings_dict.get('PORT') or ''),
        'user': str(settings_dict.get('USER') or ''), 'password': str(settings_dict.get('PASSWORD') or ''),
        'options': options,
        'ignored_options': sorted(str(k) for k in (settings_dict.get('OPTIONS') or {}) if str(k) not in options),
    }


def introspect(_args):
    import django
    from django.contrib.auth import get_user_model
    from django.db import connections

    user_model = get_user_model()
    default = connections['default']
    profiles = []
    for model, link in user_links(user_model):
        profiles.append({
            'app_label': model._meta.app_label, 'model': model.__name__, 'table': model._meta.db_table,
            'link_column': link.column, 'overrides_save': overrides_save(model),
            'fields': [describe_field(f) for f in model._meta.concrete_fields],
        })
    emit({'type': 'project', 'django': django.get_version(),
          'database': database(default.settings_dict, default.vendor),
          'user_model': {'label': user_model._meta.label, 'table': user_model._meta.db_table,
                         'key_column': user_model._meta.pk.column},
          'profiles': profiles})
    return 0


def create(args):
    """Creates every missing profile of the tables named through the ORM, in one transaction.atomic()."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    stop = Stop()
    stop.watch()
    user_model = get_user_model()
    links = {model._meta.db_table: (model, link) for model, link in user_links(user_model)}
    unknown = [t for t in args['tables'] if t not in links]
    if unknown:
        raise LookupError(f'no model with a OneToOneField to {user_model._meta.label} has the table '
                          f'{", ".join(unknown)}')
    batch = int(os.environ.get('PA_DJANGO_BATCH') or args.get('batch') or 500)
    # Tests: after the first batch, wait to be stopped; a value other than 1 names a file made then.
    hold = os.environ.get('PA_DJANGO_HOLD_AFTER_BATCH')
    values = args.get('set') or {}
    created = {}
    with transaction.atomic():
        for table in args['tables']:
            model, link = links[table]
            fields = {f.column: f for f in model._meta.concrete_fields}
            assigned = {fields[c].attname: fields[c].to_python(v) for c, v in values.get(table, {}).items()}
            key = link.target_field.attname
            have = model._base_manager.filter(**{f'{link.attname}__isnull': False}).values(link.attname)
            missing = user_model._base_manager.exclude(**{f'{key}__in': have}).order_by(key)
            total = missing.count()
            done, last = 0, None
            emit({'type': 'progress', 'table': table, 'done': 0, 'total': total})
            while True:
                page = missing if last is None else missing.filter(**{f'{key}__gt': last})
                keys = list(page.values_list(key, flat=True)[:batch])
                if not keys:
                    break
                for value in keys:
                    stop.check()
                    model(**{link.attname: value}, **assigned).save()
                done += len(keys)
                last = keys[-1]
                emit({'type': 'progress', 'table': table, 'done': done, 'total': total})
                if hold:
                    if hold != '1':
                        open(hold, 'w').close()
                    stop.event.wait()
                stop.check()
            created[table] = done
    emit({'type': 'done', 'created': created})
    return 0


def main():
    if len(sys.argv) < 3:
        emit({'type': 'error', 'message': 'usage: python -c SCRIPT PATH/manage.py introspect|create [JSON]',
              'traceback': []})
        return 3
    manage, command = os.path.abspath(sys.argv[1]), sys.argv[2]
    args = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    sys.stdout = sys.stderr  # the project's own prints must not mix with our JSON lines
    try:
        load_project(manage)
        return {'introspect': introspect, 'create': create}[command](args)
    except (Cancelled, KeyboardInterrupt):
        emit({'type': 'cancelled'})
        return 4
    except BaseException as error:  # noqa: B902 - every failure must reach profile-admin as one message
        lines = traceback.format_exc().rstrip().splitlines()
        emit({'type': 'error', 'message': f'{type(error).__name__}: {error}',
              'traceback': lines[-TRACEBACK_LINES:]})
        return 3


sys.exit(main())
