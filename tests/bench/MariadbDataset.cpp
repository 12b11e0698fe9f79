#include "MariadbDataset.h"

#include "Connection.h"
#include "DjangoMigrate.h"
#include "MariadbServer.h"
#include "MysqlEngine.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace {

const QString TemplateName = QStringLiteral("pa_bench_template");

QString copyName(const QString &tag)
{
    return QStringLiteral("pa_bench_") + tag;
}

QString quoted(const QString &name)
{
    QString text = name;
    text.replace(QLatin1Char('`'), QLatin1String("``"));
    return QLatin1Char('`') + text + QLatin1Char('`');
}

// The same users and profiles as SqliteDataset and PostgresDataset make, value for value; %1 is the number
// of users (a Sequence engine table takes its bounds in its name, not as a bound value).
const char MariadbUsersSql[] =
    "INSERT INTO auth_user (id, password, last_login, is_superuser, username, first_name, last_name, email, "
    "is_staff, is_active, date_joined) "
    "SELECT seq, '!bench', IF(seq % 3 = 0, NULL, TIMESTAMP '2020-01-31 00:00:00' + INTERVAL seq MINUTE), "
    "seq = 1, CONCAT('user', LPAD(seq, 8, '0')), CONCAT('First', seq), CONCAT('Last', seq), "
    "CONCAT('user', LPAD(seq, 8, '0'), '@example.com'), seq % 50 = 0, seq % 10 <> 0, "
    "TIMESTAMP '2020-01-01 00:00:00' + INTERVAL seq MINUTE FROM seq_1_to_%1";
// Profiles for all but one user in %2, so the users without one interleave with the others.
const char MariadbProfilesSql[] = "INSERT INTO account_profile (user_id, date_of_birth, photo) "
                                  "SELECT seq, DATE '1970-01-01' + INTERVAL (seq % 15000) DAY, "
                                  "CONCAT('users/seed/', seq, '.jpg') FROM seq_1_to_%1 WHERE seq % %2 <> 1";
// InnoDB's persistent statistics, as its background recount would leave them after a bulk load.
const char AnalyzeSql[] = "ANALYZE TABLE auth_user, account_profile";

// settle() waits at most this long for InnoDB to write its dirty pages and purge.
constexpr int SettleTimeoutMs = 120000;

} // namespace

MariadbDataset::MariadbDataset(MariadbServer &server, const QString &python, const QString &sourceDir)
    : m_server(server)
    , m_python(python)
    , m_sourceDir(sourceDir)
{
    m_schemaSource = QStringLiteral("Django 3.2 migrate (tests/django_site)");
}

MariadbDataset::~MariadbDataset() = default;

QString MariadbDataset::engine() const
{
    return m_version.isEmpty() ? QStringLiteral("MariaDB") : QStringLiteral("MariaDB ") + m_version;
}

bool MariadbDataset::admin(const QString &sql, QString *error)
{
    if (!m_admin) {
        m_admin = std::make_unique<Connection>(m_server.url(QStringLiteral("mysql")),
                                               QStringLiteral("bench-admin"));
        if (!m_admin->isOpen()) {
            *error = m_admin->errorText();
            m_admin.reset();
            return false;
        }
        QSqlQuery version(m_admin->database());
        if (version.exec(QStringLiteral("SELECT VERSION()")) && version.next())
            m_version = version.value(0).toString().section(QLatin1Char('-'), 0, 0);
        m_durability = m_server.settings().join(QStringLiteral(", "));
    }
    QSqlQuery q(m_admin->database());
    if (!q.exec(sql)) {
        *error = QStringLiteral("%1 failed: %2").arg(sql.left(200), q.lastError().text());
        return false;
    }
    return true;
}

bool MariadbDataset::fill(qint64 users, qint64 missingEvery, QString *error)
{
    // The template is generated consistent, so the load skips the per-row key checks.
    return admin(QStringLiteral("USE %1").arg(quoted(TemplateName)), error) &&
           admin(QStringLiteral("SET SESSION foreign_key_checks = 0, unique_checks = 0"), error) &&
           admin(QStringLiteral("START TRANSACTION"), error) &&
           admin(QString::fromLatin1(MariadbUsersSql).arg(users), error) &&
           admin(QString::fromLatin1(MariadbProfilesSql).arg(users).arg(missingEvery), error) &&
           admin(QStringLiteral("COMMIT"), error) &&
           admin(QStringLiteral("SET SESSION foreign_key_checks = 1, unique_checks = 1"), error) &&
           admin(QString::fromLatin1(AnalyzeSql), error);
}

bool MariadbDataset::build(qint64 users, qint64 missingEvery, QString *error)
{
    QElapsedTimer timer;
    timer.start();
    cleanUp();
    if (!admin(QStringLiteral("CREATE DATABASE %1 CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
                   .arg(quoted(TemplateName)),
               error))
        return false;
    m_built = true;
    if (!runDjangoMigrate(m_python, m_sourceDir, QStringLiteral("mariadb"), m_server.url(TemplateName),
                          error) ||
        !fill(users, missingEvery, error))
        return false;
    m_buildSeconds = timer.nsecsElapsed() / 1e9;
    return true;
}

bool MariadbDataset::copyTables(const QString &target, QString *error)
{
    QStringList tables;
    {
        QSqlQuery q(m_admin->database());
        q.prepare(QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
                                 "AND table_type = 'BASE TABLE' ORDER BY table_name"));
        q.addBindValue(TemplateName);
        if (!q.exec()) {
            *error = QStringLiteral("Listing the template's tables failed: %1").arg(q.lastError().text());
            return false;
        }
        while (q.next())
            tables << q.value(0).toString();
    }
    // SHOW CREATE TABLE names the referenced tables without a database: they resolve in the copy.
    if (!admin(QStringLiteral("USE %1").arg(quoted(target)), error) ||
        !admin(QStringLiteral("SET SESSION foreign_key_checks = 0, unique_checks = 0"), error))
        return false;
    for (const QString &table : std::as_const(tables)) {
        QSqlQuery q(m_admin->database());
        if (!q.exec(QStringLiteral("SHOW CREATE TABLE %1.%2").arg(quoted(TemplateName), quoted(table))) ||
            !q.next()) {
            *error = QStringLiteral("SHOW CREATE TABLE %1 failed: %2").arg(table, q.lastError().text());
            return false;
        }
        const QString create = q.value(1).toString();
        q.finish();
        if (!admin(create, error) ||
            !admin(
                QStringLiteral("INSERT INTO %1 SELECT * FROM %2.%1").arg(quoted(table), quoted(TemplateName)),
                error))
            return false;
    }
    return admin(QStringLiteral("SET SESSION foreign_key_checks = 1, unique_checks = 1"), error) &&
           admin(QString::fromLatin1(AnalyzeSql), error);
}

DatabaseUrl MariadbDataset::copy(const QString &tag, QString *error)
{
    const QString name = copyName(tag);
    if (!admin(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoted(name)), error) ||
        !admin(QStringLiteral("CREATE DATABASE %1 CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
                   .arg(quoted(name)),
               error) ||
        !copyTables(name, error))
        return {};
    return m_server.url(name);
}

void MariadbDataset::drop(const DatabaseUrl &copy)
{
    QString error;
    admin(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoted(copy.databaseName())), &error);
}

void MariadbDataset::settle()
{
    // InnoDB writes dirty pages and purges old row versions in the background, at a pace of its own: ask it
    // to write every dirty page now and wait until it has, so the previous step's work (a copy of a million
    // users) is not paid for by the next one. Needs the SUPER privilege; without it, go on as is.
    QString error;
    if (!admin(QStringLiteral("SET @pa_bench_dirty_pct = @@GLOBAL.innodb_max_dirty_pages_pct"), &error) ||
        !admin(QStringLiteral("SET GLOBAL innodb_max_dirty_pages_pct = 0"), &error))
        return;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < SettleTimeoutMs) {
        QSqlQuery status(m_admin->database());
        if (!status.exec(QStringLiteral(
                "SELECT SUM(CASE variable_name WHEN 'INNODB_BUFFER_POOL_PAGES_DIRTY' THEN variable_value "
                "END), "
                "SUM(CASE variable_name WHEN 'INNODB_HISTORY_LIST_LENGTH' THEN variable_value END) "
                "FROM information_schema.global_status WHERE variable_name IN "
                "('INNODB_BUFFER_POOL_PAGES_DIRTY', 'INNODB_HISTORY_LIST_LENGTH')")) ||
            !status.next())
            break;
        // A few pages of the server's own bookkeeping are always being written: that is settled enough.
        if (status.value(0).toLongLong() < 16 && status.value(1).toLongLong() < 1000)
            break;
        status.finish();
        QThread::msleep(100);
    }
    admin(QStringLiteral("SET GLOBAL innodb_max_dirty_pages_pct = @pa_bench_dirty_pct"), &error);
}

void MariadbDataset::cleanUp()
{
    QString error;
    if (m_built || !m_admin)
        admin(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoted(TemplateName)), &error);
    m_built = false;
}

HandWrittenSql MariadbDataset::handWritten() const
{
    // Django's MySQL backend quotes with backticks; mysqlclient pastes the values into the SQL on the client
    // and Django reads the new id from the driver, as there is no RETURNING. The guard is the fixer's own.
    HandWrittenSql sql;
    sql.begin = QStringLiteral("START TRANSACTION");
    sql.loopSelect =
        QStringLiteral("SELECT `auth_user`.`id` FROM `auth_user` LEFT OUTER JOIN `account_profile` "
                       "ON (`auth_user`.`id` = `account_profile`.`user_id`) "
                       "WHERE `account_profile`.`id` IS NULL");
    sql.guardClause = MysqlEngine().conflictGuard(QStringLiteral("user_id"));
    sql.loopInsert = QStringLiteral("INSERT INTO `account_profile` (`user_id`, `date_of_birth`, `photo`) "
                                    "VALUES (%1, NULL, '')");
    return sql;
}
