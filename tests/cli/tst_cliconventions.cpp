// The command-line conventions scripts and monitoring rely on: --help and --version on stdout with exit 0 for
// the program and every command, usage errors as one line with a hint and exit 2, the exit status listed in
// --help; `check --quiet` for cron mail and `check --format prometheus` for node_exporter's textfile
// collector.
#include "CliRun.h"
#include "TestDatabase.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTest>

namespace {

using Run = CliRun::Result;

const QStringList Commands{QStringLiteral("check"), QStringLiteral("fix"), QStringLiteral("schema"),
                           QStringLiteral("snippet")};

// One sample of the text format: name, labels as written, value.
struct Sample
{
    QString name;
    QString labels;
    double value = 0;
};

// Parses the text exposition format strictly enough to catch a malformed line: every line is a HELP or TYPE
// comment or a sample; every sample's family has had its TYPE line before it.
QList<Sample> parseMetrics(const QByteArray &text, QString *error)
{
    static const QRegularExpression sampleLine(
        QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\["
                       "\\\\\"n])*\",?)*)\\})? (\\S+)$"));
    static const QRegularExpression commentLine(
        QStringLiteral("^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$"));
    QList<Sample> samples;
    QStringList typed;
    if (!text.endsWith('\n'))
        *error = QStringLiteral("the last line does not end with a line feed");
    const QStringList lines = QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const QRegularExpressionMatch comment = commentLine.match(line);
        if (comment.hasMatch()) {
            if (comment.captured(1) == QLatin1String("TYPE"))
                typed << comment.captured(2);
            continue;
        }
        const QRegularExpressionMatch sample = sampleLine.match(line);
        bool number = false;
        const double value = sample.captured(4).toDouble(&number);
        if (!sample.hasMatch() || !number || !typed.contains(sample.captured(1))) {
            *error = QStringLiteral("malformed or untyped line: %1").arg(line);
            return {};
        }
        samples.append({sample.captured(1), sample.captured(3), value});
    }
    return samples;
}

QList<Sample> named(const QList<Sample> &samples, const QString &name)
{
    QList<Sample> found;
    for (const Sample &sample : samples) {
        if (sample.name == name)
            found << sample;
    }
    return found;
}

} // namespace

class TestCliConventions : public QObject
{
    Q_OBJECT

private slots:
    void helpAndVersionOnStdout_data();
    void helpAndVersionOnStdout();
    void usageErrorIsOneLineWithHint_data();
    void usageErrorIsOneLineWithHint();
    void helpListsExitStatus();
    void quietSaysNothingWhenNothingIsMissing_data() { TestDatabase::addEngineData(); }
    void quietSaysNothingWhenNothingIsMissing();
    void prometheusTextfile_data() { TestDatabase::addEngineData(); }
    void prometheusTextfile();
    void prometheusLabelsAreEscaped();
    void prometheusReportsFailure();
};

void TestCliConventions::helpAndVersionOnStdout_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("firstLine");
    const QString version = QStringLiteral("profile-admin " PROFILE_ADMIN_VERSION);
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << QStringLiteral("Usage:");
    QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << QStringLiteral("Usage:");
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << version;
    for (const QString &command : Commands) {
        QTest::addRow("%s --help", qPrintable(command))
            << QStringList{command, QStringLiteral("--help")} << QStringLiteral("Usage: ");
        QTest::addRow("%s --version", qPrintable(command))
            << QStringList{command, QStringLiteral("--version")} << version;
    }
}

void TestCliConventions::helpAndVersionOnStdout()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, firstLine);
    // No DATABASE_URL, no database: --help and --version need none.
    const Run run = CliRun::run(arguments);
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY2(run.err.isEmpty(), run.describe());
    QVERIFY2(run.out.startsWith(firstLine.toUtf8()), run.describe());
    if (firstLine.startsWith(QLatin1String("profile-admin ")))
        QCOMPARE(QString::fromUtf8(run.out.left(run.out.indexOf('\n'))), firstLine);
    if (arguments.size() == 2 && arguments.last() == QLatin1String("--help"))
        QVERIFY2(run.out.contains((QStringLiteral("profile-admin ") + arguments.first()).toUtf8()),
                 run.describe());
}

void TestCliConventions::usageErrorIsOneLineWithHint_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("hint");
    QTest::newRow("program") << QStringList{QStringLiteral("--no-such-option")}
                             << QStringLiteral("Try 'profile-admin --help'.");
    for (const QString &command : Commands)
        QTest::addRow("%s", qPrintable(command))
            << QStringList{command, QStringLiteral("--no-such-option")}
            << QStringLiteral("Try 'profile-admin %1 --help'.").arg(command);
    QTest::newRow("missing value") << QStringList{QStringLiteral("fix"), QStringLiteral("--sql")}
                                   << QStringLiteral("Try 'profile-admin fix --help'.");
    QTest::newRow("bad format") << QStringList{QStringLiteral("check"), QStringLiteral("--format"),
                                               QStringLiteral("xml")}
                                << QStringLiteral("Try 'profile-admin check --help'.");
}

void TestCliConventions::usageErrorIsOneLineWithHint()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, hint);
    const Run run = CliRun::run(arguments);
    QVERIFY2(run.exitCode == 2, run.describe());
    QVERIFY2(run.out.isEmpty(), run.describe());
    QVERIFY2(run.err.count('\n') == 1 && run.err.endsWith((hint + QLatin1Char('\n')).toUtf8()),
             run.describe());
    QVERIFY2(run.err.startsWith("profile-admin"), run.describe());
}

void TestCliConventions::helpListsExitStatus()
{
    // Every code the commands return, in the program's --help and each command's.
    const Run program = CliRun::run({QStringLiteral("--help")});
    for (const char *line : {"Exit status:", "  0  success", "  1  check", "  2  error"})
        QVERIFY2(program.out.contains(line), program.describe());
    const Run check = CliRun::run({QStringLiteral("check"), QStringLiteral("--help")});
    QVERIFY2(check.out.contains("  1  check") && check.out.contains("  2  error"), check.describe());
    const Run fix = CliRun::run({QStringLiteral("fix"), QStringLiteral("--help")});
    QVERIFY2(fix.out.contains("  0  success") && fix.out.contains("  2  error") && !fix.out.contains("  1  "),
             fix.describe());
    QVERIFY2(fix.out.contains("--sql <FILE>"), fix.describe());
}

void TestCliConventions::quietSaysNothingWhenNothingIsMissing()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("quiet"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(10, 4, &error), qPrintable(error));

    // Some missing: the usual output, exit 1.
    const Run missing = CliRun::run({QStringLiteral("check"), db.url(), QStringLiteral("--quiet")});
    QVERIFY2(missing.exitCode == 1, missing.describe());
    QVERIFY2(missing.out.contains("6 without a profile"), missing.describe());

    const Run fix = CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--yes")});
    QVERIFY2(fix.exitCode == 0, fix.describe());
    const Run quiet = CliRun::run({QStringLiteral("check"), db.url(), QStringLiteral("-q")});
    QVERIFY2(quiet.exitCode == 0 && quiet.out.isEmpty() && quiet.err.isEmpty(), quiet.describe());
    const Run loud = CliRun::run({QStringLiteral("check"), db.url()});
    QVERIFY2(loud.exitCode == 0 && loud.out.contains("0 without a profile"), loud.describe());

    // Errors are never quiet.
    const Run broken = CliRun::run(
        {QStringLiteral("check"), QStringLiteral("/nonexistent/db.sqlite3"), QStringLiteral("--quiet")});
    QVERIFY2(broken.exitCode == 2 && broken.isOneSentence(QStringLiteral("check")), broken.describe());
}

void TestCliConventions::prometheusTextfile()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("metrics"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(20, 10, &error), qPrintable(error));

    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const Run run = CliRun::run(
        {QStringLiteral("check"), db.url(), QStringLiteral("--format"), QStringLiteral("prometheus")});
    // Exit 0 although users are missing, so that "> file.tmp && mv file.tmp file" moves the metrics in.
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY2(run.err.isEmpty(), run.describe());
    const QList<Sample> samples = parseMetrics(run.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error + QLatin1Char('\n') + QString::fromUtf8(run.describe())));

    QCOMPARE(named(samples, QStringLiteral("profile_admin_users")).size(), 1);
    QCOMPARE(named(samples, QStringLiteral("profile_admin_users")).first().value, 20.0);
    const QList<Sample> missing = named(samples, QStringLiteral("profile_admin_users_missing_profile"));
    QCOMPARE(missing.size(), 2);
    QMap<QString, double> byTable;
    for (const Sample &sample : missing)
        byTable.insert(sample.labels, sample.value);
    QCOMPARE(byTable.value(QStringLiteral("profile_table=\"account_profile\"")), 10.0);
    QCOMPARE(byTable.value(QStringLiteral("profile_table=\"notifications_notificationsettings\"")), 15.0);
    QCOMPARE(named(samples, QStringLiteral("profile_admin_check_success")).value(0).value, 1.0);
    const double duration =
        named(samples, QStringLiteral("profile_admin_check_duration_seconds")).value(0).value;
    QVERIFY2(duration > 0 && duration < 600, run.describe());
    const double when =
        named(samples, QStringLiteral("profile_admin_check_timestamp_seconds")).value(0).value;
    QVERIFY2(when >= before && when <= QDateTime::currentSecsSinceEpoch(), run.describe());
    QVERIFY2(run.out.contains("# TYPE profile_admin_users gauge\n"), run.describe());
}

void TestCliConventions::prometheusLabelsAreEscaped()
{
    // A profile table whose name holds a double quote and a backslash, as a label value must escape them.
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("labels"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(4, 4, &error), qPrintable(error));
    QVERIFY2(db.exec(QStringLiteral("CREATE TABLE \"odd\"\"name\\profile\" (id integer PRIMARY KEY, user_id "
                                    "integer NOT NULL UNIQUE REFERENCES auth_user (id))"),
                     &error),
             qPrintable(error));
    const Run run = CliRun::run(
        {QStringLiteral("check"), db.url(), QStringLiteral("--format"), QStringLiteral("prometheus")});
    QVERIFY2(run.exitCode == 0, run.describe());
    const QList<Sample> samples = parseMetrics(run.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error + QLatin1Char('\n') + QString::fromUtf8(run.describe())));
    QStringList labels;
    for (const Sample &sample : named(samples, QStringLiteral("profile_admin_users_missing_profile")))
        labels << sample.labels;
    QVERIFY2(labels.contains(QStringLiteral("profile_table=\"odd\\\"name\\\\profile\"")), run.describe());
}

void TestCliConventions::prometheusReportsFailure()
{
    // A database that cannot be read: success 0 on stdout for the collector, the reason on stderr, exit 2.
    const Run run = CliRun::run({QStringLiteral("check"), QStringLiteral("/nonexistent/db.sqlite3"),
                                 QStringLiteral("--format"), QStringLiteral("prometheus")});
    QVERIFY2(run.exitCode == 2 && run.isOneSentence(QStringLiteral("check")), run.describe());
    QString error;
    const QList<Sample> samples = parseMetrics(run.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(named(samples, QStringLiteral("profile_admin_check_success")).value(0).value, 0.0);
    QVERIFY(named(samples, QStringLiteral("profile_admin_users_missing_profile")).isEmpty());
}

QTEST_GUILESS_MAIN(TestCliConventions)
#include "tst_cliconventions.moc"
