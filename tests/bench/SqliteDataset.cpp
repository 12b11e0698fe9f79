#include "SqliteDataset.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <unistd.h>

namespace {

// The same users and profiles as PostgresDataset makes, value for value: Django's text forms of datetimes
// on SQLite, unusable passwords, every tenth user inactive, every third without a last login.
const char SqliteUsersSql[] =
    "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < :users) "
    "INSERT INTO auth_user (id, password, last_login, is_superuser, username, first_name, last_name, email, "
    "is_staff, is_active, date_joined) "
    "SELECT i, '!bench', CASE WHEN i % 3 = 0 THEN NULL "
    "ELSE strftime('%Y-%m-%d %H:%M:%f', '2020-01-31', '+' || i || ' minutes') END, "
    "i = 1, 'user' || printf('%08d', i), 'First' || i, 'Last' || i, "
    "'user' || printf('%08d', i) || '@example.com', i % 50 = 0, i % 10 <> 0, "
    "strftime('%Y-%m-%d %H:%M:%f', '2020-01-01', '+' || i || ' minutes') FROM g";
// Profiles for all but one user in :every, so the users without one interleave with the others.
const char SqliteProfilesSql[] =
    "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < :users) "
    "INSERT INTO account_profile (user_id, date_of_birth, photo) "
    "SELECT i, date('1970-01-01', '+' || (i % 15000) || ' days'), 'users/seed/' || i || '.jpg' FROM g "
    "WHERE i % :every <> 1";

// The statements of schema.sql: split at semicolons, comment lines dropped (the file has no semicolons
// inside literals).
QStringList schemaStatements(QString *error)
{
    QFile file(QStringLiteral(":/demo/schema.sql"));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("The demo schema (:/demo/schema.sql) is missing from profile_core.");
        return {};
    }
    QStringList statements;
    for (const QString &chunk : QString::fromUtf8(file.readAll()).split(QLatin1Char(';'))) {
        QString sql;
        for (const QString &line : chunk.split(QLatin1Char('\n'))) {
            if (!line.trimmed().startsWith(QLatin1String("--")))
                sql += line + QLatin1Char('\n');
        }
        if (!sql.trimmed().isEmpty())
            statements << sql;
    }
    return statements;
}

// What a fresh connection to `path` gets, as the measured connections do (the build connection turned
// synchronous off for itself only).
QString durabilityOf(const QString &path)
{
    const QString name = QStringLiteral("bench-sqlite-settings");
    QString settings;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            QStringList parts;
            if (q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next())
                parts << QStringLiteral("journal_mode=") + q.value(0).toString();
            static const QStringList levels{QStringLiteral("off"), QStringLiteral("normal"),
                                            QStringLiteral("full"), QStringLiteral("extra")};
            if (q.exec(QStringLiteral("PRAGMA synchronous")) && q.next())
                parts << QStringLiteral("synchronous=") +
                             levels.value(q.value(0).toInt(), q.value(0).toString());
            settings = parts.join(QStringLiteral(", "));
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return settings;
}

} // namespace

SqliteDataset::SqliteDataset(const QString &folder)
    : m_folder(folder)
{
    m_schemaSource = QStringLiteral("resources/demo/schema.sql (Django 3.2 migrate)");
}

QString SqliteDataset::engine() const
{
    return m_version.isEmpty() ? QStringLiteral("SQLite") : QStringLiteral("SQLite ") + m_version;
}

bool SqliteDataset::build(qint64 users, qint64 missingEvery, QString *error)
{
    QElapsedTimer timer;
    timer.start();
    cleanUp();
    m_template =
        QDir(m_folder).filePath(QStringLiteral("template-%1-%2.sqlite3").arg(users).arg(missingEvery));
    const QStringList statements = schemaStatements(error);
    if (statements.isEmpty())
        return false;

    const QString name = QStringLiteral("bench-sqlite-build");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_template);
        if (!db.open()) {
            *error = QStringLiteral("Could not create %1: %2").arg(m_template, db.lastError().text());
        } else {
            QSqlQuery q(db);
            const auto run = [&](const QString &sql, bool prepared = false) {
                if (!error->isEmpty())
                    return;
                if (prepared ? q.exec() : q.exec(sql))
                    return;
                *error = QStringLiteral("Building the SQLite template failed: %1 (%2)")
                             .arg(q.lastError().text(), sql.left(120).simplified());
            };
            run(QStringLiteral("PRAGMA foreign_keys = ON"));
            // Only this build connection skips the syncs; the measured connections use SQLite's defaults.
            run(QStringLiteral("PRAGMA synchronous = OFF"));
            run(QStringLiteral("BEGIN"));
            for (const QString &statement : statements)
                run(statement);
            for (const char *sql : {SqliteUsersSql, SqliteProfilesSql}) {
                if (!error->isEmpty())
                    break;
                q.prepare(QString::fromLatin1(sql));
                q.bindValue(QStringLiteral(":users"), users);
                if (sql == SqliteProfilesSql)
                    q.bindValue(QStringLiteral(":every"), missingEvery);
                run(QString::fromLatin1(sql), true);
            }
            run(QStringLiteral("COMMIT"));
            run(QStringLiteral("SELECT sqlite_version()"));
            if (error->isEmpty() && q.next())
                m_version = q.value(0).toString();

            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    if (!error->isEmpty())
        return false;
    m_durability = durabilityOf(m_template);
    ::sync();
    m_buildSeconds = timer.nsecsElapsed() / 1e9;
    return true;
}

DatabaseUrl SqliteDataset::copy(const QString &tag, QString *error)
{
    const QString path = QDir(m_folder).filePath(QStringLiteral("copy-%1.sqlite3").arg(tag));
    QFile::remove(path);
    if (!QFile::copy(m_template, path)) {
        *error = QStringLiteral("Could not copy %1 to %2.").arg(m_template, path);
        return {};
    }
    return DatabaseUrl::parse(path, error);
}

void SqliteDataset::drop(const DatabaseUrl &copy)
{
    QFile::remove(copy.filePath());
    QFile::remove(copy.filePath() + QStringLiteral("-journal"));
}

void SqliteDataset::settle()
{
    // The fresh copy's pages are still dirty in the page cache; write them out now rather than during the
    // measurement.
    ::sync();
}

void SqliteDataset::cleanUp()
{
    if (!m_template.isEmpty())
        QFile::remove(m_template);
    m_template.clear();
}

HandWrittenSql SqliteDataset::handWritten() const
{
    // Python's sqlite3 module prepares the loop's INSERT once and binds the values; the floor takes the write
    // lock up front, as the fixer does.
    HandWrittenSql sql;
    sql.begin = QStringLiteral("BEGIN IMMEDIATE");
    sql.guardClause = QStringLiteral(" ON CONFLICT (user_id) DO NOTHING");
    sql.loopInsert =
        QStringLiteral("INSERT INTO \"account_profile\" (\"user_id\", \"date_of_birth\", \"photo\") "
                       "VALUES (?, ?, ?)");
    sql.loopBinds = true;
    return sql;
}
