#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QVariant>

#include <memory>

// A database for one test, built by the real Django site in tests/django_site and judged by it.
//
//   engine  "sqlite"   a fresh file in a QTemporaryDir owned by the object
//           "postgres" a fresh database on the throwaway cluster that ctest's pg_start fixture runs on
//                      127.0.0.1:$PA_TEST_PG_PORT (user postgres, trust), dropped WITH (FORCE) in the
//                      destructor
//           "mariadb"  a fresh utf8mb4 database on the throwaway server that ctest's mariadb_start fixture
//           runs
//                      on 127.0.0.1:$PA_TEST_MARIADB_PORT (user root, no password), dropped in the
//                      destructor; exec() and queryValue() run with ANSI_QUOTES, so set-up SQL quotes names
//                      as "name"
//   variant "classic"  auth.User + account.Profile (the seed's schema)
//           "custom"   members.Member (AUTH_USER_MODEL) + MemberProfile (link column owner_ref, NOT NULL
//                      columns without database defaults) + Post (a plain many-to-one foreign key to the
//                      user table)
//           "two_profiles" classic + notifications.NotificationSettings (notifications_notificationsettings,
//                      link user_id): a second one-to-one table with Python-only defaults and a save();
//                      seed() gives it rows for half as many users as account_profile; verify() reports it
//                      under "others" and counts it in "ok"
//
// A PostgreSQL database that cannot be made is an error, never a skip: only PA_TEST_NO_PG=1 leaves
// PostgreSQL out, and then PA_TEST_DATABASE skips. Typical use:
//
//   PA_TEST_DATABASE(db, engine, variant, u"fix"_s); // declares `db`; fails the test if it cannot be made
//   QString error;
//   QVERIFY2(db.migrate(&error), qPrintable(error));
//   QVERIFY2(db.seed(200, 100, &error), qPrintable(error));
//   const QString before = db.saveSnapshot(&error);
//   ... run the tool on db.url() ...
//   const QJsonObject v = db.verify(before);
//   QVERIFY2(v.value(u"ok").toBool(), TestDatabase::dump(v).constData());
class TestDatabase
{
public:
    TestDatabase();  // invalid; for moving into
    ~TestDatabase(); // drops the PostgreSQL database / removes the SQLite folder
    TestDatabase(TestDatabase &&other) noexcept;
    TestDatabase &operator=(TestDatabase &&other) noexcept;
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    // $PA_TEST_PG_PORT (set by ctest); empty when unset.
    static QString pgPort();
    // True when PA_TEST_NO_PG=1: PostgreSQL tests are skipped. Otherwise a missing server fails them.
    static bool postgresDisabled();
    // $PA_TEST_MARIADB_PORT (set by ctest for suites labelled mariadb); empty when unset.
    static QString mariadbPort();
    // True when PA_TEST_NO_MARIADB=1: MariaDB tests are skipped. Otherwise a missing server fails them.
    static bool mariadbDisabled();
    // The source tree (PA_SOURCE_DIR, a compile definition).
    static QString sourceDir();
    // Adds the columns "engine" and "variant" and the six rows sqlite/classic, sqlite/custom,
    // postgres/classic, postgres/custom, mariadb/classic, mariadb/custom, for data-driven tests.
    static void addEngineVariantData();
    // Adds the column "engine" and the rows sqlite, postgres and mariadb.
    static void addEngineData();
    // A JSON object as indented text, for failure messages.
    static QByteArray dump(const QJsonObject &object);

    // A new, empty database (no tables yet: call migrate()). Check isValid() and errorString().
    // `tag` goes into the file or database name (letters, digits, underscores).
    static TestDatabase create(const QString &engine, const QString &variant, const QString &tag);

    bool isValid() const;
    QString errorString() const;
    QString engine() const;
    QString variant() const;
    bool isPostgres() const;
    bool isMariadb() const;
    // The variant's names (two_profiles: those of classic): auth_user or members_member, account_profile or
    // members_memberprofile, user_id or owner_ref; a nullable date column (date_of_birth, birthday) and a NOT
    // NULL text column (photo, nickname) of the profile table.
    QString userTable() const;
    QString profileTable() const;
    QString linkColumn() const;
    QString dateColumn() const;
    QString textColumn() const;
    // The URL profile-admin accepts: sqlite:////abs/path.sqlite3,
    // postgres://postgres@127.0.0.1:PORT/dbname or mysql://root@127.0.0.1:PORT/dbname.
    QString url() const;
    // The SQLite file, or the PostgreSQL database name.
    QString databaseName() const;
    // A folder owned by this object, removed with it (snapshots go there).
    QString tempPath() const;

    // Runs `python3 tests/django_site/pa_django.py args...` against this database. True when it exited 0; its
    // stdout goes to `stdoutOut`; on failure `error` gets the exit status and the end of its stderr.
    bool django(const QStringList &args, QByteArray *stdoutOut = nullptr, QString *error = nullptr) const;
    // The variables by which the site's settings reach this database: PA_VARIANT, PA_DB_ENGINE, PA_DB_NAME,
    // and for a server PA_PG_HOST, PA_PG_PORT and PA_PG_USER (postgres or root, no password), plus
    // PYTHONDONTWRITEBYTECODE=1.
    QMap<QString, QString> siteEnvironment() const;
    // Django's migrate: the schema of the variant.
    bool migrate(QString *error = nullptr) const;
    // Adds `users` users (usernames user00001...) and profiles for `withProfile` of them, spread evenly
    // (every other user when withProfile = users / 2). `summary` gets pa_django.py's JSON (first_id, last_id,
    // users, profiles...).
    bool seed(int users, int withProfile, QString *error = nullptr, QJsonObject *summary = nullptr) const;
    // Every profile as JSON {pk: {column: text or null}}; empty on failure.
    QByteArray snapshot(QString *error = nullptr) const;
    // Writes snapshot() to a new file in tempPath() and returns its path; empty on failure.
    QString saveSnapshot(QString *error = nullptr) const;
    // Django's verdict: users, profiles, missing, duplicates, orphans, invalid, access_errors, changed
    // (against the snapshot file, if given), ok. When it could not run: {"ok": false, "error": "..."} and
    // `error` set.
    QJsonObject verify(const QString &snapshotFile = QString(), QString *error = nullptr) const;

    // Raw SQL for test set-up, on a connection of its own (opened and removed per call; SQLite's foreign-key
    // enforcement stays off, as in any fresh SQLite connection). One statement per string; the list runs in
    // order on one connection and stops at the first failure.
    bool exec(const QString &sql, QString *error = nullptr) const;
    bool exec(const QStringList &statements, QString *error = nullptr) const;
    // two_profiles: makes notifications_notificationsettings refuse the 0 the database rules give max_per_day
    // (a CHECK on PostgreSQL and MariaDB, a trigger on SQLite), so that an INSERT into it fails for a test.
    bool refuseZeroMaxPerDay(QString *error = nullptr) const;
    // Takes refuseZeroMaxPerDay()'s refusal away again.
    bool allowZeroMaxPerDay(QString *error = nullptr) const;
    // The first column of the first row of `sql` (e.g. a COUNT); invalid QVariant and `error` set on failure.
    QVariant queryValue(const QString &sql, QString *error = nullptr) const;

private:
    // django() against another database of the same engine (a schema kept for copying).
    bool runSite(const QString &databaseName, const QStringList &args, QByteArray *stdoutOut,
                 QString *error) const;
    bool copyMigratedSqlite(QString *error) const;
    bool copyMigratedPostgres(QString *error) const;
    bool copyMigratedMariadb(QString *error) const;
    // The server port of a PostgreSQL or MariaDB database.
    QString serverPort() const;
    // The PostgreSQL database's name without creating it; copiedInto() says a copy of a schema created it.
    QString pendingName() const;
    void copiedInto() const;

    struct Private;
    std::unique_ptr<Private> d;
};

// Declares `var` as TestDatabase::create(engine, variant, tag) and fails the test when it could not be made;
// skips only for PostgreSQL with PA_TEST_NO_PG=1 and MariaDB with PA_TEST_NO_MARIADB=1.
#define PA_TEST_DATABASE(var, engine, variant, tag)                                                          \
    if ((engine) == QLatin1String("postgres") && TestDatabase::postgresDisabled())                           \
        QSKIP("PostgreSQL tests are switched off (PA_TEST_NO_PG=1)");                                        \
    if ((engine) == QLatin1String("mariadb") && TestDatabase::mariadbDisabled())                             \
        QSKIP("MariaDB tests are switched off (PA_TEST_NO_MARIADB=1)");                                      \
    TestDatabase var = TestDatabase::create((engine), (variant), (tag));                                     \
    QVERIFY2(var.isValid(), qPrintable(var.errorString()))
