// DatabaseSession: the one way every front end opens a database. It connects, discovers the schema and finds
// out what the connection may write, and says in one sentence why when it cannot go on.
#include "CoreTest.h"
#include "DatabaseEngine.h"
#include "DatabaseSession.h"
#include "TestDatabase.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using CoreTest::urlOf;

class TestDatabaseSession final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensConnectsDiscoversAndChecksAccess_data() { TestDatabase::addEngineVariantData(); }
    void opensConnectsDiscoversAndChecksAccess();
    void readOnlySessionSaysWhyItCannotWrite_data() { TestDatabase::addEngineData(); }
    void readOnlySessionSaysWhyItCannotWrite();
    void takesOverADiscoveryMadeElsewhere_data() { TestDatabase::addEngineData(); }
    void takesOverADiscoveryMadeElsewhere();
    void opensThePrimaryOfSeveralProfileTables_data() { TestDatabase::addEngineData(); }
    void opensThePrimaryOfSeveralProfileTables();
    void aFileThatIsNoDatabaseIsNotConnected();
    void aDatabaseThatIsNotDjangoIsConnectedButNotReady();
};

void TestDatabaseSession::opensConnectsDiscoversAndChecksAccess()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("session"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));

    const DatabaseSession session(urlOf(db), {QStringLiteral("test")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    QVERIFY(session.isConnected());
    QVERIFY(session.errorText().isEmpty());
    QCOMPARE(session.schema().userTable.name, db.userTable());
    QCOMPARE(session.schema().profileTable.name, db.profileTable());
    QCOMPARE(session.schema().linkColumn, db.linkColumn());
    QCOMPARE(&session.engine(), &DatabaseEngine::of(session.database()));
    QCOMPARE(session.engine().kind(), db.isPostgres()  ? DatabaseUrl::Kind::PostgreSQL
                                      : db.isMariadb() ? DatabaseUrl::Kind::MySQL
                                                       : DatabaseUrl::Kind::SQLite);
    QVERIFY2(session.writeAccess().canCreate(), qPrintable(session.writeAccess().createProblem()));
    QVERIFY2(session.writeAccess().canEdit(), qPrintable(session.writeAccess().editProblem()));
}

void TestDatabaseSession::readOnlySessionSaysWhyItCannotWrite()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("sessionro"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));

    const DatabaseSession session(urlOf(db), {QStringLiteral("test"), Connection::Mode::ReadOnly});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    QVERIFY(!session.writeAccess().canCreate());
    QVERIFY(!session.writeAccess().canEdit());
    QCOMPARE(session.writeAccess().createProblem(), QStringLiteral("the database was opened read-only"));
}

void TestDatabaseSession::takesOverADiscoveryMadeElsewhere()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("custom"), QStringLiteral("sessionprobe"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));

    DiscoveryResult probed;
    {
        const DatabaseSession probe(urlOf(db), {QStringLiteral("probe")});
        QVERIFY2(probe.isReady(), qPrintable(probe.errorText()));
        probed = probe.discovery();
    }
    // The window takes over the probe's discovery on its own connection and checks write access there.
    const DatabaseSession window(urlOf(db), probed, {QStringLiteral("gui")});
    QVERIFY2(window.isReady(), qPrintable(window.errorText()));
    QCOMPARE(window.schema().profileTable, probed.schema.profileTable);
    QCOMPARE(window.schema().profileColumns.size(), probed.schema.profileColumns.size());
    QVERIFY(window.writeAccess().canCreate());

    // A discovery that found nothing usable leaves the session connected but not ready, with its message.
    DiscoveryResult failed;
    failed.status = DiscoveryResult::Status::NotDjango;
    failed.message = QStringLiteral("found nothing");
    const DatabaseSession notReady(urlOf(db), failed, {QStringLiteral("gui")});
    QVERIFY(notReady.isConnected());
    QVERIFY(!notReady.isReady());
    QCOMPARE(notReady.errorText(), QStringLiteral("found nothing"));
}

void TestDatabaseSession::opensThePrimaryOfSeveralProfileTables()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("sessionseveral"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));

    // Several profile tables need no choice: the session is ready with the primary one and knows them all.
    DatabaseSession session(urlOf(db), {QStringLiteral("test")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    QCOMPARE(session.schema().profileTable.name, QStringLiteral("account_profile"));
    QCOMPARE(session.profiles().size(), 2);
    QCOMPARE(session.profiles().at(1).profileTable.name,
             QStringLiteral("notifications_notificationsettings"));
    QVERIFY(session.writeAccess().canCreate());

    // --profile-table narrows them; the primary is then the table named.
    SessionOptions named{QStringLiteral("test2")};
    named.discovery.profileTables = QStringList{QStringLiteral("notifications_notificationsettings")};
    DatabaseSession narrowed(urlOf(db), named);
    QVERIFY2(narrowed.isReady(), qPrintable(narrowed.errorText()));
    QCOMPARE(narrowed.profiles().size(), 1);
    QCOMPARE(narrowed.schema().profileTable.name, QStringLiteral("notifications_notificationsettings"));
}

void TestDatabaseSession::aFileThatIsNoDatabaseIsNotConnected()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("notes.sqlite3"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("these are notes, not a database\n");
    file.close();
    QString error;
    const DatabaseSession session(DatabaseUrl::parse(path, &error), {QStringLiteral("test")});
    QVERIFY(!session.isConnected());
    QVERIFY(!session.isReady());
    QVERIFY2(session.errorText().contains(QLatin1String("is not an SQLite database")),
             qPrintable(session.errorText()));
}

void TestDatabaseSession::aDatabaseThatIsNotDjangoIsConnectedButNotReady()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("sessionplain"));
    QString error;
    QVERIFY2(db.exec(QStringLiteral("CREATE TABLE notes (id integer PRIMARY KEY, body text)"), &error),
             qPrintable(error));
    const DatabaseSession session(urlOf(db), {QStringLiteral("test")});
    QVERIFY(session.isConnected());
    QVERIFY(!session.isReady());
    QVERIFY2(session.errorText().contains(QLatin1String("does not look like a Django database")),
             qPrintable(session.errorText()));
}

QTEST_GUILESS_MAIN(TestDatabaseSession)
#include "tst_databasesession.moc"
