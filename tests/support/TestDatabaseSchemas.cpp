#include "MigratedSchemas.h"
#include "TestConnections.h"
#include "TestDatabase.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

// Django's migrate runs once per schema variant and engine; every test database is a copy of that schema.

using namespace TestConnections;

bool TestDatabase::migrate(QString *error) const
{
    if (!isValid() || !MigratedSchemas::enabled())
        return django({QStringLiteral("migrate")}, nullptr, error);
    if (isPostgres())
        return copyMigratedPostgres(error);
    return isMariadb() ? copyMigratedMariadb(error) : copyMigratedSqlite(error);
}

bool TestDatabase::copyMigratedSqlite(QString *error) const
{
    const QString key =
        QStringLiteral("sqlite-%1-%2")
            .arg(variant(),
                 MigratedSchemas::siteFingerprint(sourceDir() + QStringLiteral("/tests/django_site")));
    const QString kept =
        MigratedSchemas::sqliteFolder() + QLatin1Char('/') + key + QStringLiteral(".sqlite3");
    const auto make = [&](QString *err) {
        // Migrated beside the kept copy and renamed into place, so a half-made file is never taken for one.
        const QString making = kept + QStringLiteral(".making");
        QFile::remove(making);
        if (!runSite(making, {QStringLiteral("migrate")}, nullptr, err))
            return false;
        if (!QFile::rename(making, kept)) {
            if (err)
                *err = QStringLiteral("cannot keep the migrated schema as %1").arg(kept);
            return false;
        }
        return true;
    };
    if (!MigratedSchemas::makeOnce(
            key, [&] { return QFile::exists(kept); }, make, error))
        return false;
    QFile::remove(databaseName());
    if (!QFile::copy(kept, databaseName())) {
        if (error)
            *error = QStringLiteral("cannot copy the migrated schema %1 to %2").arg(kept, databaseName());
        return false;
    }
    // QFile::copy keeps the kept file's read-only permissions, if any; the test writes to its copy.
    QFile::setPermissions(databaseName(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    return true;
}

bool TestDatabase::copyMigratedPostgres(QString *error) const
{
    const QString fingerprint =
        MigratedSchemas::siteFingerprint(sourceDir() + QStringLiteral("/tests/django_site"));
    const QString kept = QStringLiteral("pa_schema_%1_%2").arg(variant(), fingerprint);
    const QString port = serverPort();
    const auto admin = [&port](const QStringList &statements, QString *err) {
        return withAdminConnection(
            port,
            [&statements](QSqlDatabase &db, QString *inner) {
                for (const QString &sql : statements) {
                    if (!runQuery(db, sql, inner))
                        return false;
                }
                return true;
            },
            err);
    };
    const auto isMade = [&] {
        QString ignored;
        bool found = false;
        withAdminConnection(
            port,
            [&](QSqlDatabase &db, QString *) {
                QSqlQuery query(db);
                query.prepare(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"));
                query.addBindValue(kept);
                found = query.exec() && query.next();
                return true;
            },
            &ignored);
        return found;
    };
    const auto make = [&](QString *err) {
        // Migrated under another name and renamed, so a half-made schema is never copied.
        const QString making = kept + QStringLiteral("_making");
        return admin({QStringLiteral("DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)").arg(making),
                      QStringLiteral("CREATE DATABASE \"%1\" STRATEGY FILE_COPY").arg(making)},
                     err) &&
               runSite(making, {QStringLiteral("migrate")}, nullptr, err) &&
               admin({QStringLiteral("ALTER DATABASE \"%1\" RENAME TO \"%2\"").arg(making, kept)}, err);
    };
    if (!MigratedSchemas::makeOnce(QStringLiteral("postgres-%1-%2").arg(port, kept), isMade, make, error))
        return false;
    // FILE_COPY copies the template's files; the default, WAL_LOG, writes every page again through the WAL.
    if (!admin({QStringLiteral("DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)").arg(pendingName()),
                QStringLiteral("CREATE DATABASE \"%1\" TEMPLATE \"%2\" STRATEGY FILE_COPY")
                    .arg(pendingName(), kept)},
               error))
        return false;
    copiedInto();
    return true;
}

bool TestDatabase::copyMigratedMariadb(QString *error) const
{
    // MariaDB has neither template databases nor RENAME DATABASE: the kept schema is finished when its marker
    // table exists, and a copy is each table's own CREATE TABLE (foreign keys and CHECKs included) plus its
    // rows (migrations, content types, permissions).
    const QString fingerprint =
        MigratedSchemas::siteFingerprint(sourceDir() + QStringLiteral("/tests/django_site"));
    const QString kept = QStringLiteral("pa_schema_%1_%2").arg(variant(), fingerprint);
    const QString marker = QStringLiteral("pa_schema_made");
    const QString port = serverPort();
    const auto isMade = [&] {
        QString ignored;
        bool found = false;
        withMariadbAdminConnection(
            port,
            [&](QSqlDatabase &db, QString *) {
                QSqlQuery query(db);
                query.prepare(QStringLiteral("SELECT 1 FROM information_schema.tables WHERE table_schema = ? "
                                             "AND table_name = ?"));
                query.addBindValue(kept);
                query.addBindValue(marker);
                found = query.exec() && query.next();
                return true;
            },
            &ignored);
        return found;
    };
    const auto make = [&](QString *err) {
        return withMariadbAdminConnection(
                   port,
                   [&kept](QSqlDatabase &db, QString *inner) {
                       return runQuery(db, QStringLiteral("DROP DATABASE IF EXISTS \"%1\"").arg(kept),
                                       inner) &&
                              runQuery(db,
                                       QStringLiteral("CREATE DATABASE \"%1\" CHARACTER SET utf8mb4 COLLATE "
                                                      "utf8mb4_general_ci")
                                           .arg(kept),
                                       inner);
                   },
                   err) &&
               runSite(kept, {QStringLiteral("migrate")}, nullptr, err) &&
               withConnection(
                   QStringLiteral("QMYSQL"), kept, port,
                   [&marker](QSqlDatabase &db, QString *inner) {
                       return runQuery(db, QStringLiteral("CREATE TABLE \"%1\" (made int)").arg(marker),
                                       inner);
                   },
                   err);
    };
    if (!MigratedSchemas::makeOnce(QStringLiteral("mariadb-%1-%2").arg(port, kept), isMade, make, error))
        return false;
    return withConnection(
        QStringLiteral("QMYSQL"), databaseName(), port,
        [&](QSqlDatabase &db, QString *err) {
            QStringList tables;
            {
                QSqlQuery query(db);
                query.prepare(
                    QStringLiteral("SELECT table_name FROM information_schema.tables WHERE "
                                   "table_schema = ? AND table_type = 'BASE TABLE' AND table_name <> ?"));
                query.addBindValue(kept);
                query.addBindValue(marker);
                if (!query.exec()) {
                    if (err)
                        *err = QStringLiteral("cannot list the kept schema's tables: ") +
                               query.lastError().text();
                    return false;
                }
                while (query.next())
                    tables << query.value(0).toString();
            }
            if (!runQuery(db, QStringLiteral("SET SESSION foreign_key_checks = 0"), err))
                return false;
            for (const QString &table : std::as_const(tables)) {
                QString create;
                {
                    QSqlQuery query(db);
                    if (!query.exec(QStringLiteral("SHOW CREATE TABLE \"%1\".\"%2\"").arg(kept, table)) ||
                        !query.next()) {
                        if (err)
                            *err = QStringLiteral("SHOW CREATE TABLE %1 failed: %2")
                                       .arg(table, query.lastError().text());
                        return false;
                    }
                    create = query.value(1).toString();
                }
                if (!runQuery(db, create, err) ||
                    !runQuery(
                        db, QStringLiteral("INSERT INTO \"%1\" SELECT * FROM \"%2\".\"%1\"").arg(table, kept),
                        err))
                    return false;
            }
            return runQuery(db, QStringLiteral("SET SESSION foreign_key_checks = 1"), err);
        },
        error);
}
