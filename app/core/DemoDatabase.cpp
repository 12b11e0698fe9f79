#include "DemoDatabase.h"

#include "Connection.h"
#include "DatabaseEngine.h"
#include "SqlFailure.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

namespace {

constexpr int DemoUsers = 300;
constexpr int DemoUsersWithProfile = 240;

// The demo is an SQLite file, whatever database the user opens afterwards.
const DatabaseEngine &sqlite()
{
    return DatabaseEngine::forKind(DatabaseUrl::Kind::SQLite);
}

bool run(QSqlQuery &q, const QString &sql, QString *error)
{
    // A null sql runs the statement prepared on q.
    if (sql.isNull() ? q.exec() : q.exec(sql))
        return true;
    *error = QStringLiteral("Could not build the demo database: %1.")
                 .arg(SqlFailure(q.lastError(), sqlite()).message());
    return false;
}

} // namespace

QString DemoDatabase::ensure(QString *error)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString path = QDir(folder).filePath(QStringLiteral("demo.sqlite3"));
    if (QFileInfo::exists(path))
        return path;
    if (!QDir().mkpath(folder)) {
        *error = QStringLiteral("Could not create the folder %1 for the demo database.").arg(folder);
        return {};
    }
    // Build next to the final name and rename, so an interrupted first run never leaves a half-made demo.
    const QString partial = path + QStringLiteral(".partial");
    QFile::remove(partial);
    if (!create(partial, DemoUsers, DemoUsersWithProfile, error) || !QFile::rename(partial, path)) {
        QFile::remove(partial);
        if (error->isEmpty())
            *error = QStringLiteral("Could not move the demo database into place at %1.").arg(path);
        return {};
    }
    return path;
}

bool DemoDatabase::create(const QString &path, int users, int withProfile, QString *error)
{
    if (QFileInfo::exists(path)) {
        *error =
            QStringLiteral("%1 exists already; the demo database is only made in an empty place.").arg(path);
        return false;
    }
    QFile schemaFile(QStringLiteral(":/demo/schema.sql"));
    if (!schemaFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("The demo schema is missing from this build.");
        return false;
    }
    const QString schema = QString::fromUtf8(schemaFile.readAll());
    {
        // SQLite creates the file on open; the header check in Connection would refuse an empty file.
        QFile create(path);
        if (!create.open(QIODevice::WriteOnly)) {
            *error = QStringLiteral("Could not create %1: %2.").arg(path, create.errorString());
            return false;
        }
    }
    QString connectionName;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(sqlite().driverName(), QStringLiteral("profile-admin-demo"));
        connectionName = db.connectionName();
        db.setDatabaseName(path);
        if (!db.open()) {
            *error = QStringLiteral("Could not create %1: %2.")
                         .arg(path, SqlFailure(db.lastError(), sqlite()).message());
        } else {
            QSqlQuery q(db);
            bool ok = run(q, QStringLiteral("BEGIN"), error);
            for (const QString &statement : schema.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
                QString sql;
                for (const QString &line : statement.split(QLatin1Char('\n'))) {
                    if (!line.trimmed().startsWith(QLatin1String("--")))
                        sql += line + QLatin1Char('\n');
                }
                if (ok && !sql.trimmed().isEmpty())
                    ok = run(q, sql, error);
            }
            // Unusable passwords ('!' prefix, as Django's set_unusable_password) and names that vary a
            // little.
            ok = ok && q.prepare(QStringLiteral(
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :users) "
                           "INSERT INTO auth_user (password, last_login, is_superuser, username, first_name, "
                           "last_name, email, is_staff, is_active, date_joined) "
                           "SELECT '!demo' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE datetime('now', '-' || i "
                           "|| ' hours') END, "
                           "i = 1, printf('user%04d', i), "
                           "CASE i % 6 WHEN 0 THEN 'Ada' WHEN 1 THEN 'Grace' WHEN 2 THEN 'Linus' WHEN 3 THEN "
                           "'Margaret' "
                           "WHEN 4 THEN 'Ken' ELSE 'Barbara' END, "
                           "CASE i % 5 WHEN 0 THEN 'Lovelace' WHEN 1 THEN 'Hopper' WHEN 2 THEN 'Torvalds' "
                           "WHEN 3 THEN 'Hamilton' ELSE 'Liskov' END, "
                           "printf('user%04d@example.org', i), i <= 3, i % 17 <> 0, "
                           "datetime('now', '-' || (i * 2) || ' days') FROM n"));
            q.bindValue(QStringLiteral(":users"), users);
            ok = ok && run(q, QString(), error);
            // Users 3, 8, 13… get their profiles last, so those that lack one are spread over the table and
            // some are on the first screen, in key order.
            ok = ok &&
                 q.prepare(QStringLiteral("INSERT INTO account_profile (user_id, date_of_birth, photo) "
                                          "SELECT id, CASE WHEN id % 4 = 0 THEN NULL ELSE date('1970-01-01', "
                                          "'+' || (id * 53) || ' days') END, "
                                          "'' FROM auth_user ORDER BY id % 5 = 3, id LIMIT :with"));
            q.bindValue(QStringLiteral(":with"), withProfile);
            ok = ok && run(q, QString(), error);
            ok = ok && run(q, QStringLiteral("COMMIT"), error);
            q.finish();
            db.close();
            if (!ok)
                QFile::remove(path);
        }
    }
    QSqlDatabase::removeDatabase(connectionName);
    return error->isEmpty();
}
