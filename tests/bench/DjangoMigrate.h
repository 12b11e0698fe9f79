#pragma once

#include "DatabaseUrl.h"

#include <QString>

// Runs the test site's Django 3.2 migrate (tests/django_site/pa_django.py, the classic variant's minimal
// tables) into the empty server database `url`; `engine` is the site's PA_DB_ENGINE ("postgres", "mariadb").
bool runDjangoMigrate(const QString &python, const QString &sourceDir, const QString &engine,
                      const DatabaseUrl &url, QString *error);
