// "Safe while the site keeps running" (docs/safety.md): `profile-admin fix` creates 200,000
// missing profiles while a real Django site keeps signing users up (a post_save receiver giving most of them
// a profile) and keeps get_or_create()ing profiles for users the fixer is working on. Nobody may see an
// error (on MariaDB, but for the AUTO_INCREMENT deadlock siteInsertAtBatchBoundary pins down), no user may
// end up with two profiles or none, and a second check finds only users created after the run began. On
// PostgreSQL and MariaDB another session also holds an uncommitted profile the run must wait for.
#include "CliRun.h"
#include "Faults.h"
#include "SiteWriter.h"
#include "TestDatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <memory>

namespace {

constexpr int BulkUsers = 200000;

qint64 count(const TestDatabase &db, const QString &sql)
{
    QString error;
    const QVariant value = db.queryValue(sql, &error);
    if (!value.isValid())
        qWarning("%s", qPrintable(error));
    return value.isValid() ? value.toLongLong() : -1;
}

// Whether the site writer met no error at all.
bool siteMetNoError(const QJsonObject &summary)
{
    return summary.value(u"error_count").toInt() == 0 && !summary.contains(u"error");
}

// Opens the connections "blocker" and "monitor" and, on the blocker, does what Profile.objects.create() sends
// for the user `userId` inside a transaction it leaves open: a profile the site has not committed yet.
bool holdUncommittedProfile(const TestDatabase &db, qint64 userId, const QString &photo, QString *error)
{
    QSqlDatabase raw = Faults::openRaw(db, QStringLiteral("blocker"), error);
    if (!raw.isOpen())
        return false;
    QSqlQuery q(raw);
    if (!q.exec(db.isMariadb() ? QStringLiteral("START TRANSACTION") : QStringLiteral("BEGIN")) ||
        !q.exec(QStringLiteral(
                    "INSERT INTO account_profile (user_id, date_of_birth, photo) VALUES (%1, NULL, '%2')")
                    .arg(userId)
                    .arg(photo))) {
        *error = q.lastError().text();
        return false;
    }
    return Faults::openRaw(db, QStringLiteral("monitor"), error).isOpen();
}

} // namespace

class TestConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void fixWhileTheSiteWrites_data();
    void fixWhileTheSiteWrites();
    void contestedProfile_data();
    void contestedProfile();
    void siteInsertAtBatchBoundary_data();
    void siteInsertAtBatchBoundary();
};

void TestConcurrency::fixWhileTheSiteWrites_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
    QTest::newRow("mariadb") << QStringLiteral("mariadb");
}

void TestConcurrency::fixWhileTheSiteWrites()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("concurrency"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(Faults::addUsers(db, BulkUsers, &error), qPrintable(error));
    // Users up to here existed before the run: each must end with exactly one profile.
    const qint64 lastBefore = count(db, QStringLiteral("SELECT max(id) FROM auth_user"));
    QCOMPARE(lastBefore, BulkUsers);

    // The profile of this user is being created by the site, uncommitted, when the fixer reaches it.
    const qint64 contested = BulkUsers - 1;
    SiteWriter signups(db, SiteWriter::Mode::Users);
    SiteWriter visits(db, SiteWriter::Mode::Profiles, 1, contested - 1);
    QVERIFY2(signups.start(&error), qPrintable(error));
    QVERIFY2(visits.start(&error), qPrintable(error));

    const QString blocker = QStringLiteral("blocker");
    const QString monitor = QStringLiteral("monitor");
    // SQLite has one writer at a time: the contested transaction would only make the fixer wait for it.
    const bool contestedRow = db.engine() != QLatin1String("sqlite");
    if (contestedRow)
        QVERIFY2(holdUncommittedProfile(db, contested, QString(), &error), qPrintable(error));

    // MariaDB's lock wait ends after the product's lock timeout (10 s): on a busy machine the site's 20
    // signups below could take longer, so this run waits as long as PostgreSQL's does.
    CliRun fix({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json")},
               {{QStringLiteral("PROFILE_ADMIN_BUSY_TIMEOUT_MS"), QStringLiteral("600000")}});
    fix.start();
    if (contestedRow) {
        // The fixer reaches the contested user and must wait for the site's transaction: now it is surely
        // mid-run. The site keeps signing users up meanwhile; then the site commits its profile.
        const QSqlDatabase watch = QSqlDatabase::database(monitor);
        bool written = false;
        const qint64 pid = Faults::waitForProfileAdminLockWait(
            watch, [&] { return fix.isRunning(); }, &written);
        if (pid == 0 && !fix.isRunning())
            QFAIL(
                fix.wait().describe().constData()); // (QVERIFY2 would evaluate the message, and wait, always)
        QVERIFY2(pid > 0, "profile-admin never waited for the contested profile");
        QVERIFY2(written, "the fixer had written nothing before it reached the contested user");
        // On MariaDB an INSERT ... SELECT holds the profile table's AUTO_INCREMENT lock until it ends, so the
        // site's signups (which give most users a profile) wait with it: there the contested profile is
        // committed at once, and the site's waits stay within the length of one batch.
        if (!db.isMariadb()) {
            const qint64 usersAtWait = count(db, QStringLiteral("SELECT count(*) FROM auth_user"));
            QVERIFY(Faults::waitFor([&] {
                return count(db, QStringLiteral("SELECT count(*) FROM auth_user")) >= usersAtWait + 20;
            }));
        }
        QSqlQuery commit(QSqlDatabase::database(blocker));
        QVERIFY2(commit.exec(QStringLiteral("COMMIT")), qPrintable(commit.lastError().text()));
    }
    Faults::closeRaw(blocker);
    Faults::closeRaw(monitor);
    const CliRun::Result fixed = fix.wait();
    const QJsonObject signedUp = signups.stop();
    const QJsonObject visited = visits.stop();
    QVERIFY2(fixed.exitCode == 0, fixed.describe());
    QVERIFY2(siteMetNoError(signedUp), TestDatabase::dump(signedUp).constData());
    QVERIFY2(siteMetNoError(visited), TestDatabase::dump(visited).constData());
    const qint64 created = fixed.json().value(u"created").toInteger(-1);
    qInfo("%s: fix created %lld profiles in %.2f s while the site signed up %d users and created %d profiles "
          "(found %d)",
          qPrintable(engine), created, fixed.json().value(u"seconds").toDouble(),
          signedUp.value(u"users_created").toInt(), visited.value(u"created").toInt(),
          visited.value(u"found").toInt());

    // Each user from before the run has one profile, made by exactly one of the fixer, the site's
    // get_or_create() and the contested transaction; nothing was made twice or lost. The fixer may also have
    // served users the site signed up before the run read its key range: those without a signal profile.
    const qint64 forNewUsers = count(
        db, QStringLiteral("SELECT count(*) FROM account_profile WHERE user_id > %1 AND user_id % 4 = 0")
                .arg(lastBefore));
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM auth_user u WHERE u.id <= %1 AND NOT EXISTS "
                                      "(SELECT 1 FROM account_profile p WHERE p.user_id = u.id)")
                           .arg(lastBefore)),
             0);
    QCOMPARE(created - forNewUsers + visited.value(u"created").toInt() + (contestedRow ? 1 : 0), lastBefore);
    QCOMPARE(
        count(db, QStringLiteral("SELECT count(*) FROM (SELECT user_id FROM account_profile GROUP BY user_id "
                                 "HAVING count(*) > 1) AS d")),
        0);
    QCOMPARE(
        count(db, QStringLiteral("SELECT count(*) FROM account_profile p WHERE NOT EXISTS (SELECT 1 FROM "
                                 "auth_user u WHERE u.id = p.user_id)")),
        0);
    const qint64 users = count(db, QStringLiteral("SELECT count(*) FROM auth_user"));
    QCOMPARE(users, lastBefore + signedUp.value(u"users_created").toInt());
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM account_profile")),
             lastBefore + signedUp.value(u"users_with_profile").toInt() + forNewUsers);

    // The second check finds only users the site signed up without a profile (every fourth), all after
    // the users the run started with.
    const CliRun::Result check = CliRun::run({QStringLiteral("check"), db.url(), QStringLiteral("--json")});
    QVERIFY2(check.exitCode == 0 || check.exitCode == 1, check.describe());
    const qint64 missing = check.json().value(u"missing").toInteger(-1);
    QCOMPARE(missing,
             count(db, QStringLiteral("SELECT count(*) FROM auth_user u WHERE u.id > %1 AND u.id % 4 = 0 "
                                      "AND u.username LIKE 'site%' AND NOT EXISTS (SELECT 1 FROM "
                                      "account_profile p WHERE p.user_id = u.id)")
                           .arg(lastBefore)));
    QCOMPARE(check.json().value(u"users").toInteger(), users);
    QVERIFY(missing <=
            signedUp.value(u"users_created").toInt() - signedUp.value(u"users_with_profile").toInt());

    // Once the site is quiet, a second fix leaves nobody without a profile.
    const CliRun::Result again =
        CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json")});
    QVERIFY2(again.exitCode == 0, again.describe());
    QCOMPARE(again.json().value(u"created").toInteger(), missing);
    QCOMPARE(again.json().value(u"missing_after").toInteger(), 0);
}

void TestConcurrency::contestedProfile_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("siteEnds"); // COMMIT, ROLLBACK, or nothing until the run's lock timeout passed
    for (const QString &engine : {QStringLiteral("postgres"), QStringLiteral("mariadb")}) {
        QTest::addRow("%s: the site commits", qPrintable(engine)) << engine << QStringLiteral("COMMIT");
        QTest::addRow("%s: the site rolls back", qPrintable(engine)) << engine << QStringLiteral("ROLLBACK");
    }
    // PostgreSQL's fix-up sets no lock_timeout and waits as long as the site's transaction lasts; MariaDB's
    // session keeps innodb_lock_wait_timeout, the product's lock timeout.
    QTest::addRow("mariadb: lock timeout") << QStringLiteral("mariadb") << QString();
}

// The site holds an uncommitted profile for a user the run is about to give one: the run's INSERT must wait
// for it (on MariaDB the unique key's duplicate check does, since under READ COMMITTED the anti-join reads
// past it), then skip it if the site committed, create it if the site rolled back, and on MariaDB fail after
// the lock timeout with the server's reason and nothing written.
void TestConcurrency::contestedProfile()
{
    QFETCH(QString, engine);
    QFETCH(QString, siteEnds);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("contested"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    constexpr int Users = 3000;
    constexpr int Contested = 2000;
    QVERIFY2(Faults::addUsers(db, Users, &error), qPrintable(error));
    const QString blocker = QStringLiteral("blocker");
    const QString monitor = QStringLiteral("monitor");
    // A photo the fixer never writes tells the site's profile from the fixer's.
    QVERIFY2(holdUncommittedProfile(db, Contested, QStringLiteral("site.jpg"), &error), qPrintable(error));

    const bool timesOut = siteEnds.isEmpty();
    CliRun fix({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json")},
               {{QStringLiteral("PROFILE_ADMIN_BUSY_TIMEOUT_MS"),
                 timesOut ? QStringLiteral("2000") : QStringLiteral("600000")}});
    fix.start();
    if (!timesOut) {
        bool written = false;
        const qint64 pid = Faults::waitForProfileAdminLockWait(
            QSqlDatabase::database(monitor), [&] { return fix.isRunning(); }, &written);
        if (pid == 0 && !fix.isRunning())
            QFAIL(fix.wait().describe().constData());
        QVERIFY2(pid > 0, "profile-admin never waited for the uncommitted profile");
        QVERIFY2(written, "the fixer had written nothing before it reached the contested user");
        // Mid-run, another session sees none of the run's profiles.
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM account_profile")), 0);
        QSqlQuery end(QSqlDatabase::database(blocker));
        QVERIFY2(end.exec(siteEnds), qPrintable(end.lastError().text()));
    }
    const CliRun::Result run = fix.wait();
    if (timesOut) {
        QSqlQuery end(QSqlDatabase::database(blocker));
        QVERIFY2(end.exec(QStringLiteral("ROLLBACK")), qPrintable(end.lastError().text()));
    }
    Faults::closeRaw(blocker);
    Faults::closeRaw(monitor);

    const QString siteProfiles =
        QStringLiteral("SELECT count(*) FROM account_profile WHERE photo = 'site.jpg'");
    if (timesOut) {
        QVERIFY2(run.exitCode == 2, run.describe());
        QVERIFY2(run.isOneSentence(QStringLiteral("fix")), run.describe());
        QVERIFY2(run.err.contains("Creating the missing profiles failed, nothing was written"),
                 run.describe());
        QVERIFY2(run.err.contains("Lock wait timeout exceeded"), run.describe());
        QVERIFY2(run.json().value(u"error").toString().contains(QLatin1String("Lock wait timeout exceeded")),
                 run.describe());
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM account_profile")), 0);
        QCOMPARE(db.verify().value(u"missing").toInt(), Users);
        return;
    }
    QVERIFY2(run.exitCode == 0, run.describe());
    const bool siteCommitted = siteEnds == QLatin1String("COMMIT");
    // The report counts what the run itself created: the contested user only when the site's row went away.
    QCOMPARE(run.json().value(u"created").toInteger(-1), siteCommitted ? Users - 1 : Users);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM account_profile")), Users);
    QCOMPARE(count(db, siteProfiles), siteCommitted ? 1 : 0);
    QCOMPARE(
        count(db, QStringLiteral("SELECT count(*) FROM account_profile WHERE user_id = %1").arg(Contested)),
        1);
    const QJsonObject verdict = db.verify();
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"profiles").toInt(), Users);
}

void TestConcurrency::siteInsertAtBatchBoundary_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("duplicateCode"); // what the site's own INSERT must meet: a unique violation
    QTest::newRow("postgres") << QStringLiteral("postgres") << QStringLiteral("23505");
    QTest::newRow("mariadb") << QStringLiteral("mariadb") << QStringLiteral("1062");
}

// A site request inserts a profile for a user the run has already given one (uncommitted) while the run's
// first batch waits: it must wait for the run and then meet a unique violation, which Django's
// get_or_create() answers by reading the row, never a deadlock.
void TestConcurrency::siteInsertAtBatchBoundary()
{
    QFETCH(QString, engine);
    QFETCH(QString, duplicateCode);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("boundary"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    constexpr int Users = 60000; // two of the CLI's batches of 50,000
    QVERIFY2(Faults::addUsers(db, Users, &error), qPrintable(error));
    const QString blocker = QStringLiteral("blocker");
    const QString monitor = QStringLiteral("monitor");
    QVERIFY2(holdUncommittedProfile(db, 30000, QStringLiteral("site.jpg"), &error), qPrintable(error));
    CliRun fix({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json")},
               {{QStringLiteral("PROFILE_ADMIN_BUSY_TIMEOUT_MS"), QStringLiteral("600000")}});
    fix.start();
    QSqlDatabase watch = QSqlDatabase::database(monitor);
    bool written = false;
    const qint64 pid = Faults::waitForProfileAdminLockWait(
        watch, [&] { return fix.isRunning(); }, &written);
    if (pid == 0 && !fix.isRunning())
        QFAIL(fix.wait().describe().constData());
    QVERIFY2(pid > 0 && written, "profile-admin never waited inside its first batch");

    // The site's request, on a thread of its own since it blocks; user 10 already has the run's profile.
    QString siteError;
    QString siteCode;
    std::unique_ptr<QThread> site(QThread::create([&] {
        const QString name = QStringLiteral("site");
        {
            QString openError;
            QSqlDatabase raw = Faults::openRaw(db, name, &openError);
            QSqlQuery q(raw);
            if (!raw.isOpen()) {
                siteError = openError;
            } else if (!q.exec(db.isMariadb() ? QStringLiteral("START TRANSACTION")
                                              : QStringLiteral("BEGIN")) ||
                       !q.exec(QStringLiteral("INSERT INTO account_profile (user_id, date_of_birth, photo) "
                                              "VALUES (10, NULL, 'visit.jpg')"))) {
                siteError = q.lastError().text();
                siteCode = q.lastError().nativeErrorCode();
            }
            q.exec(QStringLiteral("ROLLBACK"));
        }
        Faults::closeRaw(name);
    }));
    site->start();
    QVERIFY2(
        Faults::waitFor([&] { return Faults::lockWaits(watch) >= 2 || site->isFinished(); }, 120000, 150),
        "the site's INSERT never waited");
    QVERIFY2(!site->isFinished(), qPrintable(siteError));
    {
        QSqlQuery commit(QSqlDatabase::database(blocker));
        QVERIFY2(commit.exec(QStringLiteral("COMMIT")), qPrintable(commit.lastError().text()));
    }
    const CliRun::Result run = fix.wait();
    QVERIFY(site->wait(120000));
    watch = QSqlDatabase();
    Faults::closeRaw(blocker);
    Faults::closeRaw(monitor);

    QVERIFY2(run.exitCode == 0, run.describe());
    QCOMPARE(run.json().value(u"created").toInteger(-1), Users - 1);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM account_profile")), Users);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM account_profile WHERE photo = 'visit.jpg'")), 0);
    QVERIFY2(siteCode == duplicateCode, qPrintable(siteCode + QLatin1Char(' ') + siteError));
}

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
