#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// What one run of profile-admin-bench measures, from its command line.
class BenchOptions
{
public:
    // Parses the arguments; on --help/--version or an error prints to stdout/stderr and sets `exitCode`.
    static BenchOptions parse(const QStringList &arguments, int *exitCode);

    bool ok = false;
    QList<qint64> sizes{100000, 1000000}; // users per database
    // Users per never-analysed PostgreSQL database: small sizes are where a planner without statistics
    // guessed worst.
    QList<qint64> unanalysedSizes{4000, 15000, 25000, 100000};
    // Users per database in which only `sparseMissing` users lack a profile: the anti-join finds no early
    // end.
    QList<qint64> sparseSizes;
    int sparseMissing = 1000;
    // Engines, in this order; "postgresql-unanalysed" is PostgreSQL without ANALYZE, as after a restore.
    QStringList databases{QStringLiteral("sqlite"), QStringLiteral("postgresql"),
                          QStringLiteral("postgresql-unanalysed")};
    QString pgUrl;      // a server to use instead of starting one; empty: pgtest.sh starts one
    int pgPort = 55499; // port of the cluster pgtest.sh starts (not 55432: the tests use it)
    QString mariadbUrl; // a MariaDB server to use instead of starting one; empty: mariadbtest.sh starts one
    // Port of the server mariadbtest.sh starts; 0: the first free one from DefaultMariadbPort on.
    int mariadbPort = 0;
    static constexpr int DefaultMariadbPort = 53499; // not 53306: the tests use it
    QString workDir;  // SQLite files and the cluster live here; empty: a fresh folder under /tmp
    QString jsonPath; // --json FILE
    QString python = QStringLiteral("/usr/bin/python3"); // with Django 3.2 and psycopg2, for migrate
    QString sourceDir;      // the profile-admin checkout (tests/support/pgtest.sh, tests/django_site)
    int repeat = 5;         // fix-up and floor runs per database; the best of them counts
    int loopSample = 5000;  // users the one-row loop inserts before its time is extrapolated
    double loopBudget = 20; // seconds after which the loop sample stops early (slow disks, SQLite)
    qint64 batchSize = 0;   // --batch-size for createMissing; 0: the fixer's own default
    bool pgDurable = true;  // restart pgtest.sh's cluster with PostgreSQL's default durability
    bool fixup = true;      // time the fix-up, the floor, the loop and the commands
    bool models = true;     // also time the GUI models when this build has them
};
