#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// The test site's pa_django.py kept running per variant and engine ("pa_django.py serve"), so that Django
// starts once per test process instead of once per seed, snapshot or verify: most of a database suite's CPU
// time went into those starts. Requests run one at a time on the thread of the application object; anywhere
// else, and with PA_TEST_DJANGO_SERVE=0, callers run a process per command as before.
class DjangoServer
{
public:
    struct Reply
    {
        bool answered = false; // false: the server could not be started or did not answer (see failure)
        int exitCode = -1;
        QByteArray out;
        QString err;
        QString failure;
    };

    // Whether requests can go to a kept server from the calling thread.
    static bool usable();
    // Runs pa_django.py `args` against `databaseName` in the server of `key`, started with `program`
    // `startArguments` and `environment` when there is none yet (or it has died).
    static Reply request(const QString &key, const QString &program, const QStringList &startArguments,
                         const QProcessEnvironment &environment, const QString &databaseName,
                         const QStringList &args);
};
