#pragma once

#include "Connection.h"
#include "DatabaseSession.h"
#include "DjangoProject.h"
#include "FillPlan.h"
#include "MissingProfileFixer.h"
#include "SchemaDiscovery.h"
#include "SharedOptions.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTextStream>

#include <memory>

// Where a command reads and writes: the real terminal in the binary, buffers in the tests.
struct CommandIo
{
    QTextStream &out;
    QTextStream &err;
    QTextStream &in;
    bool interactive = false; // stdin and stderr are a terminal, so a question can be asked
};

// A profile table a command acts on, with the values its new profiles get.
struct TablePlan
{
    ProfileSchema schema;
    FillPlan plan; // may be invalid: the command decides whether that matters
    bool primary = false;
};

// One sub-command of `profile-admin` (check, fix, schema): parses its options, opens the database and finds
// the schema the same way for all, then hands over to run(). Returns the process exit code.
class Command
{
public:
    // The exit status of every command, listed for people by exitStatusHelp(): keep the two together.
    enum ExitCode { Success = 0, Found = 1, Error = 2 };
    // The "Exit status:" section of --help for `command` (empty: the program's), one line per code; the man
    // page copies it.
    static QString exitStatusHelp(const QString &command = {});
    // A usage error's line: "profile-admin[ COMMAND]: MESSAGE. Try 'profile-admin[ COMMAND] --help'."
    static QString usageError(const QString &command, const QString &parserError);

    explicit Command(CommandIo io);
    virtual ~Command() = default;
    Command(const Command &) = delete;
    Command &operator=(const Command &) = delete;

    // `arguments` starts with the program name, then the command name.
    int execute(const QStringList &arguments);

    virtual QString name() const = 0;
    virtual QString summary() const = 0;

protected:
    virtual void addOptions(QCommandLineParser &parser);
    // Why the options given do not go together or a value is not allowed; empty when they are fine.
    virtual QString invalidOptions() const { return {}; }
    virtual Connection::Mode mode() const { return Connection::Mode::ReadOnly; }
    // The profile tables the command acts on; every one discovered (or named with --profile-table) unless
    // the command says otherwise.
    virtual QList<ProfileSchema> actedOn(const DatabaseSession &session);
    // Called with the tables acted on (at least one) and their plans.
    virtual int run(DatabaseSession &session, const QList<TablePlan> &tables) = 0;

    bool json() const { return m_parser.isSet(QStringLiteral("json")); }
    bool isSet(const QString &option) const { return m_parser.isSet(option); }
    QString value(const QString &option) const { return m_parser.value(option); }
    // Human-readable text: stdout normally, stderr when --json keeps stdout for the JSON object.
    QTextStream &human() { return json() ? m_io.err : m_io.out; }
    void printJson(const QJsonObject &object);
    // The value of a repeatable option given once or more.
    QStringList values(const QString &option) const { return m_parser.values(option); }
    int fail(const QString &message);
    // Called by fail() before the message is written, for a command that reports failure in its output too.
    virtual void failing() {}
    // Seconds since execute() began.
    double elapsedSeconds() const { return m_clock.nsecsElapsed() / 1e9; }
    // The project given with --django, or nullptr.
    const DjangoProject *django() const { return m_django.get(); }
    const SharedOptions &sharedOptions() const { return m_shared; }

    CommandIo m_io;

private:
    bool resolveDatabase(bool demo, DatabaseUrl *url);
    // Runs the project's introspection; the project's database unless a DATABASE was given.
    bool openDjangoProject(const SharedOptions &shared, DatabaseUrl *url);

    std::unique_ptr<DjangoProject> m_django;
    SharedOptions m_shared;

    QCommandLineParser m_parser;
    bool m_parsed = false;
    QElapsedTimer m_clock;
};

// 1234567 -> "1,234,567": counts are read by people first.
QString formatCount(qint64 value);
