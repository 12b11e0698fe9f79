#include "BenchOptions.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

#include <cstdio>

namespace {

QStringList split(const QString &text)
{
    QStringList parts;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        parts << part.trimmed().toLower();
    return parts;
}

} // namespace

BenchOptions BenchOptions::parse(const QStringList &arguments, int *exitCode)
{
    BenchOptions options;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Benchmark of profile-admin (docs/performance.md): builds Django-shaped databases with half the "
        "users "
        "lacking a profile, on SQLite and on PostgreSQL, and times the fix-up against the hand-written "
        "INSERT "
        "and the one-row-at-a-time loop, plus the GUI models when this build has them."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption sizes(
        QStringLiteral("sizes"),
        QStringLiteral("Users per database, comma-separated (default 100000,1000000)."),
        QStringLiteral("N,N"));
    const QCommandLineOption unanalysedSizes(
        QStringLiteral("unanalysed-sizes"),
        QStringLiteral("Users per never-analysed PostgreSQL database, comma-separated (default "
                       "4000,15000,25000,100000)."),
        QStringLiteral("N,N"));
    const QCommandLineOption sparseSizes(
        QStringLiteral("sparse-sizes"),
        QStringLiteral(
            "Users per database in which only --sparse-missing users lack a profile, comma-separated "
            "(default none): where the anti-join cannot stop early."),
        QStringLiteral("N,N"));
    const QCommandLineOption sparseMissing(
        QStringLiteral("sparse-missing"),
        QStringLiteral("Users without a profile in the --sparse-sizes databases (default 1000)."),
        QStringLiteral("N"));
    const QCommandLineOption databases(
        QStringLiteral("databases"),
        QStringLiteral("Engines to run, comma-separated: sqlite, postgresql, postgresql-unanalysed "
                       "(PostgreSQL with no ANALYZE run, as after a restore), mariadb (default the first "
                       "three)."),
        QStringLiteral("LIST"));
    const QCommandLineOption pgUrl(
        QStringLiteral("pg-url"),
        QStringLiteral(
            "Use this PostgreSQL server (postgres://user@host:port/db; the user must be allowed to "
            "CREATE DATABASE) instead of starting a throwaway one with tests/support/pgtest.sh."),
        QStringLiteral("URL"));
    const QCommandLineOption pgPort(QStringLiteral("pg-port"),
                                    QStringLiteral("Port of the throwaway cluster (default 55499)."),
                                    QStringLiteral("PORT"));
    const QCommandLineOption mariadbUrl(
        QStringLiteral("mariadb-url"),
        QStringLiteral(
            "Use this MariaDB or MySQL server (mysql://user@host:port/db; the user must be allowed "
            "to CREATE DATABASE) as it is, instead of starting a throwaway one with "
            "tests/support/mariadbtest.sh."),
        QStringLiteral("URL"));
    const QCommandLineOption mariadbPort(
        QStringLiteral("mariadb-port"),
        QStringLiteral("Port of the throwaway MariaDB server (default: the first free one from 53499 on)."),
        QStringLiteral("PORT"));
    const QCommandLineOption workDir(
        QStringLiteral("work-dir"),
        QStringLiteral(
            "Folder for the SQLite files and the throwaway cluster (default: a new folder under "
            "/tmp, removed afterwards). It must be reachable by the postgres user when run as root."),
        QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Also write every figure to FILE."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption python(
        QStringLiteral("python"),
        QStringLiteral("Python with Django 3.2 for migrate (default /usr/bin/python3)."),
        QStringLiteral("PATH"));
    const QCommandLineOption source(
        QStringLiteral("source-dir"),
        QStringLiteral("The profile-admin checkout (default: the one it was built from)."),
        QStringLiteral("DIR"));
    const QCommandLineOption repeat(
        QStringLiteral("repeat"),
        QStringLiteral(
            "Runs of the fix-up and of the floor per database, alternating; the best counts (default 5)."),
        QStringLiteral("N"));
    const QCommandLineOption loopSample(
        QStringLiteral("loop-sample"),
        QStringLiteral("Users the one-row loop inserts before its time is extrapolated (default 5000)."),
        QStringLiteral("N"));
    const QCommandLineOption loopBudget(
        QStringLiteral("loop-budget"),
        QStringLiteral("Seconds after which the loop's sample stops early (default 20; at least 200 users)."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption batchSize(
        QStringLiteral("batch-size"),
        QStringLiteral("Users per batch of MissingProfileFixer::createMissing (default: the fixer's own)."),
        QStringLiteral("N"));
    const QCommandLineOption pgFast(
        QStringLiteral("pg-fast"),
        QStringLiteral(
            "Keep pgtest.sh's test settings (fsync, synchronous_commit, full_page_writes off) instead "
            "of restarting the throwaway cluster with PostgreSQL's defaults."));
    const QCommandLineOption noFixup(
        QStringLiteral("no-fixup"),
        QStringLiteral("Skip the fix-up, the floor, the loop and the commands: time only the GUI models."));
    const QCommandLineOption noModels(QStringLiteral("no-models"),
                                      QStringLiteral("Skip the GUI model timings."));
    parser.addOptions({sizes,      unanalysedSizes, sparseSizes, sparseMissing, databases, pgUrl,   pgPort,
                       mariadbUrl, mariadbPort,     workDir,     json,          python,    source,  repeat,
                       loopSample, loopBudget,      batchSize,   pgFast,        noFixup,   noModels});

    QTextStream err(stderr);
    const auto refuse = [&](const QString &message) {
        err << "profile-admin-bench: " << message << Qt::endl;
        *exitCode = 2;
        return options;
    };
    if (!parser.parse(arguments))
        return refuse(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        *exitCode = 0;
        return options;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        QTextStream(stdout) << "profile-admin-bench " << PROFILE_ADMIN_VERSION << Qt::endl;
        *exitCode = 0;
        return options;
    }

    const auto sizeList = [&](const QCommandLineOption &option, QList<qint64> *target, QString *problem) {
        if (!parser.isSet(option))
            return true;
        const QString name = QStringLiteral("--") + option.names().constFirst();
        target->clear();
        for (const QString &part : split(parser.value(option))) {
            bool ok = false;
            const qint64 size = part.toLongLong(&ok);
            if (!ok || size < 2) {
                *problem =
                    QStringLiteral("%1 takes whole numbers of at least 2, not \"%2\".").arg(name, part);
                return false;
            }
            *target << size;
        }
        if (target->isEmpty())
            *problem = QStringLiteral("%1 names no size.").arg(name);
        return !target->isEmpty();
    };
    QString problem;
    if (!sizeList(sizes, &options.sizes, &problem) ||
        !sizeList(unanalysedSizes, &options.unanalysedSizes, &problem) ||
        !sizeList(sparseSizes, &options.sparseSizes, &problem))
        return refuse(problem);
    if (parser.isSet(databases)) {
        options.databases.clear();
        for (const QString &part : split(parser.value(databases))) {
            if (part == QLatin1String("sqlite"))
                options.databases << part;
            else if (part == QLatin1String("postgresql") || part == QLatin1String("postgres") ||
                     part == QLatin1String("pg"))
                options.databases << QStringLiteral("postgresql");
            else if (part == QLatin1String("postgresql-unanalysed"))
                options.databases << part;
            else if (part == QLatin1String("mariadb") || part == QLatin1String("mysql"))
                options.databases << QStringLiteral("mariadb");
            else
                return refuse(QStringLiteral("--databases takes sqlite, postgresql, "
                                             "postgresql-unanalysed and/or mariadb, not \"%1\".")
                                  .arg(part));
        }
        options.databases.removeDuplicates();
        if (options.databases.isEmpty())
            return refuse(QStringLiteral("--databases names no engine."));
    }
    const auto number = [&](const QCommandLineOption &option, int minimum, int *target) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < minimum)
            return false;
        *target = value;
        return true;
    };
    if (!number(pgPort, 1, &options.pgPort) || options.pgPort > 65535)
        return refuse(QStringLiteral("--pg-port takes a TCP port number."));
    if (!number(mariadbPort, 1, &options.mariadbPort) || options.mariadbPort > 65535)
        return refuse(QStringLiteral("--mariadb-port takes a TCP port number."));
    if (!number(sparseMissing, 1, &options.sparseMissing))
        return refuse(QStringLiteral("--sparse-missing takes a whole number of at least 1."));
    for (const qint64 users : options.sparseSizes) {
        if (users / options.sparseMissing < 2)
            return refuse(
                QStringLiteral("--sparse-sizes %1 leaves no room for only %2 users without a profile.")
                    .arg(users)
                    .arg(options.sparseMissing));
    }
    if (!number(repeat, 1, &options.repeat))
        return refuse(QStringLiteral("--repeat takes a whole number of at least 1."));
    if (!number(loopSample, 1, &options.loopSample))
        return refuse(QStringLiteral("--loop-sample takes a whole number of at least 1."));
    if (parser.isSet(loopBudget)) {
        bool ok = false;
        options.loopBudget = parser.value(loopBudget).toDouble(&ok);
        if (!ok || options.loopBudget <= 0)
            return refuse(QStringLiteral("--loop-budget takes a number of seconds."));
    }
    int batch = 0;
    if (!number(batchSize, 1, &batch))
        return refuse(QStringLiteral("--batch-size takes a whole number of at least 1."));
    options.batchSize = batch;
    options.pgUrl = parser.value(pgUrl);
    options.mariadbUrl = parser.value(mariadbUrl);
    options.workDir = parser.value(workDir);
    options.jsonPath = parser.value(json);
    if (parser.isSet(python))
        options.python = parser.value(python);
    options.sourceDir = parser.isSet(source) ? parser.value(source) : QStringLiteral(PA_SOURCE_DIR);
    options.models = !parser.isSet(noModels);
    options.fixup = !parser.isSet(noFixup);
    options.pgDurable = !parser.isSet(pgFast);
    if (!QFileInfo(QDir(options.sourceDir).filePath(QStringLiteral("tests/support/pgtest.sh"))).isFile())
        return refuse(QStringLiteral("%1 is not a profile-admin checkout (no tests/support/pgtest.sh); pass "
                                     "--source-dir.")
                          .arg(options.sourceDir));
    options.ok = true;
    *exitCode = 0;
    return options;
}
