// `profile-admin snippet` prints Django code that keeps new users from arriving without a profile. The code
// is installed into a copy of the tests' Django site (two profile tables) exactly as printed, and users
// created through the ORM and through `createsuperuser --noinput` get both rows; on PostgreSQL, users created
// at once and receivers racing for one user get no IntegrityError. The verdict comes from the site's ORM.
#include "CliRun.h"
#include "TestDatabase.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = CliRun::Result;

// Copies the folder `from` into `to`, without Python's caches.
bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString relative = QDir(from).relativeFilePath(file);
        if (relative.contains(QLatin1String("__pycache__")))
            continue;
        const QString target = to + QLatin1Char('/') + relative;
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(file, target))
            return false;
    }
    return true;
}

// The files of the snippet, by the "# ---- app/file.py ----" lines that head them.
QMap<QString, QString> filesOf(const QString &snippet)
{
    static const QRegularExpression head(QStringLiteral("^# ---- (\\S+) ----$"),
                                         QRegularExpression::MultilineOption);
    QMap<QString, QString> files;
    QRegularExpressionMatchIterator it = head.globalMatch(snippet);
    QList<QRegularExpressionMatch> heads;
    while (it.hasNext())
        heads << it.next();
    for (qsizetype i = 0; i < heads.size(); ++i) {
        const qsizetype start = heads.at(i).capturedEnd() + 1;
        const qsizetype end = i + 1 < heads.size() ? heads.at(i + 1).capturedStart() : snippet.size();
        files.insert(heads.at(i).captured(1), snippet.mid(start, end - start));
    }
    return files;
}

bool writeFile(const QString &path, const QString &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text.toUtf8()) >= 0;
}

// Runs python3 `script` in the site copy `site` against `db`; `out` gets stdout.
bool python(const TestDatabase &db, const QString &site, const QStringList &arguments,
            const QMap<QString, QString> &extra, QByteArray *out, QString *error)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DJANGO_SETTINGS_MODULE"));
    const QMap<QString, QString> settings = db.siteEnvironment();
    for (auto it = settings.cbegin(); it != settings.cend(); ++it)
        environment.insert(it.key(), it.value());
    for (auto it = extra.cbegin(); it != extra.cend(); ++it)
        environment.insert(it.key(), it.value());
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(site);
    // The interpreter with Debian's Django, as TestDatabase runs the site.
    const QString interpreter = qEnvironmentVariable("PA_TEST_PYTHON", QStringLiteral("/usr/bin/python3"));
    process.start(interpreter, arguments);
    if (!process.waitForFinished(120000)) {
        *error =
            QStringLiteral("python3 %1: %2").arg(arguments.join(QLatin1Char(' ')), process.errorString());
        return false;
    }
    *out = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("python3 %1 exited %2: %3")
                     .arg(arguments.join(QLatin1Char(' ')))
                     .arg(process.exitCode())
                     .arg(QString::fromUtf8(process.readAllStandardError().right(3000)));
        return false;
    }
    return true;
}

} // namespace

class TestSnippet : public QObject
{
    Q_OBJECT

private slots:
    void snippetNamesTheRealModels();
    void installedSnippetGivesNewUsersTheirProfiles_data() { TestDatabase::addEngineData(); }
    void installedSnippetGivesNewUsersTheirProfiles();
    void tableWithoutContentTypeIsFlagged();
};

void TestSnippet::snippetNamesTheRealModels()
{
    // The custom user model: its receivers follow settings.AUTH_USER_MODEL, and the profile model is found
    // by its content type although its link column is not named after the field.
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("custom"), QStringLiteral("names"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    const Run run = CliRun::run({QStringLiteral("snippet"), db.url()});
    QVERIFY2(run.exitCode == 0 && run.err.isEmpty(), run.describe());
    const QString code = QString::fromUtf8(run.out);
    QVERIFY2(code.contains(QLatin1String("sender=settings.AUTH_USER_MODEL")), run.describe());
    QVERIFY2(code.contains(QLatin1String("The user model is members.member")), run.describe());
    QVERIFY2(
        code.contains(QLatin1String("_create_row(apps.get_model('members', 'memberprofile'), 'owner_ref', "
                                    "instance)")),
        run.describe());
    QVERIFY2(code.contains(QLatin1String("get_or_create")) &&
                 code.contains(QLatin1String("if not created or raw:")),
             run.describe());
    QVERIFY2(code.contains(QLatin1String("# ---- members/signals.py ----")) &&
                 code.contains(QLatin1String("# ---- members/apps.py ----")) &&
                 code.contains(QLatin1String("def ready(self):")),
             run.describe());
    QVERIFY2(!code.contains(QLatin1String("NOTE:")), run.describe());
}

void TestSnippet::installedSnippetGivesNewUsersTheirProfiles()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("snippet"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));

    const Run run = CliRun::run({QStringLiteral("snippet"), db.url()});
    QVERIFY2(run.exitCode == 0, run.describe());
    const QMap<QString, QString> files = filesOf(QString::fromUtf8(run.out));
    QCOMPARE(files.keys(),
             (QStringList{QStringLiteral("account/apps.py"), QStringLiteral("account/signals.py")}));
    QVERIFY2(files.value(QStringLiteral("account/signals.py"))
                 .contains(QLatin1String("apps.get_model('notifications', 'notificationsettings')")),
             run.describe());

    // The code goes into a copy of the site as printed: signals.py new, apps.py replaced.
    QTemporaryDir dir;
    const QString site = dir.filePath(QStringLiteral("site"));
    QVERIFY(copyTree(TestDatabase::sourceDir() + QStringLiteral("/tests/django_site"), site));
    QVERIFY(QFile::copy(TestDatabase::sourceDir() + QStringLiteral("/tests/cli/snippet_users.py"),
                        site + QStringLiteral("/snippet_users.py")));
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        QVERIFY(writeFile(site + QLatin1Char('/') + it.key(), it.value()));

    QByteArray out;
    QVERIFY2(python(db, site, {QStringLiteral("snippet_users.py"), QStringLiteral("orm")}, {}, &out, &error),
             qPrintable(error));
    QVERIFY2(python(db, site,
                    {QStringLiteral("manage.py"), QStringLiteral("createsuperuser"),
                     QStringLiteral("--noinput"), QStringLiteral("--username"), QStringLiteral("admin"),
                     QStringLiteral("--email"), QStringLiteral("admin@example.org")},
                    {{QStringLiteral("DJANGO_SUPERUSER_PASSWORD"), QStringLiteral("secret")}}, &out, &error),
             qPrintable(error));
    int users = 2;
    // Runs snippet_users.py with `arguments`: it must make `expected` users with no receiver failing. Empty
    // when it did, else what went wrong.
    const auto createUsers = [&](const QStringList &arguments, int expected) {
        QByteArray printed;
        QString failure;
        if (!python(db, site, QStringList{QStringLiteral("snippet_users.py")} + arguments, {}, &printed,
                    &failure))
            return failure;
        const QJsonObject result = QJsonDocument::fromJson(printed).object();
        if (!result.value(u"errors").toArray().isEmpty() ||
            result.value(u"created").toArray().size() != expected)
            return QString::fromUtf8(printed);
        users += expected;
        return QString();
    };
    if (db.isPostgres() || db.isMariadb()) {
        const QString problem = createUsers({QStringLiteral("race"), QStringLiteral("8")}, 8);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    if (db.isMariadb()) {
        // InnoDB rolls a receiver back to break a deadlock with the site's own transaction: it tries again.
        const QString problem = createUsers({QStringLiteral("deadlock")}, 1);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // Every user has both rows, by the ORM, and Django reads them all.
    const QJsonObject verdict = db.verify(QString(), &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"users").toInt(), users);
    QCOMPARE(verdict.value(u"profiles").toInt(), users);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM notifications_notificationsettings")).toInt(),
             users);
    // The settings rows got the model's own Python defaults, which only the ORM can give.
    QCOMPARE(
        db.queryValue(QStringLiteral("SELECT count(*) FROM notifications_notificationsettings WHERE "
                                     "digest = 'weekly' AND max_per_day = 5 AND unsubscribe_token <> ''"))
            .toInt(),
        users);
}

void TestSnippet::tableWithoutContentTypeIsFlagged()
{
    // A one-to-one table Django does not know under its default name: the code says the names are a guess.
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("guess"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.exec(QStringLiteral("CREATE TABLE legacy_user_extra (id integer PRIMARY KEY, user_id integer "
                                    "NOT NULL UNIQUE REFERENCES auth_user (id))"),
                     &error),
             qPrintable(error));
    const Run run = CliRun::run({QStringLiteral("snippet"), db.url()});
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY2(run.out.contains("NOTE: table legacy_user_extra is not in django_content_type"), run.describe());
    QVERIFY2(run.out.contains("apps.get_model('legacy', 'user_extra')"), run.describe());
    // The profile Django knows is named for real.
    QVERIFY2(run.out.contains("apps.get_model('account', 'profile')"), run.describe());
}

QTEST_GUILESS_MAIN(TestSnippet)
#include "tst_snippet.moc"
