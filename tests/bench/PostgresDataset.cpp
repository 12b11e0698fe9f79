#include "PostgresDataset.h"

#include "DjangoMigrate.h"

#include "Connection.h"
#include "PostgresServer.h"
#include "ProfileSchema.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

namespace {

const QString TemplateName = QStringLiteral("pa_bench_template");

QString copyName(const QString &tag)
{
    return QStringLiteral("pa_bench_") + tag;
}

// The same users and profiles as SqliteDataset makes, value for value.
const char PostgresUsersSql[] =
    "INSERT INTO auth_user (id, password, last_login, is_superuser, username, first_name, last_name, email, "
    "is_staff, is_active, date_joined) "
    "SELECT g, '!bench', CASE WHEN g % 3 = 0 THEN NULL "
    "ELSE timestamptz '2020-01-31 00:00:00+00' + g * interval '1 minute' END, "
    "g = 1, 'user' || lpad(g::text, 8, '0'), 'First' || g, 'Last' || g, "
    "'user' || lpad(g::text, 8, '0') || '@example.com', g % 50 = 0, g % 10 <> 0, "
    "timestamptz '2020-01-01 00:00:00+00' + g * interval '1 minute' "
    "FROM generate_series(1, CAST(:users AS integer)) g";
// Profiles for all but one user in :every, so the users without one interleave with the others.
const char PostgresProfilesSql[] = "INSERT INTO account_profile (user_id, date_of_birth, photo) "
                                   "SELECT g, date '1970-01-01' + g % 15000, 'users/seed/' || g || '.jpg' "
                                   "FROM generate_series(1, CAST(:users AS integer)) g "
                                   "WHERE g % CAST(:every AS integer) <> 1";
// Django's own ids came from the sequence; leave it where Django would have left it.
const char SequenceSql[] = "SELECT setval(pg_get_serial_sequence('auth_user', 'id'), CAST(:users AS bigint))";

} // namespace

PostgresDataset::PostgresDataset(PostgresServer &server, const QString &python, const QString &sourceDir,
                                 bool analysed)
    : m_server(server)
    , m_python(python)
    , m_sourceDir(sourceDir)
    , m_analysed(analysed)
{
    m_schemaSource = QStringLiteral("Django 3.2 migrate (tests/django_site)");
}

PostgresDataset::~PostgresDataset() = default;

QString PostgresDataset::engine() const
{
    const QString name =
        m_version.isEmpty() ? QStringLiteral("PostgreSQL") : QStringLiteral("PostgreSQL ") + m_version;
    return m_analysed ? name : name + QStringLiteral(", never analysed");
}

bool PostgresDataset::admin(const QString &sql, QString *error)
{
    if (!m_admin) {
        m_admin = std::make_unique<Connection>(m_server.url(m_server.maintenanceDatabase()),
                                               QStringLiteral("bench-admin"));
        if (!m_admin->isOpen()) {
            *error = m_admin->errorText();
            m_admin.reset();
            return false;
        }
        QSqlQuery version(m_admin->database());
        // "database ... does not exist, skipping" from every DROP ... IF EXISTS is noise on stderr.
        version.exec(QStringLiteral("SET client_min_messages = warning"));
        if (version.exec(QStringLiteral("SHOW server_version")) && version.next())
            m_version = version.value(0).toString().section(QLatin1Char(' '), 0, 0);
        QStringList settings;
        for (const QString &name : {QStringLiteral("fsync"), QStringLiteral("synchronous_commit"),
                                    QStringLiteral("full_page_writes")}) {
            if (version.exec(QStringLiteral("SHOW ") + name) && version.next())
                settings << name + QLatin1Char('=') + version.value(0).toString();
        }
        m_durability = settings.join(QStringLiteral(", "));
    }
    QSqlQuery q(m_admin->database());
    if (!q.exec(sql)) {
        *error = QStringLiteral("%1 failed: %2").arg(sql, q.lastError().text());
        return false;
    }
    return true;
}

bool PostgresDataset::migrate(QString *error)
{
    return runDjangoMigrate(m_python, m_sourceDir, QStringLiteral("postgres"), m_server.url(TemplateName),
                            error);
}

bool PostgresDataset::fill(qint64 users, qint64 missingEvery, QString *error)
{
    Connection connection(m_server.url(TemplateName), QStringLiteral("bench-fill"));
    if (!connection.isOpen()) {
        *error = connection.errorText();
        return false;
    }
    QSqlQuery q(connection.database());
    const auto run = [&](const QString &sql, bool bind) {
        if (!error->isEmpty())
            return false;
        bool ok = false;
        if (bind) {
            ok = q.prepare(sql);
            q.bindValue(QStringLiteral(":users"), users);
            if (sql.contains(QLatin1String(":every")))
                q.bindValue(QStringLiteral(":every"), missingEvery);
            ok = ok && q.exec();
        } else {
            ok = q.exec(sql);
        }
        if (!ok)
            *error = QStringLiteral("Filling the PostgreSQL template failed: %1 (%2)")
                         .arg(q.lastError().text(), sql.left(120).simplified());
        return ok;
    };
    run(QStringLiteral("SET synchronous_commit = off"), false);
    if (!m_analysed) {
        // Autovacuum would analyse the template a minute after the fill; a restored database has not been
        // yet. The copies inherit the setting (and start with no counters that would wake autovacuum anyway).
        run(QStringLiteral("ALTER TABLE auth_user SET (autovacuum_enabled = false)"), false);
        run(QStringLiteral("ALTER TABLE account_profile SET (autovacuum_enabled = false)"), false);
    }
    run(QStringLiteral("BEGIN"), false);
    run(QString::fromLatin1(PostgresUsersSql), true);
    run(QString::fromLatin1(PostgresProfilesSql), true);
    run(QString::fromLatin1(SequenceSql), true);
    run(QStringLiteral("COMMIT"), false);
    if (!m_analysed) {
        // No statistics at all, as pg_statistic is after a restore: the planner guesses from the table sizes.
        if (run(QStringLiteral("SELECT count(*) FROM pg_stats "
                               "WHERE tablename IN ('auth_user', 'account_profile')"),
                false) &&
            q.next() && q.value(0).toLongLong() != 0)
            *error = QStringLiteral("The never-analysed template has planner statistics: something ran "
                                    "ANALYZE on it.");
        return error->isEmpty();
    }
    // What autovacuum would long have done on a live site: statistics for the planner, rows frozen and the
    // visibility map set, so no measurement pays for hint bits the data generation left behind.
    run(QStringLiteral("VACUUM (FREEZE, ANALYZE) auth_user"), false);
    run(QStringLiteral("VACUUM (FREEZE, ANALYZE) account_profile"), false);
    return error->isEmpty();
}

bool PostgresDataset::build(qint64 users, qint64 missingEvery, QString *error)
{
    QElapsedTimer timer;
    timer.start();
    cleanUp();
    if (!admin(QStringLiteral("CREATE DATABASE %1 ENCODING 'UTF8' TEMPLATE template0")
                   .arg(quoteIdentifier(TemplateName)),
               error))
        return false;
    m_built = true;
    if (!migrate(error) || !fill(users, missingEvery, error))
        return false;
    m_buildSeconds = timer.nsecsElapsed() / 1e9;
    return true;
}

DatabaseUrl PostgresDataset::copy(const QString &tag, QString *error)
{
    const QString name = copyName(tag);
    // FILE_COPY copies the files instead of writing the whole database through the WAL (PostgreSQL 15's
    // default), which is both faster and leaves no WAL behind for the measurement to pay for.
    if (!admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(quoteIdentifier(name)), error) ||
        !admin(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2 STRATEGY FILE_COPY")
                   .arg(quoteIdentifier(name), quoteIdentifier(TemplateName)),
               error))
        return {};
    return m_server.url(name);
}

void PostgresDataset::drop(const DatabaseUrl &copy)
{
    QString error;
    admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(quoteIdentifier(copy.databaseName())),
          &error);
}

void PostgresDataset::settle()
{
    // Dirty buffers left by the previous step would otherwise be written during this one. CHECKPOINT needs
    // superuser or pg_checkpoint; on a server where we have neither, go on without it.
    QString error;
    admin(QStringLiteral("CHECKPOINT"), &error);
}

void PostgresDataset::cleanUp()
{
    QString error;
    if (m_built || !m_admin)
        admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(quoteIdentifier(TemplateName)),
              &error);
    m_built = false;
}

HandWrittenSql PostgresDataset::handWritten() const
{
    // psycopg2 pastes the values into the SQL and sends it with the simple protocol.
    HandWrittenSql sql;
    sql.guardClause = QStringLiteral(" ON CONFLICT (user_id) DO NOTHING");
    sql.loopInsert =
        QStringLiteral("INSERT INTO \"account_profile\" (\"user_id\", \"date_of_birth\", \"photo\") "
                       "VALUES (%1, NULL, '') RETURNING \"account_profile\".\"id\"");
    return sql;
}
