#include "TestDatabase.h"

#include "DjangoServer.h"
#include "MigratedSchemas.h"
#include "TestConnections.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <atomic>
#include <functional>

#ifndef PA_SOURCE_DIR
#error "PA_SOURCE_DIR must be defined (tests/support/CMakeLists.txt sets it)"
#endif

using namespace TestConnections;

namespace {

std::atomic<int> s_counter{0};

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

QString pythonProgram()
{
    const QString custom = env("PA_TEST_PYTHON");
    return custom.isEmpty() ? QStringLiteral("/usr/bin/python3") : custom;
}

QString sanitizedTag(const QString &tag)
{
    QString out = tag.toLower();
    out.replace(QRegularExpression(QStringLiteral("[^a-z0-9_]")), QStringLiteral("_"));
    return out.left(24);
}

} // namespace

struct TestDatabase::Private
{
    QString engine;
    QString variant;
    QString error;
    QString databaseName; // SQLite file or PostgreSQL database
    QString port;
    // A PostgreSQL database is created when it is first used, so that a copy of a migrated schema is created
    // once rather than empty first and then again: creating a database is most of PostgreSQL's work in the
    // tests.
    bool pgDatabasePending = false;
    bool ownsPgDatabase = false;
    bool ownsMariadbDatabase = false;
    std::unique_ptr<QTemporaryDir> dir;
    int snapshots = 0;

    ~Private()
    {
        if (ownsMariadbDatabase)
            dropMariadbDatabase();
        if (ownsPgDatabase)
            runOnPgDatabase(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)"), "drop");
    }

    // The database's name, creating the PostgreSQL database first when it is still pending.
    const QString &usedName()
    {
        if (pgDatabasePending) {
            pgDatabasePending = false;
            ownsPgDatabase =
                runOnPgDatabase(QStringLiteral("CREATE DATABASE %1 STRATEGY FILE_COPY"), "create");
        }
        return databaseName;
    }

    // Runs `statement` with the quoted name of this PostgreSQL database for %1 on the cluster's admin
    // connection; a failure is a warning that says what could not be done (`verb`).
    bool runOnPgDatabase(const QString &statement, const char *verb) const
    {
        QString error;
        const QString name = databaseName;
        const bool done = withAdminConnection(
            port,
            [&](QSqlDatabase &db, QString *err) {
                return runQuery(db, statement.arg(db.driver()->escapeIdentifier(name, QSqlDriver::TableName)),
                                err);
            },
            &error);
        if (!done)
            qWarning("TestDatabase: could not %s %s: %s", verb, qPrintable(name), qPrintable(error));
        return done;
    }

    void dropMariadbDatabase() const
    {
        QString error;
        const QString name = databaseName;
        const bool dropped = withMariadbAdminConnection(
            port,
            [&name](QSqlDatabase &db, QString *err) {
                return runQuery(db, QStringLiteral("DROP DATABASE IF EXISTS `%1`").arg(name), err);
            },
            &error);
        if (!dropped)
            qWarning("TestDatabase: could not drop %s: %s", qPrintable(name), qPrintable(error));
    }

    // A fresh MariaDB database named after the process and the tag; sets `error` when the server is not
    // usable.
    bool createMariadbDatabase(const QString &safeTag)
    {
        port = TestDatabase::mariadbPort();
        if (port.isEmpty()) {
            error =
                QStringLiteral("PA_TEST_MARIADB_PORT is not set: run the tests through ctest, which starts "
                               "MariaDB (fixture mariadb_start), or set PA_TEST_NO_MARIADB=1 to leave "
                               "MariaDB out");
            return false;
        }
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL"))) {
            error = QStringLiteral("Qt's QMYSQL driver is missing: install libqt6sql6-mysql");
            return false;
        }
        const QString name = QStringLiteral("pa_%1_%2_%3")
                                 .arg(safeTag)
                                 .arg(QCoreApplication::applicationPid())
                                 .arg(s_counter.fetch_add(1));
        QString message;
        const bool made = withMariadbAdminConnection(
            port,
            [&name](QSqlDatabase &db, QString *err) {
                return runQuery(db, QStringLiteral("DROP DATABASE IF EXISTS `%1`").arg(name), err) &&
                       runQuery(db,
                                QStringLiteral("CREATE DATABASE `%1` CHARACTER SET utf8mb4 COLLATE "
                                               "utf8mb4_general_ci")
                                    .arg(name),
                                err);
            },
            &message);
        if (!made) {
            error = QStringLiteral("MariaDB on 127.0.0.1:%1 is not usable (%2). ctest starts it with the "
                                   "mariadb_start fixture (tests/support/mariadbtest.sh); set "
                                   "PA_TEST_NO_MARIADB=1 to leave MariaDB out")
                        .arg(port, message);
            return false;
        }
        databaseName = name;
        ownsMariadbDatabase = true;
        return true;
    }
};

TestDatabase::TestDatabase() = default;
TestDatabase::~TestDatabase() = default;
TestDatabase::TestDatabase(TestDatabase &&other) noexcept = default;
TestDatabase &TestDatabase::operator=(TestDatabase &&other) noexcept = default;

QString TestDatabase::pgPort()
{
    return env("PA_TEST_PG_PORT");
}

bool TestDatabase::postgresDisabled()
{
    return env("PA_TEST_NO_PG") == QLatin1String("1");
}

QString TestDatabase::mariadbPort()
{
    return env("PA_TEST_MARIADB_PORT");
}

bool TestDatabase::mariadbDisabled()
{
    return env("PA_TEST_NO_MARIADB") == QLatin1String("1");
}

QString TestDatabase::sourceDir()
{
    return QStringLiteral(PA_SOURCE_DIR);
}

void TestDatabase::addEngineVariantData()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("variant");
    for (const char *engine : {"sqlite", "postgres", "mariadb"}) {
        for (const char *variant : {"classic", "custom"}) {
            QTest::addRow("%s/%s", engine, variant)
                << QString::fromLatin1(engine) << QString::fromLatin1(variant);
        }
    }
}

void TestDatabase::addEngineData()
{
    QTest::addColumn<QString>("engine");
    for (const char *engine : {"sqlite", "postgres", "mariadb"})
        QTest::newRow(engine) << QString::fromLatin1(engine);
}

QByteArray TestDatabase::dump(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

TestDatabase TestDatabase::create(const QString &engine, const QString &variant, const QString &tag)
{
    TestDatabase result;
    result.d = std::make_unique<Private>();
    Private &p = *result.d;
    p.engine = engine;
    p.variant = variant;
    p.dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/pa-testdb-XXXXXX"));
    if (!p.dir->isValid()) {
        p.error = QStringLiteral("cannot create a temporary folder: %1").arg(p.dir->errorString());
        return result;
    }
    if (variant != QLatin1String("classic") && variant != QLatin1String("custom") &&
        variant != QLatin1String("two_profiles")) {
        p.error = QStringLiteral("unknown variant '%1' (classic, custom or two_profiles)").arg(variant);
        return result;
    }
    const QString safeTag = sanitizedTag(tag);

    if (engine == QLatin1String("sqlite")) {
        p.databaseName = p.dir->filePath(safeTag.isEmpty() ? QStringLiteral("test.sqlite3")
                                                           : safeTag + QStringLiteral(".sqlite3"));
        return result;
    }
    if (engine == QLatin1String("mariadb")) {
        p.createMariadbDatabase(safeTag);
        return result;
    }
    if (engine != QLatin1String("postgres")) {
        p.error = QStringLiteral("unknown engine '%1' (sqlite, postgres or mariadb)").arg(engine);
        return result;
    }

    p.port = pgPort();
    if (p.port.isEmpty()) {
        p.error =
            QStringLiteral("PA_TEST_PG_PORT is not set: run the tests through ctest, which starts PostgreSQL "
                           "(fixture pg_start), or set PA_TEST_NO_PG=1 to leave PostgreSQL out");
        return result;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        p.error = QStringLiteral("Qt's QPSQL driver is missing: install libqt6sql6-psql");
        return result;
    }
    const QString name = QStringLiteral("pa_%1_%2_%3")
                             .arg(safeTag)
                             .arg(QCoreApplication::applicationPid())
                             .arg(s_counter.fetch_add(1));
    QString error;
    const bool made = withAdminConnection(
        p.port,
        [&name](QSqlDatabase &db, QString *err) {
            const QString quoted = db.driver()->escapeIdentifier(name, QSqlDriver::TableName);
            return runQuery(db, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(quoted), err);
        },
        &error);
    if (!made) {
        p.error = QStringLiteral("PostgreSQL on 127.0.0.1:%1 is not usable (%2). ctest starts it with the "
                                 "pg_start fixture (tests/support/pgtest.sh); set PA_TEST_NO_PG=1 to leave "
                                 "PostgreSQL out")
                      .arg(p.port, error);
        return result;
    }
    p.databaseName = name;
    p.pgDatabasePending = true;
    return result;
}

bool TestDatabase::isValid() const
{
    return d && d->error.isEmpty() && !d->databaseName.isEmpty();
}

QString TestDatabase::errorString() const
{
    return d ? d->error : QStringLiteral("TestDatabase was never created (or was moved from)");
}

QString TestDatabase::engine() const
{
    return d ? d->engine : QString();
}

QString TestDatabase::variant() const
{
    return d ? d->variant : QString();
}

QString TestDatabase::userTable() const
{
    return variant() != QLatin1String("custom") ? QStringLiteral("auth_user")
                                                : QStringLiteral("members_member");
}

QString TestDatabase::profileTable() const
{
    return variant() != QLatin1String("custom") ? QStringLiteral("account_profile")
                                                : QStringLiteral("members_memberprofile");
}

QString TestDatabase::linkColumn() const
{
    return variant() != QLatin1String("custom") ? QStringLiteral("user_id") : QStringLiteral("owner_ref");
}

QString TestDatabase::dateColumn() const
{
    return variant() != QLatin1String("custom") ? QStringLiteral("date_of_birth")
                                                : QStringLiteral("birthday");
}

QString TestDatabase::textColumn() const
{
    return variant() != QLatin1String("custom") ? QStringLiteral("photo") : QStringLiteral("nickname");
}

bool TestDatabase::isPostgres() const
{
    return engine() == QLatin1String("postgres");
}

bool TestDatabase::isMariadb() const
{
    return engine() == QLatin1String("mariadb");
}

QString TestDatabase::url() const
{
    if (!isValid())
        return QString();
    if (isPostgres())
        return QStringLiteral("postgres://postgres@127.0.0.1:%1/%2").arg(d->port, d->usedName());
    if (isMariadb())
        return QStringLiteral("mysql://root@127.0.0.1:%1/%2").arg(d->port, d->databaseName);
    return QStringLiteral("sqlite:///") + QDir(d->databaseName).absolutePath();
}

QString TestDatabase::databaseName() const
{
    return d ? d->usedName() : QString();
}

QString TestDatabase::serverPort() const
{
    return d ? d->port : QString();
}

QString TestDatabase::tempPath() const
{
    return d && d->dir ? d->dir->path() : QString();
}

bool TestDatabase::django(const QStringList &args, QByteArray *stdoutOut, QString *error) const
{
    return runSite(d ? d->usedName() : QString(), args, stdoutOut, error);
}

QMap<QString, QString> TestDatabase::siteEnvironment() const
{
    if (!isValid())
        return {};
    QMap<QString, QString> environment{{QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1")},
                                       {QStringLiteral("PA_VARIANT"), d->variant},
                                       {QStringLiteral("PA_DB_ENGINE"), d->engine},
                                       {QStringLiteral("PA_DB_NAME"), d->usedName()}};
    if (isPostgres() || isMariadb()) {
        environment.insert(QStringLiteral("PA_PG_HOST"), QStringLiteral("127.0.0.1"));
        environment.insert(QStringLiteral("PA_PG_PORT"), d->port);
        environment.insert(QStringLiteral("PA_PG_USER"),
                           isMariadb() ? QStringLiteral("root") : QStringLiteral("postgres"));
    }
    return environment;
}

bool TestDatabase::runSite(const QString &databaseName, const QStringList &args, QByteArray *stdoutOut,
                           QString *error) const
{
    const QString command = QStringLiteral("pa_django.py ") + args.join(QLatin1Char(' '));
    if (!isValid()) {
        if (error)
            *error = command + QStringLiteral(": no database (") + errorString() + QLatin1Char(')');
        return false;
    }
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DJANGO_SETTINGS_MODULE"));
    environment.remove(QStringLiteral("PA_MINIMAL"));
    const QMap<QString, QString> site = siteEnvironment();
    for (auto it = site.cbegin(); it != site.cend(); ++it)
        environment.insert(it.key(), it.value());
    environment.insert(QStringLiteral("PA_DB_NAME"), databaseName);

    const QString script = sourceDir() + QStringLiteral("/tests/django_site/pa_django.py");
    const auto failed = [&](int exitCode, const QString &stderrText) {
        if (error)
            *error = QStringLiteral("%1 failed (exit %2) on %3:\n%4")
                         .arg(command)
                         .arg(exitCode)
                         .arg(url(), stderrText.trimmed().right(3000));
        return false;
    };
    if (args.value(0) != QLatin1String("migrate") && DjangoServer::usable()) {
        const DjangoServer::Reply reply = DjangoServer::request(
            QStringLiteral("%1|%2|%3|%4").arg(d->engine, d->variant, d->port, pythonProgram()),
            pythonProgram(), {script}, environment, databaseName, args);
        if (!reply.answered) {
            if (error)
                *error = command + QStringLiteral(": ") + reply.failure;
            return false;
        }
        if (stdoutOut)
            *stdoutOut = reply.out;
        return reply.exitCode == 0 || failed(reply.exitCode, reply.err);
    }

    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(d->dir->path());
    process.start(pythonProgram(), QStringList{script} + args);
    if (!process.waitForStarted(30000)) {
        if (error)
            *error = QStringLiteral("%1: cannot start %2: %3")
                         .arg(command, pythonProgram(), process.errorString());
        return false;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(300000)) {
        process.kill();
        process.waitForFinished(5000);
        if (error)
            *error = command + QStringLiteral(": did not finish within 300 s");
        return false;
    }
    const QByteArray out = process.readAllStandardOutput();
    if (stdoutOut)
        *stdoutOut = out;
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return failed(process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                      QString::fromUtf8(process.readAllStandardError()));
    return true;
}

bool TestDatabase::seed(int users, int withProfile, QString *error, QJsonObject *summary) const
{
    QByteArray out;
    if (!django({QStringLiteral("seed"), QStringLiteral("--users"), QString::number(users),
                 QStringLiteral("--with-profile"), QString::number(withProfile)},
                &out, error))
        return false;
    if (summary)
        *summary = QJsonDocument::fromJson(out).object();
    return true;
}

QByteArray TestDatabase::snapshot(QString *error) const
{
    QByteArray out;
    if (!django({QStringLiteral("snapshot")}, &out, error))
        return QByteArray();
    return out;
}

QString TestDatabase::saveSnapshot(QString *error) const
{
    const QByteArray json = snapshot(error);
    if (json.isEmpty())
        return QString();
    const QString path = d->dir->filePath(QStringLiteral("snapshot-%1.json").arg(++d->snapshots));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return QString();
    }
    return path;
}

QJsonObject TestDatabase::verify(const QString &snapshotFile, QString *error) const
{
    QStringList args{QStringLiteral("verify")};
    if (!snapshotFile.isEmpty())
        args << QStringLiteral("--snapshot") << snapshotFile;
    QByteArray out;
    QString message;
    if (django(args, &out, &message)) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(out, &parseError);
        if (document.isObject())
            return document.object();
        message = QStringLiteral("pa_django.py verify printed no JSON object (%1): %2")
                      .arg(parseError.errorString(), QString::fromUtf8(out.left(500)));
    }
    if (error)
        *error = message;
    return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), message}};
}

bool TestDatabase::exec(const QString &sql, QString *error) const
{
    return exec(QStringList{sql}, error);
}

bool TestDatabase::exec(const QStringList &statements, QString *error) const
{
    if (!isValid()) {
        if (error)
            *error = QStringLiteral("no database: ") + errorString();
        return false;
    }
    return withConnection(
        driverOf(engine()), d->usedName(), d->port,
        [&statements](QSqlDatabase &db, QString *err) {
            for (const QString &sql : statements) {
                if (!runQuery(db, sql, err))
                    return false;
            }
            return true;
        },
        error);
}

QVariant TestDatabase::queryValue(const QString &sql, QString *error) const
{
    if (!isValid()) {
        if (error)
            *error = QStringLiteral("no database: ") + errorString();
        return QVariant();
    }
    QVariant value;
    withConnection(
        driverOf(engine()), d->usedName(), d->port,
        [&sql, &value](QSqlDatabase &db, QString *err) {
            QSqlQuery query(db);
            if (!query.exec(sql)) {
                if (err)
                    *err = QStringLiteral("SQL failed: %1\n  in: %2").arg(query.lastError().text(), sql);
                return false;
            }
            if (!query.next()) {
                if (err)
                    *err = QStringLiteral("no row from: ") + sql;
                return false;
            }
            value = query.value(0);
            return true;
        },
        error);
    return value;
}

bool TestDatabase::refuseZeroMaxPerDay(QString *error) const
{
    return exec(isPostgres() || isMariadb()
                    ? QStringLiteral("ALTER TABLE notifications_notificationsettings ADD CONSTRAINT "
                                     "positive_max CHECK (max_per_day > 0)")
                    : QStringLiteral("CREATE TRIGGER positive_max BEFORE INSERT ON "
                                     "notifications_notificationsettings WHEN NEW.max_per_day <= 0 "
                                     "BEGIN SELECT RAISE(ABORT, 'max_per_day must be positive'); END"),
                error);
}

bool TestDatabase::allowZeroMaxPerDay(QString *error) const
{
    return exec(
        isPostgres() || isMariadb()
            ? QStringLiteral("ALTER TABLE notifications_notificationsettings DROP CONSTRAINT positive_max")
            : QStringLiteral("DROP TRIGGER positive_max"),
        error);
}

QString TestDatabase::pendingName() const
{
    return d ? d->databaseName : QString();
}

void TestDatabase::copiedInto() const
{
    d->pgDatabasePending = false;
    d->ownsPgDatabase = true;
}
