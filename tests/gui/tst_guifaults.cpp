// Faults in the main window, driven offscreen like tst_gui: the server drops the connection while profile
// edits are held (they survive, and Save reconnects and writes them); a role that may only read gets its
// writing actions disabled with the reason; and saves that conflict with someone else's work or break a
// constraint keep the user's edits on screen with the database's message, writing nothing.
#include "Faults.h"
#include "GuiTest.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "ProfilesModel.h"
#include "TestDatabase.h"
#include "UsersModel.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QScopeGuard>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>

using namespace GuiTest;

namespace {

// SQL as the superuser on `database` of `db`'s server (e.g. "postgres", to act on `db` from outside it; on
// MariaDB, where nothing needs that, always `db` itself).
bool adminExec(const TestDatabase &db, const QString &database, const QStringList &statements, QString *error)
{
    const QString name = QStringLiteral("pa_guifaults_admin");
    bool ok = true;
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(
            db.isMariadb() ? QStringLiteral("QMYSQL") : QStringLiteral("QPSQL"), name);
        const QUrl url(db.url());
        admin.setHostName(url.host());
        admin.setPort(url.port());
        admin.setUserName(db.isMariadb() ? QStringLiteral("root") : QStringLiteral("postgres"));
        admin.setDatabaseName(db.isMariadb() ? db.databaseName() : database);
        ok = admin.open();
        QSqlQuery q(admin);
        for (const QString &sql : statements) {
            if (!ok)
                break;
            ok = q.exec(sql);
        }
        if (!ok)
            *error = q.lastError().text() + admin.lastError().text();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

// MariaDB's sessions of `user` (all but the asking one), as a list for KILL.
QStringList mariadbSessions(QSqlQuery &q, const QString &user, QString *error)
{
    QStringList ids;
    if (!q.exec(QStringLiteral("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '%1' AND ID <> "
                               "CONNECTION_ID()")
                    .arg(user))) {
        *error = q.lastError().text();
        return {QStringLiteral("?")};
    }
    while (q.next())
        ids << q.value(0).toString();
    return ids;
}

// Drops every session of profile-admin on `db`'s database, as a server restart or failover does: on
// MariaDB, which names no application, every session of `user`, the window's own login.
bool dropSessions(const TestDatabase &db, QString *error, const QString &user = QString())
{
    if (!db.isMariadb())
        return adminExec(
            db, QStringLiteral("postgres"),
            {QStringLiteral("SELECT pg_terminate_backend(pid, 60000) FROM pg_stat_activity WHERE "
                            "datname = '%1' AND application_name = 'profile-admin'")
                 .arg(db.databaseName())},
            error);
    const QString name = QStringLiteral("pa_guifaults_killer");
    bool ok = false;
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), name);
        const QUrl url(db.url());
        admin.setHostName(url.host());
        admin.setPort(url.port());
        admin.setUserName(QStringLiteral("root"));
        ok = admin.open();
        QSqlQuery q(admin);
        const QStringList sessions = ok ? mariadbSessions(q, user, error) : QStringList();
        for (const QString &id : sessions)
            ok = ok && q.exec(QStringLiteral("KILL CONNECTION %1").arg(id));
        // KILL only asks: the sessions are gone once the process list drops them. A worker of the window may
        // already have opened a new one, which is no session killed.
        const auto anyLeft = [&] {
            const QStringList now = mariadbSessions(q, user, error);
            return std::any_of(sessions.begin(), sessions.end(),
                               [&](const QString &id) { return now.contains(id); });
        };
        const QDeadlineTimer deadline(Timeout);
        while (ok && anyLeft() && !deadline.hasExpired())
            QThread::msleep(20);
        ok = ok && !anyLeft();
        if (!ok && error->isEmpty())
            *error = q.lastError().text() + admin.lastError().text();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

// A MariaDB login for the window, with every right on `db` (or only SELECT), dropped with this object: its
// sessions can be killed, and it can be locked out, without touching anyone else's.
class MariadbLogin
{
public:
    MariadbLogin(const TestDatabase &db, const QString &prefix, bool readOnly = false)
        : m_db(db)
        , m_name(QStringLiteral("%1_%2").arg(prefix).arg(QCoreApplication::applicationPid()))
    {
        m_db.exec({QStringLiteral("DROP USER IF EXISTS '%1'@'%'").arg(m_name),
                   QStringLiteral("CREATE USER '%1'@'%'").arg(m_name),
                   QStringLiteral("GRANT %1 ON \"%2\".* TO '%3'@'%'")
                       .arg(readOnly ? QStringLiteral("SELECT") : QStringLiteral("ALL"), db.databaseName(),
                            m_name)},
                  &m_error);
    }
    ~MariadbLogin() { m_db.exec(QStringLiteral("DROP USER IF EXISTS '%1'@'%'").arg(m_name)); }
    MariadbLogin(const MariadbLogin &) = delete;
    MariadbLogin &operator=(const MariadbLogin &) = delete;

    QString error() const { return m_error; }
    QString name() const { return m_name; }
    QString url() const
    {
        QUrl url(m_db.url());
        url.setUserName(m_name);
        return url.toString();
    }
    // Lets the login in or keeps it out (ACCOUNT LOCK), as a server that refuses connections for a while.
    bool allow(bool allowed, QString *error) const
    {
        return m_db.exec(QStringLiteral("ALTER USER '%1'@'%' ACCOUNT %2")
                             .arg(m_name, allowed ? QStringLiteral("UNLOCK") : QStringLiteral("LOCK")),
                         error);
    }

private:
    const TestDatabase &m_db;
    const QString m_name;
    QString m_error;
};

// The session of `user` that waits in the test's user lock (GET_LOCK in a trigger), or 0; `hasWritten` tells
// whether its transaction had already written `photo` into profile `key`. Read from the row itself,
// uncommitted: INNODB_TRX is a copy the server refreshes now and then, which may not show the write for
// seconds.
qint64 mariadbWaitingForUserLock(QSqlDatabase raw, const QString &user, const QVariant &key,
                                 const QString &photo, bool *hasWritten)
{
    QSqlQuery q(raw);
    if (!q.exec(QStringLiteral("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '%1' AND STATE = "
                               "'User lock'")
                    .arg(user)) ||
        !q.next())
        return 0;
    const qint64 waiting = q.value(0).toLongLong();
    *hasWritten =
        q.exec(QStringLiteral("SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED")) &&
        q.exec(QStringLiteral("SELECT photo FROM account_profile WHERE id = %1").arg(key.toString())) &&
        q.next() && q.value(0).toString() == photo;
    return waiting;
}

QString photoOf(const TestDatabase &db, const QVariant &key)
{
    return db
        .queryValue(QStringLiteral("SELECT photo FROM account_profile WHERE id = %1").arg(key.toString()))
        .toString();
}

} // namespace

class TestGuiFaults : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void lostConnectionKeepsEdits_data();
    void lostConnectionKeepsEdits();
    void lostConnectionWhileBrowsing_data();
    void lostConnectionWhileBrowsing();
    void readOnlyRoleDisablesWriting_data();
    void readOnlyRoleDisablesWriting();
    void readOnlyFileDisablesWriting();
    void conflictingSaveKeepsEdits_data();
    void conflictingSaveKeepsEdits();
};

void TestGuiFaults::init()
{
    QSettings().clear();
    MessageBox::setNextAnswer(QMessageBox::NoButton);
}

void TestGuiFaults::lostConnectionWhileBrowsing_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("postgres") << QStringLiteral("postgres");
    QTest::newRow("mariadb") << QStringLiteral("mariadb");
}

void TestGuiFaults::lostConnectionWhileBrowsing()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("guibrowse"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(10, 8, &error), qPrintable(error));
    std::unique_ptr<MariadbLogin> login;
    if (db.isMariadb()) {
        login = std::make_unique<MariadbLogin>(db, QStringLiteral("pa_gui_browse"));
        QVERIFY2(login->error().isEmpty(), qPrintable(login->error()));
    }
    const QString windowUser = login ? login->name() : QString();
    auto window =
        openWindow(db, QStringLiteral("10 users · 2 without profile"), login ? login->url() : QString());
    QVERIFY(window);
    QTableView *view = profilesView(*window);
    auto *model = qobject_cast<ProfilesModel *>(view->model());
    const int photo = columnNamed(model, QStringLiteral("photo"));

    // Sorting reads the profiles again on a connection the server dropped: it is opened again first.
    QVERIFY2(dropSessions(db, &error, windowUser), qPrintable(error));
    view->sortByColumn(photo, Qt::DescendingOrder);
    QCOMPARE(model->index(0, photo).data().toString(),
             db.queryValue(QStringLiteral("SELECT max(photo) FROM account_profile")).toString());

    // So does showing the profile of a user (Return on a user).
    QVERIFY2(dropSessions(db, &error, windowUser), qPrintable(error));
    auto *users = named<QTableView>(window.get(), QStringLiteral("Users"));
    int withProfile = -1;
    int withoutProfile = -1;
    for (int row = 0; row < users->model()->rowCount(); ++row)
        (users->model()->index(row, 0).data(UsersModel::MissingProfileRole).toBool() ? withoutProfile
                                                                                     : withProfile) = row;
    QVERIFY(withProfile >= 0 && withoutProfile >= 0);
    users->setFocus();
    users->setCurrentIndex(users->model()->index(withProfile, 0));
    const QVariant user = users->currentIndex().data(UsersModel::UserKeyRole);
    QTest::keyClick(users, Qt::Key_Return);
    QCOMPARE(view->currentIndex().data(ProfilesModel::ProfileKeyRole).toString(),
             db.queryValue(
                   QStringLiteral("SELECT id FROM account_profile WHERE user_id = %1").arg(user.toString()))
                 .toString());
    QVERIFY2(!window->statusBar()->currentMessage().contains(QLatin1String("Could not")),
             qPrintable(window->statusBar()->currentMessage()));

    // And creating a profile: the first attempt after the loss works.
    QVERIFY2(dropSessions(db, &error, windowUser), qPrintable(error));
    users->selectRow(withoutProfile);
    auto *createOne = window->findChild<QAction *>(QStringLiteral("actionCreateProfile"));
    QVERIFY(createOne->isEnabled());
    MessageBox::setNextAnswer(QMessageBox::Ok); // (an error fails the test instead of waiting for a click)
    createOne->trigger();
    QTRY_VERIFY2_WITH_TIMEOUT(window->statusBar()->currentMessage() == QLatin1String("Created 1 profile.") ||
                                  MessageBox::lastText().contains(QLatin1String("not created")),
                              qPrintable(window->statusBar()->currentMessage() + MessageBox::lastText()),
                              Timeout);
    QCOMPARE(window->statusBar()->currentMessage(), QStringLiteral("Created 1 profile."));
    QCOMPARE(db.verify().value(u"missing").toInt(), 1);
}

void TestGuiFaults::readOnlyRoleDisablesWriting_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("postgres") << QStringLiteral("postgres");
    QTest::newRow("mariadb") << QStringLiteral("mariadb");
}

void TestGuiFaults::readOnlyRoleDisablesWriting()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("guireader"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(10, 6, &error), qPrintable(error));
    std::unique_ptr<ReadOnlyRole> role;
    std::unique_ptr<MariadbLogin> login;
    QString url;
    QString reason;
    if (db.isMariadb()) {
        login = std::make_unique<MariadbLogin>(db, QStringLiteral("pa_gui_reader"), true);
        QVERIFY2(login->error().isEmpty(), qPrintable(login->error()));
        url = login->url();
        reason = QStringLiteral("permission denied for table account_profile: the user %1@% may not insert "
                                "rows into it")
                     .arg(login->name());
    } else {
        role = std::make_unique<ReadOnlyRole>(db, QStringLiteral("pa_gui_reader"));
        QVERIFY2(role->error().isEmpty(), qPrintable(role->error()));
        url = role->url();
        reason = QStringLiteral("permission denied for table account_profile: the role \"%1\" may not insert "
                                "rows into it")
                     .arg(role->name());
    }
    auto window = openWindow(db, QStringLiteral("10 users · 4 without profile"), url);
    QVERIFY(window);

    auto *createMissing = window->findChild<QAction *>(QStringLiteral("actionCreateMissingProfiles"));
    auto *createOne = window->findChild<QAction *>(QStringLiteral("actionCreateProfile"));
    auto *saveChanges = window->findChild<QAction *>(QStringLiteral("actionSaveChanges"));
    QVERIFY(createMissing && createOne && saveChanges);
    // Users without a profile are there, yet neither creating action is available, and each says why.
    QVERIFY(!createMissing->isEnabled());
    QVERIFY2(createMissing->toolTip().contains(reason), qPrintable(createMissing->toolTip()));
    auto *users = named<QTableView>(window.get(), QStringLiteral("Users"));
    users->selectAll();
    QVERIFY(!createOne->isEnabled());
    QVERIFY2(createOne->toolTip().contains(reason), qPrintable(createOne->toolTip()));
    QVERIFY2(saveChanges->toolTip().contains(QLatin1String("may not change its rows")),
             qPrintable(saveChanges->toolTip()));
    QVERIFY2(window->statusBar()->currentMessage().startsWith(QLatin1String("Read-only: ")),
             qPrintable(window->statusBar()->currentMessage()));
    // The grid takes no edits that could not be saved.
    QTableView *view = profilesView(*window);
    view->setFocus();
    view->setCurrentIndex(view->model()->index(0, columnNamed(view->model(), QStringLiteral("photo"))));
    QTest::keyClick(view, Qt::Key_F2);
    QVERIFY(!qobject_cast<QLineEdit *>(QApplication::focusWidget()));
    QVERIFY(!qobject_cast<ProfilesModel *>(view->model())->isDirty());
    QCOMPARE(db.verify().value(u"missing").toInt(), 4);
}

void TestGuiFaults::readOnlyFileDisablesWriting()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("guireadonly"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(10, 6, &error), qPrintable(error));
    const QByteArray file = db.databaseName().toUtf8();
    // Root may write any file: only the immutable attribute makes it read-only for root too.
    const bool root = geteuid() == 0;
    if (root) {
        if (QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("+i"), db.databaseName()}) != 0)
            QSKIP("running as root on a file system without chattr +i: no way to make the file read-only");
    } else {
        QVERIFY(::chmod(file.constData(), 0444) == 0);
    }
    const auto writable = qScopeGuard([&] {
        if (root)
            QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), db.databaseName()});
        else
            ::chmod(file.constData(), 0644);
    });
    auto window = openWindow(db, QStringLiteral("10 users · 4 without profile"));
    QVERIFY(window);
    const QString reason = QStringLiteral("the file %1 is read-only for this user").arg(db.databaseName());
    auto *createMissing = window->findChild<QAction *>(QStringLiteral("actionCreateMissingProfiles"));
    QVERIFY(!createMissing->isEnabled());
    QVERIFY2(createMissing->toolTip().contains(reason), qPrintable(createMissing->toolTip()));
    auto *saveChanges = window->findChild<QAction *>(QStringLiteral("actionSaveChanges"));
    QVERIFY2(saveChanges->toolTip().contains(reason), qPrintable(saveChanges->toolTip()));
    QCOMPARE(window->statusBar()->currentMessage(), QStringLiteral("Read-only: %1.").arg(reason));
}

void TestGuiFaults::conflictingSaveKeepsEdits_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("conflict"); // what happens behind the user's back before Save
    QTest::addColumn<QString>("message");  // the database's words, shown; empty: the save goes through
    QTest::addColumn<QString>("resolve");  // what the user does next: "save again", "revert second", "retype"
    for (const char *engine : {"sqlite", "postgres", "mariadb"}) {
        const QString e = QLatin1String(engine);
        QTest::addRow("%s: other column changed meanwhile", engine)
            << e << "UPDATE account_profile SET date_of_birth = '1999-09-09' WHERE id = @first@" << QString()
            << QString();
        QTest::addRow("%s: edited cell changed meanwhile", engine)
            << e << "UPDATE account_profile SET photo = 'theirs.jpg' WHERE id = @first@"
            << QStringLiteral("Profile @first@ was changed by someone else meanwhile: photo is now "
                              "\u201ctheirs.jpg\u201d. Your edits are kept. Save again to write them over "
                              "those changes.")
            << "save again";
        QTest::addRow("%s: edited profile deleted meanwhile", engine)
            << e << "DELETE FROM account_profile WHERE id = @second@"
            << "Profile @second@ no longer exists; someone deleted it meanwhile. Your edits are kept. Revert "
               "the edits of deleted profiles to save the others."
            << "revert second";
        QTest::addRow("%s: NOT NULL", engine)
            << e << "@null@"
            << (e == QLatin1String("sqlite")    ? "NOT NULL constraint failed"
                : e == QLatin1String("mariadb") ? "Column 'photo' cannot be null"
                                                : "violates not-null constraint")
            << "retype";
    }
    QTest::newRow("postgres: CHECK")
        << "postgres"
        << "ALTER TABLE account_profile ADD CONSTRAINT photo_not_bmp CHECK (photo NOT "
           "LIKE '%.bmp')"
        << "violates check constraint \"photo_not_bmp\""
        << "retype";
    QTest::newRow("mariadb: CHECK")
        << "mariadb"
        << "ALTER TABLE account_profile ADD CONSTRAINT photo_not_bmp CHECK (photo NOT LIKE '%.bmp')"
        << "CONSTRAINT `photo_not_bmp` failed"
        << "retype";
}

void TestGuiFaults::conflictingSaveKeepsEdits()
{
    QFETCH(QString, engine);
    QFETCH(QString, conflict);
    QFETCH(QString, message);
    QFETCH(QString, resolve);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("guiconflict"));
    QString error;
    auto window = seedAndOpen(db, 10, 10);
    QVERIFY(window);
    QTableView *view = profilesView(*window);
    auto *model = qobject_cast<ProfilesModel *>(view->model());
    const int photo = columnNamed(model, QStringLiteral("photo"));
    const QVariant first = model->index(0, 0).data(ProfilesModel::ProfileKeyRole);
    const QVariant second = model->index(1, 0).data(ProfilesModel::ProfileKeyRole);

    // Two profiles edited in the grid (the second with a value a CHECK may refuse). The first is written
    // first, so a refusal of the second comes after a write the rollback undoes.
    QVERIFY(typeInto(view, model->index(0, photo), QStringLiteral("mine.jpg")));
    QVERIFY(typeInto(view, model->index(1, photo), QStringLiteral("mine.bmp")));
    if (conflict ==
        QLatin1String("@null@")) // (the Delete key offers NULL only where allowed; the model takes it)
        QVERIFY(model->setData(model->index(1, photo), QVariant()));
    else
        QVERIFY2(db.exec(QString(conflict)
                             .replace(QLatin1String("@first@"), first.toString())
                             .replace(QLatin1String("@second@"), second.toString()),
                         &error),
                 qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));
    message.replace(QLatin1String("@first@"), first.toString())
        .replace(QLatin1String("@second@"), second.toString());
    QAbstractButton *saveButton = named<QAbstractButton>(window.get(), QStringLiteral("Save changes"));

    if (message.isEmpty()) {
        // Only the edited cells are written: the other person's change to another column stays.
        click(saveButton);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isDirty(), Timeout);
        QCOMPARE(photoOf(db, first), QStringLiteral("mine.jpg"));
        QCOMPARE(db.queryValue(QStringLiteral("SELECT date_of_birth FROM account_profile WHERE id = %1")
                                   .arg(first.toString()))
                     .toString()
                     .left(10),
                 QStringLiteral("1999-09-09"));
        return;
    }
    MessageBox::setNextAnswer(QMessageBox::Ok);
    click(saveButton);
    QVERIFY2(MessageBox::lastText().contains(message), qPrintable(MessageBox::lastText()));
    QVERIFY2(window->statusBar()->currentMessage().contains(message),
             qPrintable(window->statusBar()->currentMessage()));
    // Nothing was written, and both edits are still on screen, marked, also the one of a deleted profile.
    QVERIFY(db.verify(snapshot, &error).value(u"changed").toArray().isEmpty());
    QVERIFY(model->isDirty());
    QCOMPARE(model->index(0, photo).data(ProfilesModel::ProfileKeyRole), first);
    QCOMPARE(model->index(1, photo).data(ProfilesModel::ProfileKeyRole), second);
    QCOMPARE(model->index(0, photo).data().toString(), QStringLiteral("mine.jpg"));
    QVERIFY(model->index(0, photo).data(ProfilesModel::DirtyRole).toBool());
    QVERIFY(model->index(1, photo).data(ProfilesModel::DirtyRole).toBool());

    // What the message suggests works, and then every remaining edit is written.
    QString secondPhoto = QStringLiteral("mine.bmp");
    if (resolve == QLatin1String("revert second")) {
        auto *revertRows = window->findChild<QAction *>(QStringLiteral("actionRevertRows"));
        view->selectRow(2); // (a profile without edits: nothing to revert)
        QVERIFY(!revertRows->isEnabled());
        view->selectRow(1);
        QVERIFY(revertRows->isEnabled());
        revertRows->trigger();
        QVERIFY(!model->index(1, photo).data(ProfilesModel::DirtyRole).toBool());
        QVERIFY(model->index(0, photo).data(ProfilesModel::DirtyRole).toBool());
    } else if (resolve == QLatin1String("retype")) {
        secondPhoto = QStringLiteral("fixed.jpg");
        QVERIFY(typeInto(view, model->index(1, photo), secondPhoto));
    }
    MessageBox::setNextAnswer(QMessageBox::Ok); // (a refusal fails the test instead of waiting for a click)
    click(saveButton);
    QCOMPARE(window->statusBar()->currentMessage(), QStringLiteral("Saved the changes."));
    QVERIFY(!model->isDirty());
    QCOMPARE(photoOf(db, first), QStringLiteral("mine.jpg"));
    if (resolve != QLatin1String("revert second"))
        QCOMPARE(photoOf(db, second), secondPhoto);
}

void TestGuiFaults::lostConnectionKeepsEdits_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<bool>("midSave");    // the connection goes while the save waits, after its first write
    QTest::addColumn<bool>("serverAway"); // the database refuses connections for a while
    for (const char *engine : {"postgres", "mariadb"}) {
        const QString e = QLatin1String(engine);
        QTest::addRow("%s: before the save, server back at once", engine) << e << false << false;
        QTest::addRow("%s: before the save, server away for a while", engine) << e << false << true;
        QTest::addRow("%s: mid-save, server back at once", engine) << e << true << false;
        QTest::addRow("%s: mid-save, server away for a while", engine) << e << true << true;
    }
}

void TestGuiFaults::lostConnectionKeepsEdits()
{
    QFETCH(QString, engine);
    QFETCH(bool, midSave);
    QFETCH(bool, serverAway);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("guilost"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(10, 10, &error), qPrintable(error));
    // On MariaDB the window logs in as a user of its own: its sessions are the ones to kill and lock out.
    std::unique_ptr<MariadbLogin> login;
    if (db.isMariadb()) {
        login = std::make_unique<MariadbLogin>(db, QStringLiteral("pa_gui_lost"));
        QVERIFY2(login->error().isEmpty(), qPrintable(login->error()));
    }
    const QString user = login ? login->name() : QString();
    auto window =
        openWindow(db, QStringLiteral("10 users · 0 without profile"), login ? login->url() : QString());
    QVERIFY(window);
    QTableView *view = profilesView(*window);
    auto *model = qobject_cast<ProfilesModel *>(view->model());
    QVERIFY(model);
    const int photo = columnNamed(model, QStringLiteral("photo"));
    const QVariant first = model->index(0, 0).data(ProfilesModel::ProfileKeyRole);
    const QVariant second = model->index(1, 0).data(ProfilesModel::ProfileKeyRole);
    const QString firstBefore = photoOf(db, first);
    const QString secondBefore = photoOf(db, second);
    // Updating the second profile waits for an advisory lock (a user lock on MariaDB, named after the
    // database since it is the server's) the test holds, so that a save can be stopped in the middle of its
    // transaction, after writing the first profile. MariaDB lists a session running a trigger under the
    // trigger's definer: the window's login defines it, so the waiting session is still found as the
    // window's.
    const QString userLock = QStringLiteral("pa_wait_") + db.databaseName();
    if (db.isMariadb())
        QVERIFY2(db.exec(QStringLiteral("CREATE DEFINER = '%1'@'%' TRIGGER pa_wait BEFORE UPDATE ON "
                                        "account_profile FOR EACH ROW BEGIN IF OLD.id = %2 THEN SET "
                                        "@pa_waited = GET_LOCK('%3', 600); END IF; END")
                             .arg(user, second.toString(), userLock),
                         &error),
                 qPrintable(error));
    else
        QVERIFY2(
            db.exec({QStringLiteral("CREATE FUNCTION pa_wait() RETURNS trigger LANGUAGE plpgsql AS $$ "
                                    "BEGIN IF OLD.id = %1 THEN PERFORM pg_advisory_xact_lock(4242); END "
                                    "IF; RETURN NEW; END $$")
                         .arg(second.toString()),
                     QStringLiteral("CREATE TRIGGER pa_wait BEFORE UPDATE ON account_profile FOR EACH ROW "
                                    "EXECUTE FUNCTION pa_wait()")},
                    &error),
            qPrintable(error));
    QVERIFY(typeInto(view, model->index(0, photo), QStringLiteral("first-kept.jpg")));
    QVERIFY(typeInto(view, model->index(1, photo), QStringLiteral("second-kept.jpg")));

    // The server drops every session of profile-admin (a restart or failover does), maybe letting nobody in
    // for a while: before Save, or while the save waits for the lock. The window's thread is busy saving
    // then, so a thread of the test's own holds the lock, waits for the save, drops the sessions and lets
    // the lock go.
    const QString name = db.databaseName();
    const auto allowConnections = [&](bool allow, QString *why) {
        if (login)
            return login->allow(allow, why);
        // (A database cannot close its doors from inside: from the server's own database, then.)
        return adminExec(db, QStringLiteral("postgres"),
                         {QStringLiteral("ALTER DATABASE %1 WITH ALLOW_CONNECTIONS %2")
                              .arg(name, allow ? QStringLiteral("true") : QStringLiteral("false"))},
                         why);
    };
    std::atomic<bool> locked = false;
    bool hadWritten = false;
    qint64 waitingPid = 0;
    QString saboteurError;
    const auto saboteur = [&] {
        const QString connection = QStringLiteral("pa_guifaults_saboteur");
        {
            QSqlDatabase raw = Faults::openRaw(db, connection, &saboteurError);
            QSqlQuery q(raw);
            bool ok = q.exec(login ? QStringLiteral("SELECT GET_LOCK('%1', 0)").arg(userLock)
                                   : QStringLiteral("SELECT pg_advisory_lock(4242)"));
            locked = true;
            const QDeadlineTimer deadline(Timeout);
            while (ok &&
                   !(waitingPid = login ? mariadbWaitingForUserLock(
                                              raw, user, first, QStringLiteral("first-kept.jpg"), &hadWritten)
                                        : Faults::profileAdminWaitingForLock(raw, &hadWritten)) &&
                   !deadline.hasExpired())
                QThread::msleep(20);
            ok = ok && (!serverAway || allowConnections(false, &saboteurError)) &&
                 dropSessions(db, &saboteurError, user) &&
                 q.exec(login ? QStringLiteral("SELECT RELEASE_LOCK('%1')").arg(userLock)
                              : QStringLiteral("SELECT pg_advisory_unlock(4242)"));
            if (!ok && saboteurError.isEmpty())
                saboteurError = q.lastError().text();
        }
        Faults::closeRaw(connection);
    };
    std::thread saboteurThread;
    const auto cleanUp = qScopeGuard([&] {
        if (saboteurThread.joinable())
            saboteurThread.join();
        allowConnections(true, &error);
    });
    QAbstractButton *saveButton = named<QAbstractButton>(window.get(), QStringLiteral("Save changes"));
    MessageBox::setNextAnswer(QMessageBox::Ok);
    if (midSave) {
        saboteurThread = std::thread(saboteur);
        QTRY_VERIFY_WITH_TIMEOUT(locked.load(), Timeout);
        click(saveButton);
        saboteurThread.join();
        QVERIFY2(saboteurError.isEmpty(), qPrintable(saboteurError));
        QVERIFY2(waitingPid != 0, "the save never waited for the second profile");
        QVERIFY2(hadWritten, "the save had written nothing when the connection went");
    } else {
        QVERIFY2((!serverAway || allowConnections(false, &error)) && dropSessions(db, &error, user),
                 qPrintable(error));
        click(saveButton);
    }

    if (serverAway) {
        QVERIFY2(MessageBox::lastText().contains(
                     QLatin1String("The connection to the database was lost and cannot be made again")),
                 qPrintable(MessageBox::lastText()));
        QVERIFY2(MessageBox::lastText().contains(QLatin1String("Your changes are kept")),
                 qPrintable(MessageBox::lastText()));
        // Both edits are still on screen, marked, and can be saved later: also the one whose UPDATE the
        // server rolled back.
        for (const int row : {0, 1})
            QVERIFY(model->index(row, photo).data(ProfilesModel::DirtyRole).toBool());
        QCOMPARE(model->index(0, photo).data().toString(), QStringLiteral("first-kept.jpg"));
        QCOMPARE(model->index(1, photo).data().toString(), QStringLiteral("second-kept.jpg"));
        QVERIFY(saveButton->isEnabled());
        QVERIFY(window->isWindowModified());
        QVERIFY2(allowConnections(true, &error), qPrintable(error));
        QCOMPARE(photoOf(db, first), firstBefore);
        QCOMPARE(photoOf(db, second), secondBefore);
        // Save opens the connection again and writes both.
        click(saveButton);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!model->isDirty(), Timeout);
    QCOMPARE(window->statusBar()->currentMessage(),
             QStringLiteral("Reconnected to the database and saved the changes."));
    QCOMPARE(photoOf(db, first), QStringLiteral("first-kept.jpg"));
    QCOMPARE(photoOf(db, second), QStringLiteral("second-kept.jpg"));
    // And the window goes on working: the counts come back after a refresh.
    QTest::keyClick(window.get(), Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), QStringLiteral("10 users · 0 without profile"), Timeout);
}

int main(int argc, char **argv)
{
    return GuiTest::runSuite<TestGuiFaults>(argc, argv);
}

#include "tst_guifaults.moc"
