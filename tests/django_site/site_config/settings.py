"""Settings of the profile-admin test site, taken entirely from the environment.

PA_VARIANT    classic (auth.User + account.Profile, the seed's schema) | custom (members.Member + MemberProfile)
              | two_profiles (classic + notifications.NotificationSettings, a second one-to-one table)
PA_DB_ENGINE  sqlite | postgres | mariadb
PA_DB_NAME    the SQLite file path, or the PostgreSQL / MariaDB database name
PA_PG_HOST, PA_PG_PORT, PA_PG_USER, PA_PG_PASSWORD   optional, for postgres (empty: libpq's defaults) and for
              mariadb (empty: the client library's defaults)
PA_MINIMAL=1  only contenttypes + auth + account (classic): the tables of resources/demo/schema.sql
"""
import os

from django.core.exceptions import ImproperlyConfigured

VARIANT = os.environ.get('PA_VARIANT', 'classic')
ENGINE = os.environ.get('PA_DB_ENGINE', 'sqlite')
MINIMAL = os.environ.get('PA_MINIMAL') == '1'

if VARIANT not in ('classic', 'custom', 'two_profiles'):
    raise ImproperlyConfigured(f'PA_VARIANT must be classic, custom or two_profiles, not {VARIANT!r}')
if MINIMAL and VARIANT != 'classic':
    raise ImproperlyConfigured('PA_MINIMAL=1 only goes with PA_VARIANT=classic')

SECRET_KEY = 'profile-admin-tests-only'
DEBUG = False
ALLOWED_HOSTS = ['localhost']
USE_TZ = True
TIME_ZONE = 'UTC'
USE_I18N = False
# What Django 3.2's startproject writes; the contrib apps keep their own AutoField.
DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'

INSTALLED_APPS = ['django.contrib.contenttypes', 'django.contrib.auth']
if not MINIMAL:
    # admin makes django_admin_log, whose user_id points at AUTH_USER_MODEL. Its system checks want messages,
    # a template engine and these middlewares; signed-cookie sessions spare the django_session table.
    INSTALLED_APPS += ['django.contrib.admin', 'django.contrib.messages']
    MIDDLEWARE = [
        'django.contrib.sessions.middleware.SessionMiddleware',
        'django.contrib.auth.middleware.AuthenticationMiddleware',
        'django.contrib.messages.middleware.MessageMiddleware',
    ]
    SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'
    TEMPLATES = [{
        'BACKEND': 'django.template.backends.django.DjangoTemplates',
        'APP_DIRS': True,
        'OPTIONS': {'context_processors': [
            'django.template.context_processors.request',
            'django.contrib.auth.context_processors.auth',
            'django.contrib.messages.context_processors.messages',
        ]},
    }]
    ROOT_URLCONF = 'site_config.urls'

if VARIANT == 'classic':
    INSTALLED_APPS.append('account')
elif VARIANT == 'two_profiles':
    INSTALLED_APPS += ['account', 'notifications']
else:
    INSTALLED_APPS.append('members')
    AUTH_USER_MODEL = 'members.Member'

if ENGINE == 'sqlite':
    DATABASES = {'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': os.environ.get('PA_DB_NAME', 'db.sqlite3'),
    }}
elif ENGINE == 'postgres':
    DATABASES = {'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': os.environ.get('PA_DB_NAME', 'postgres'),
        'HOST': os.environ.get('PA_PG_HOST', ''),
        'PORT': os.environ.get('PA_PG_PORT', ''),
        'USER': os.environ.get('PA_PG_USER', ''),
        'PASSWORD': os.environ.get('PA_PG_PASSWORD', ''),
    }}
elif ENGINE == 'mariadb':
    # Django's own MySQL backend (mysqlclient): strict mode and utf8mb4, as its documentation recommends.
    DATABASES = {'default': {
        'ENGINE': 'django.db.backends.mysql',
        'NAME': os.environ.get('PA_DB_NAME', 'test'),
        'HOST': os.environ.get('PA_PG_HOST', ''),
        'PORT': os.environ.get('PA_PG_PORT', ''),
        'USER': os.environ.get('PA_PG_USER', ''),
        'PASSWORD': os.environ.get('PA_PG_PASSWORD', ''),
        'OPTIONS': {'charset': 'utf8mb4', 'init_command': "SET sql_mode='STRICT_TRANS_TABLES'"},
    }}
else:
    raise ImproperlyConfigured(f'PA_DB_ENGINE must be sqlite, postgres or mariadb, not {ENGINE!r}')

MEDIA_ROOT = os.environ.get('PA_MEDIA_ROOT', '/nonexistent-profile-admin-media')
MEDIA_URL = '/media/'
